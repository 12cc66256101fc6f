import calendar
import sys

print(calendar.month(2026, int(sys.argv[-1:][0]) if sys.argv[-1:][0].isdigit() else 1))
