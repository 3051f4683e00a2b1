"""Small helpers."""


def slug(text: str) -> str:
    """Lower-case, dash-separated."""
    return "-".join(text.lower().split())


def shout(text: str):  # expect: STY-01
    return text.upper()
