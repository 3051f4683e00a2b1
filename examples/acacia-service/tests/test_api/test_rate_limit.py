"""Rate limits: counters in MongoDB, shared by separate app instances."""

from __future__ import annotations

import pytest
from fastapi import FastAPI

from app.core.config import Settings
from app.core.database import RATE_LIMIT_COUNTERS, RATE_LIMIT_WINDOWS
from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, SettingsFactory, serve

pytestmark = pytest.mark.e2e

TOKEN_FORM = {"username": ADMIN_EMAIL, "password": "wrong-password-123"}


# --8<-- [start:shared_budget_test]
async def test_two_app_instances_share_one_budget_in_mongodb(
    make_settings: SettingsFactory,
) -> None:
    settings = make_settings(RATE_LIMIT_TOKEN="3/minute")
    async with serve(settings) as first, serve(settings) as second:
        statuses = [
            (await client.post("/api/v1/auth/token", data=TOKEN_FORM)).status_code
            for client in (first, second, first, second)
        ]
        limited = await second.post("/api/v1/auth/token", data=TOKEN_FORM)
        collections = await _collections(settings)

    assert statuses == [401, 401, 401, 429]
    assert limited.status_code == 429
    assert 1 <= int(limited.headers["retry-after"]) <= 60
    body = limited.json()
    assert limited.headers["content-type"] == "application/problem+json"
    assert body["type"] == "urn:acacia:problem:rate-limited"
    assert body["correlation_id"] == limited.headers["x-request-id"]
    assert {RATE_LIMIT_COUNTERS, RATE_LIMIT_WINDOWS} & set(collections)


# --8<-- [end:shared_budget_test]


async def _collections(settings: Settings) -> list[str]:
    from app.core.database import close_client, create_pymongo_client

    client = create_pymongo_client(settings)
    try:
        names: list[str] = await client[settings.database_name].list_collection_names()
        return names
    finally:
        await client.drop_database(settings.database_name)
        await close_client(client)


async def test_rate_limit_blocks_even_correct_passwords_once_exhausted(
    make_settings: SettingsFactory,
) -> None:
    settings = make_settings(RATE_LIMIT_TOKEN="2/minute")
    good = {"username": ADMIN_EMAIL, "password": ADMIN_PASSWORD}
    async with serve(settings) as client:
        first = await client.post("/api/v1/auth/token", data=good)
        second = await client.post("/api/v1/auth/token", data=TOKEN_FORM)
        third = await client.post("/api/v1/auth/token", data=good)
    await _collections(settings)

    assert (first.status_code, second.status_code, third.status_code) == (
        200,
        401,
        429,
    )


async def test_user_creation_is_limited_per_admin(
    make_settings: SettingsFactory, app: FastAPI
) -> None:
    settings = make_settings(RATE_LIMIT_USER_CREATE="1/minute")
    async with serve(settings) as client:
        token = (
            await client.post(
                "/api/v1/auth/token",
                data={"username": ADMIN_EMAIL, "password": ADMIN_PASSWORD},
            )
        ).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        bodies = [
            {"email": f"r{n}@acacia.io", "full_name": "R", "password": "p" * 12}
            for n in range(2)
        ]
        created = await client.post("/api/v1/users", json=bodies[0], headers=headers)
        limited = await client.post("/api/v1/users", json=bodies[1], headers=headers)

    assert (created.status_code, limited.status_code) == (201, 429)
    assert "retry-after" in limited.headers


async def test_forwarded_for_is_used_only_when_trusted(
    make_settings: SettingsFactory,
) -> None:
    settings = make_settings(
        RATE_LIMIT_TOKEN="1/minute", RATE_LIMIT_TRUST_FORWARDED_FOR=True
    )
    async with serve(settings) as client:
        statuses = [
            (
                await client.post(
                    "/api/v1/auth/token",
                    data=TOKEN_FORM,
                    headers={"X-Forwarded-For": f"1.1.1.1, 10.0.0.{n}"},
                )
            ).status_code
            for n in (1, 2, 1)
        ]

    assert statuses == [401, 401, 429]  # counted per platform-appended address


async def test_one_account_backs_off_across_addresses(
    make_settings: SettingsFactory,
) -> None:
    settings = make_settings(
        RATE_LIMIT_TOKEN="10/minute",
        LOGIN_FREE_FAILURES=2,
        LOGIN_BACKOFF_BASE_SECONDS=60,
        RATE_LIMIT_TRUST_FORWARDED_FOR=True,
    )
    usernames = [ADMIN_EMAIL, f"  {ADMIN_EMAIL.upper()} ", ADMIN_EMAIL]
    async with serve(settings) as client:
        responses = [
            await client.post(
                "/api/v1/auth/token",
                data={**TOKEN_FORM, "username": username},
                headers={"X-Forwarded-For": f"10.0.0.{n}"},
            )
            for n, username in enumerate(usernames)
        ]
        other_account = await client.post(
            "/api/v1/auth/token",
            data={**TOKEN_FORM, "username": "someone@acacia.io"},
            headers={"X-Forwarded-For": "10.0.0.9"},
        )
    await _collections(settings)

    statuses = [response.status_code for response in responses]
    assert statuses == [401, 401, 429]  # one account, however the name is typed
    assert 55 <= int(responses[-1].headers["retry-after"]) <= 60
    assert other_account.status_code == 401


async def test_only_failures_count_and_a_success_resets_them(
    make_settings: SettingsFactory,
) -> None:
    settings = make_settings(LOGIN_FREE_FAILURES=3, LOGIN_BACKOFF_BASE_SECONDS=60)
    good = {"username": ADMIN_EMAIL, "password": ADMIN_PASSWORD}
    sequence = [TOKEN_FORM, good, good, TOKEN_FORM, TOKEN_FORM, good, TOKEN_FORM]
    sequence += [TOKEN_FORM, TOKEN_FORM, good]
    async with serve(settings) as client:
        statuses = [
            (await client.post("/api/v1/auth/token", data=form)).status_code
            for form in sequence
        ]
    await _collections(settings)

    # Successes never count; the third failure in a row starts the back-off,
    # which then holds even the right password off for a while.
    assert statuses == [401, 200, 200, 401, 401, 200, 401, 401, 401, 429]


async def test_rate_limiting_can_be_switched_off(
    make_settings: SettingsFactory,
) -> None:
    settings = make_settings(RATE_LIMIT_TOKEN="1/minute", RATE_LIMIT_ENABLED=False)
    async with serve(settings) as client:
        statuses = [
            (await client.post("/api/v1/auth/token", data=TOKEN_FORM)).status_code
            for _ in range(3)
        ]

    assert statuses == [401, 401, 401]
