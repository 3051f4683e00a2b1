"""``/api/v1/notes``: each user writes and reads only their own notes."""

from __future__ import annotations

import httpx

from tests.conftest import UserFactory


async def test_a_user_lists_their_notes_newest_first(
    client: httpx.AsyncClient, make_user: UserFactory
) -> None:
    _, headers = await make_user()
    for text in ("first", "second"):
        created = await client.post(
            "/api/v1/notes", json={"text": text}, headers=headers
        )
        assert created.status_code == 201

    listed = await client.get("/api/v1/notes", headers=headers)

    assert listed.status_code == 200
    assert [note["text"] for note in listed.json()] == ["second", "first"]


async def test_notes_are_private_to_their_owner(
    client: httpx.AsyncClient, make_user: UserFactory
) -> None:
    _, ada = await make_user(email="ada@acacia.io")
    _, bob = await make_user(email="bob@acacia.io")
    await client.post("/api/v1/notes", json={"text": "Ada's"}, headers=ada)

    listed = await client.get("/api/v1/notes", headers=bob)

    assert listed.json() == []


async def test_an_empty_note_is_a_422(
    client: httpx.AsyncClient, make_user: UserFactory
) -> None:
    _, headers = await make_user()

    response = await client.post("/api/v1/notes", json={"text": ""}, headers=headers)

    assert response.status_code == 422
