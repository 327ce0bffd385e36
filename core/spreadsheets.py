"""CSV files that spreadsheet programs open safely."""

# A spreadsheet runs a cell that starts with one of these as a formula
# (CSV injection); a tab or carriage return can hide such a start.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """The value as text a spreadsheet shows, never runs: a leading
    apostrophe makes the cell text."""
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text
