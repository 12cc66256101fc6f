# -*- coding: latin-1 -*-
"""Café helpers, in Latin-1."""

import string

LETTERS = string.ascii_letters
