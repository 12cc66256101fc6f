"""Neither built in nor frozen: a real shadow."""

import json
