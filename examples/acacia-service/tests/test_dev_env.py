"""``.env.development``: random secrets per checkout, written once, git-ignored."""

from __future__ import annotations

import shutil
import stat
import subprocess
from pathlib import Path

from app.core.config import SERVICE_ROOT, Settings
from scripts.dev_env import (
    LOCAL_VALUES,
    FirstAdmin,
    ensure_development_env,
    first_run_message,
)


def _checkout(tmp_path: Path) -> Path:
    shutil.copy(SERVICE_ROOT / ".env.example", tmp_path / ".env.example")
    return tmp_path


def test_first_run_writes_random_secrets_that_settings_accept(tmp_path: Path) -> None:
    admin = ensure_development_env(_checkout(tmp_path))
    env_file = tmp_path / ".env.development"

    settings = Settings(_env_file=env_file)

    assert admin is not None
    assert (
        admin.email == settings.FIRST_ADMIN_EMAIL == LOCAL_VALUES["FIRST_ADMIN_EMAIL"]
    )
    assert settings.FIRST_ADMIN_PASSWORD.get_secret_value() == admin.password
    assert len(admin.password) >= 24
    assert len(settings.SECRET_KEY.get_secret_value()) >= 64
    assert "ENVIRONMENT=development\n" in env_file.read_text(encoding="utf-8")
    assert settings.MONGO_SERVER_SELECTION_TIMEOUT_MS == 3000
    assert stat.S_IMODE(env_file.stat().st_mode) == 0o600


def test_each_checkout_gets_its_own_secrets(tmp_path: Path) -> None:
    first, second = tmp_path / "one", tmp_path / "two"
    first.mkdir()
    second.mkdir()
    ensure_development_env(_checkout(first))
    ensure_development_env(_checkout(second))

    keys = [
        Settings(_env_file=folder / ".env.development").SECRET_KEY.get_secret_value()
        for folder in (first, second)
    ]

    assert keys[0] != keys[1]


def test_later_runs_keep_the_file_and_print_nothing(tmp_path: Path) -> None:
    ensure_development_env(_checkout(tmp_path))
    written = (tmp_path / ".env.development").read_text(encoding="utf-8")

    assert ensure_development_env(tmp_path) is None
    assert (tmp_path / ".env.development").read_text(encoding="utf-8") == written


def test_the_first_run_message_shows_the_admin_once() -> None:
    message = first_run_message(FirstAdmin("admin@acacia.io", "pw-1234567890"))

    assert "admin@acacia.io / pw-1234567890" in message
    assert "\n" not in message


def test_env_development_is_git_ignored_and_only_env_example_is_kept() -> None:
    ignored = subprocess.run(
        ["git", "check-ignore", "--no-index", ".env.development", ".env.example"],
        cwd=SERVICE_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )

    assert ignored.stdout.split() == [".env.development"]
