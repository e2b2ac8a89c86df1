"""Dates as the public pages write them (`j F Y`, `j F Y, H:i`), for the
admin too: Django's Arabic formats have no date-and-time format (the admin
fell back to "N j, Y, P", with Django's month abbreviations «ديسمبر»), and
the month names then come from the portal's catalogue (core/dates.py:
«دجنبر»). FORMAT_MODULE_PATH points here, one module per language."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
