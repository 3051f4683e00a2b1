# fixture: run-tools
"""Small helpers."""


def slug(text: str) -> str:
    """Lower-case, dash-separated."""
    return "-".join(text.lower().split())


import os  # expect: WF-01
