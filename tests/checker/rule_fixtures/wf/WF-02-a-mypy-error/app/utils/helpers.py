# fixture: run-tools
"""Small helpers."""


def slug(text: str) -> str:
    """Lower-case, dash-separated."""
    return "-".join(text.lower().split())


def count() -> int:
    return "one"  # expect: WF-02
