"""`service.logging`: not top-level, shadows nothing."""

import logging
