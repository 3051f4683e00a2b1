revision = "1a2b3c"
down_revision = None


def upgrade() -> None:
    return None
