"""Small helpers."""


def slug(text: str) -> str:
    """Lower-case, dash-separated."""
    return "-".join(text.lower().split())


API_KEY = "9f8e7d6c5b4a3f2e"  # expect: SEC-08
