"""What every CSV and Excel download shares."""

# Spreadsheet programs run a cell starting with one of these as a formula (CSV injection).
# Tab and carriage return hide the sign that follows them; Excel and LibreOffice also read the
# fullwidth signs (as typed on CJK keyboards) as formula signs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def spreadsheet_safe(value):
    """Text that a spreadsheet would run as a formula gets a leading quote; numbers, dates and
    other text pass through."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return f"'{value}"
    return value
