import csv  # stdshadow: ignore[SS999]
# stdshadow: skip

ROWS = csv.reader([])
