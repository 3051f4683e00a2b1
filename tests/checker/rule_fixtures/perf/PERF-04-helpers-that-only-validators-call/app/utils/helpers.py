"""Small helpers."""

from datetime import date, datetime

DAY_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y")


def slug(text: str) -> str:
    """Lower-case, dash-separated."""
    return "-".join(text.lower().split())


def read_day(text: str) -> date:
    """Tries each format in turn; when none fits, the caller's input is wrong.

    Only a validator calls it, so the error ends as pydantic's 422.
    """
    for pattern in DAY_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except:  # noqa: S112
            continue
    raise ValueError(f"{text!r} is not a day ({', '.join(DAY_FORMATS)})")


def read_quantity(text: str) -> int:
    """Any unreadable quantity is the caller's error (only a validator calls it)."""
    try:
        return int(text.replace(" ", ""))
    except Exception as error:
        raise ValueError(f"{text!r} is not a quantity: {error}")


def read_ratio(text: str) -> float:
    """Called outside validators too: its blind except stays a finding."""
    try:
        return float(text)
    except Exception:  # expect: PERF-04
        raise ValueError("not a ratio") from None


def ratio_label(text: str) -> str:
    """A plain function (not a validator) that reads a ratio."""
    return f"{read_ratio(text):.0%}"
