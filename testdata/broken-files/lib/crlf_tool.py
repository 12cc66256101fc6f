import os

PATH = os.sep
name = "unterminated
