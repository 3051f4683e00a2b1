"""``make api``'s start-up line never shows database credentials."""

from __future__ import annotations

import pytest

from scripts.dev_server import UVICORN_OPTIONS, redact_uri, startup_message


def test_uvicorn_does_not_rewrite_the_client_from_forwarded_headers() -> None:
    assert UVICORN_OPTIONS["proxy_headers"] is False
    assert UVICORN_OPTIONS["host"] == "127.0.0.1"


@pytest.mark.parametrize(
    ("uri", "shown"),
    [
        ("mongodb://127.0.0.1:27018/", "mongodb://127.0.0.1:27018/"),
        (
            "mongodb+srv://api:dummy-s3cr%40t@cluster0.example.net/?retryWrites=true",
            "mongodb+srv://***@cluster0.example.net/",
        ),
        (
            "mongodb://api:dummy-p@ss@h1:27017,h2:27017/db?authSource=admin",
            "mongodb://***@h1:27017,h2:27017/db",
        ),
        ("mongodb://only-user@h1/", "mongodb://***@h1/"),
    ],
)
def test_redact_uri_hides_user_password_and_options(uri: str, shown: str) -> None:
    assert redact_uri(uri) == shown


def test_startup_message_never_contains_the_password() -> None:
    database = "acacia-analytics-dev"
    message = startup_message(
        database, "mongodb+srv://api:dummy-hunter2@cluster0.example.net/", []
    )

    assert "hunter2" not in message
    assert message == (
        f"database {database} at mongodb+srv://***@cluster0.example.net/; applied []"
    )
