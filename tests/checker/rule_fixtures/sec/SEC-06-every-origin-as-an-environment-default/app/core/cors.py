"""Origins allowed by CORS, read from the environment at import."""

import os

SPLIT_ORIGINS = [  # expect-next: SEC-06 "(CORSMiddleware at app/main.py:20)"
    o.strip() for o in os.getenv("ALLOWED_ORIGINS", "*").split(";")
]
"""Every origin when the variable is unset: a deployment that forgets it is open."""

LISTED_ORIGINS = os.environ.get("ALLOWED_ORIGINS", "https://app.example.com").split(",")
"""A default that names the front end is fine."""
