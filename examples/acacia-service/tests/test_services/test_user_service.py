"""User and order services against a real server, under Motor *and* PyMongo."""

from __future__ import annotations

import uuid

import pytest

from app.core.database import MongoDatabase, ping
from app.core.errors import DuplicateEmailError, LastAdminError, UserNotFoundError
from app.schemas.order import OrderCreate
from app.schemas.user import UserCreate, UserPatch, UserReplace
from app.services import order_service, user_service

pytestmark = pytest.mark.integration


def _new_user(n: int = 0) -> UserCreate:
    return UserCreate(
        email=f"user{n}@acacia.io", full_name=f"User {n}", password="p" * 12
    )


@pytest.mark.smoke
async def test_connection_answers_ping(database: MongoDatabase) -> None:
    await ping(database)

    result = await database.command("ping")
    assert result["ok"] == 1


async def test_create_then_get_user_round_trips(database: MongoDatabase) -> None:
    created = await user_service.create_user(database, _new_user())

    fetched = await user_service.get_user(database, created.id)

    assert fetched == created
    assert fetched.created_at.tzinfo is not None


async def test_stored_document_has_public_id_and_internal_object_id(
    database: MongoDatabase,
) -> None:
    created = await user_service.create_user(database, _new_user())

    raw = await database["users"].find_one({"id": created.id})

    assert raw is not None
    assert raw["_id"] != created.id
    assert raw["email"] == "user0@acacia.io"


async def test_duplicate_email_raises_domain_error(database: MongoDatabase) -> None:
    await user_service.create_user(database, _new_user())

    with pytest.raises(DuplicateEmailError) as caught:
        await user_service.create_user(database, _new_user())

    assert caught.value.email == "user0@acacia.io"
    assert await database["users"].count_documents({}) == 1


async def test_get_unknown_user_raises_user_not_found(database: MongoDatabase) -> None:
    unknown = str(uuid.uuid4())

    with pytest.raises(UserNotFoundError) as caught:
        await user_service.get_user(database, unknown)

    assert caught.value.user_id == unknown


async def test_list_users_pages_in_creation_order(database: MongoDatabase) -> None:
    created = [await user_service.create_user(database, _new_user(n)) for n in range(7)]

    page, total = await user_service.list_users(database, limit=3, offset=3)
    tail, _ = await user_service.list_users(database, limit=3, offset=6)
    beyond, _ = await user_service.list_users(database, limit=3, offset=10)

    assert total == 7
    assert [u.id for u in page] == [u.id for u in created[3:6]]
    assert [u.id for u in tail] == [created[6].id]
    assert beyond == []


async def test_replace_and_patch_update_fields(database: MongoDatabase) -> None:
    user = await user_service.create_user(database, _new_user())

    replaced = await user_service.replace_user(
        database, user.id, UserReplace(email="new@acacia.io", full_name="New")
    )
    patched = await user_service.patch_user(
        database, user.id, UserPatch(full_name="Newer")
    )

    assert (replaced.email, replaced.full_name) == ("new@acacia.io", "New")
    assert (patched.email, patched.full_name) == ("new@acacia.io", "Newer")
    assert patched.created_at == user.created_at
    assert patched.updated_at >= user.updated_at


async def test_update_to_existing_email_raises_duplicate(
    database: MongoDatabase,
) -> None:
    await user_service.create_user(database, _new_user(1))
    second = await user_service.create_user(database, _new_user(2))

    with pytest.raises(DuplicateEmailError):
        await user_service.patch_user(
            database, second.id, UserPatch(email="user1@acacia.io")
        )


async def test_update_unknown_user_raises_user_not_found(
    database: MongoDatabase,
) -> None:
    with pytest.raises(UserNotFoundError):
        await user_service.patch_user(
            database, str(uuid.uuid4()), UserPatch(full_name="X")
        )


async def test_delete_user_removes_user_and_orders(database: MongoDatabase) -> None:
    user = await user_service.create_user(database, _new_user())
    await order_service.create_order(
        database, user.id, OrderCreate(item="Seeds", quantity=1, total_cents=100)
    )

    await user_service.delete_user(database, user.id)

    assert await database["users"].count_documents({}) == 0
    assert await database["orders"].count_documents({"user_id": user.id}) == 0
    with pytest.raises(UserNotFoundError):
        await user_service.delete_user(database, user.id)


async def test_orders_are_listed_newest_first(database: MongoDatabase) -> None:
    user = await user_service.create_user(database, _new_user())
    orders = [
        await order_service.create_order(
            database,
            user.id,
            OrderCreate(item=f"item {n}", quantity=n + 1, total_cents=n),
        )
        for n in range(3)
    ]

    listed, total = await order_service.list_orders(
        database, user.id, limit=2, offset=0
    )

    assert total == 3
    assert len(listed) == 2
    assert {o.id for o in listed} <= {o.id for o in orders}
    assert listed[0].created_at >= listed[1].created_at


async def test_only_the_last_admin_is_protected_from_demotion_and_deletion(
    database: MongoDatabase,
) -> None:
    user = await user_service.create_user(database, _new_user(1))
    admin = await user_service.create_user(
        database, _new_user(2).model_copy(update={"role": "admin"})
    )

    await user_service.patch_user(database, user.id, UserPatch(role="user"))
    with pytest.raises(LastAdminError):
        await user_service.patch_user(database, admin.id, UserPatch(role="user"))
    with pytest.raises(LastAdminError):
        await user_service.delete_user(database, admin.id)
    await user_service.delete_user(database, user.id)
    assert (await user_service.get_user(database, admin.id)).role == "admin"
