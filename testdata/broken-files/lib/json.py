"""A half-edited module: the bracket on line 4 is never closed."""

SETTINGS = {
    "level": (1,
}

import json

DUMP = json.dumps
