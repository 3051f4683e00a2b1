"""Feature flags: stable buckets, rollouts within statistical bounds, exposures."""

from __future__ import annotations

import json
import math
import subprocess
import sys

import httpx
import pytest
from fastapi import FastAPI

from app.core.config import SERVICE_ROOT, FeatureFlagConfig
from app.main import create_app
from app.services import feature_flags
from tests.conftest import SettingsFactory, UserFactory

USER_IDS = [f"user-{n}" for n in range(10_000)]


# --8<-- [start:determinism_test]
def test_buckets_are_identical_in_another_process() -> None:
    sample = USER_IDS[:200]
    script = (
        "import json, sys; from app.services.feature_flags import bucket; "
        "print(json.dumps([bucket('new-dashboard', u) for u in json.load(sys.stdin)]))"
    )

    result = subprocess.run(
        [sys.executable, "-c", script],
        input=json.dumps(sample),
        cwd=SERVICE_ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        env={"PYTHONHASHSEED": "12345", "PATH": ""},
    )

    assert json.loads(result.stdout) == [
        feature_flags.bucket("new-dashboard", user) for user in sample
    ]


# --8<-- [end:determinism_test]


# --8<-- [start:rollout_bounds_test]
@pytest.mark.parametrize("percent", [1, 10, 50])
def test_rollout_share_is_within_four_sigma_of_the_target(percent: int) -> None:
    n, p = len(USER_IDS), percent / 100
    enabled = sum(
        feature_flags.is_enabled("new-dashboard", user, percent) for user in USER_IDS
    )

    sigma = math.sqrt(n * p * (1 - p))
    assert abs(enabled - n * p) <= 4 * sigma, (enabled, n * p, sigma)


# --8<-- [end:rollout_bounds_test]


def test_rollout_is_monotonic_users_stay_in_when_it_grows() -> None:
    at_10 = {u for u in USER_IDS if feature_flags.is_enabled("f", u, 10)}
    at_50 = {u for u in USER_IDS if feature_flags.is_enabled("f", u, 50)}

    assert at_10 <= at_50
    assert not any(feature_flags.is_enabled("f", u, 0) for u in USER_IDS[:500])
    assert all(feature_flags.is_enabled("f", u, 100) for u in USER_IDS[:500])


def test_flags_bucket_independently() -> None:
    a = {u for u in USER_IDS if feature_flags.is_enabled("flag-a", u, 50)}
    b = {u for u in USER_IDS if feature_flags.is_enabled("flag-b", u, 50)}

    # Independent 50 % flags overlap on about 25 % of users (4 sigma bound).
    n, p = len(USER_IDS), 0.25
    assert abs(len(a & b) - n * p) <= 4 * math.sqrt(n * p * (1 - p))


def test_variants_split_evenly_and_stay_stable() -> None:
    variants = ["control", "treatment"]
    chosen = [feature_flags.choose_variant("ab", u, variants) for u in USER_IDS]

    n, p = len(USER_IDS), 0.5
    assert abs(chosen.count("control") - n * p) <= 4 * math.sqrt(n * p * (1 - p))
    assert chosen == [feature_flags.choose_variant("ab", u, variants) for u in USER_IDS]


def test_exposure_is_logged_as_a_structured_event(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from app.core.logging import configure_logging

    configure_logging("INFO")
    flags = {
        "everyone": FeatureFlagConfig(rollout_percent=100, variants=["treatment"]),
        "nobody": FeatureFlagConfig(rollout_percent=0),
    }

    active = feature_flags.active_features(flags, "user-42")

    assert active == {"everyone": "treatment"}
    events = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    exposures = [e for e in events if e.get("event") == "experiment_exposure"]
    assert exposures == [
        {
            "severity": "INFO",
            "message": "experiment exposure",
            "logger": "acacia.experiments",
            "event": "experiment_exposure",
            "experiment": "everyone",
            "variant": "treatment",
            "user_id": "user-42",
            "correlation_id": "-",
            "time": exposures[0]["time"],
        }
    ]


# --8<-- [start:flag_endpoint_test]
@pytest.mark.e2e
async def test_me_endpoint_shows_the_variant_and_logs_the_request_id(
    make_settings: SettingsFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    flags = {"profile-insights": {"rollout_percent": 100, "variants": ["treatment"]}}
    app: FastAPI = create_app(make_settings(FEATURE_FLAGS=flags))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
            token = await c.post(
                "/api/v1/auth/token",
                data={
                    "username": app.state.settings.FIRST_ADMIN_EMAIL,
                    "password": "admin-password-for-tests",
                },
            )
            auth = {"Authorization": f"Bearer {token.json()['access_token']}"}
            response = await c.get("/api/v1/users/me", headers=auth)
        await app.state.mongo_client.drop_database(app.state.settings.database_name)

    assert response.json()["features"] == {"profile-insights": "treatment"}
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    exposure = next(e for e in lines if e.get("event") == "experiment_exposure")
    assert exposure["correlation_id"] == response.headers["x-request-id"]


# --8<-- [end:flag_endpoint_test]


async def test_me_without_flags_has_no_features(
    client: httpx.AsyncClient, make_user: UserFactory
) -> None:
    _, headers = await make_user()

    response = await client.get("/api/v1/users/me", headers=headers)

    assert response.status_code == 200
    assert response.json()["features"] == {}
    assert response.json()["role"] == "user"
