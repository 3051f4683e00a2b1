"""Small helpers."""


def slug(text: str) -> str:
    """Lower-case, dash-separated."""
    return "-".join(text.lower().split())


BACKUP_URI = "mongodb://admin:hunter2@db.internal:27017/"  # expect: DB-03
