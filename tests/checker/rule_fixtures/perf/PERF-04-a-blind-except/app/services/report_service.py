"""Reports."""


def parse_count(text: str) -> int:
    """Parse a count, swallowing every error."""
    try:
        return int(text)
    except Exception:  # expect: PERF-04
        return 0
