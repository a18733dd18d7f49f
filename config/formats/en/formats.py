"""The site's date formats (its pages write "6 Dec 2026, 14:30"), for the admin and every "DATETIME_FORMAT" too.
Only what is shown changes; what forms accept stays Django's English formats."""

DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i"
TIME_FORMAT = "H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
