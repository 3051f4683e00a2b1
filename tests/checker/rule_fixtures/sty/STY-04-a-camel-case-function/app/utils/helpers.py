"""Small helpers."""


def slug(text: str) -> str:
    """Lower-case, dash-separated."""
    return "-".join(text.lower().split())


def getItems() -> None:  # expect: STY-04
    return None
