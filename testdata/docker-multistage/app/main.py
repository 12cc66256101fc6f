import calendar
