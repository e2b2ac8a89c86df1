"""Dates as the public pages write them (`j F Y`, `j F Y, H:i`), for the
admin too: Django's Arabic formats have no date-and-time format (the admin
fell back to "N j, Y, P", with Django's month abbreviations «ديسمبر»), and
the month names then come from the portal's catalogue (core/dates.py:
«دجنبر»). FORMAT_MODULE_PATH points here, one module per language; Arabic
puts its own comma between the date and the time (`time_range` in
core.bidi reads it from there too)."""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = f"{DATE_FORMAT}, {TIME_FORMAT}"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
