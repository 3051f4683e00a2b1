"""User CRUD on the ``users`` collection.

Every function takes the database (Motor or PyMongo async) as its first
argument, so the same code runs under both drivers and in tests.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from pymongo import ASCENDING, ReturnDocument
from pymongo.errors import DuplicateKeyError

from app.core.database import USERS_COLLECTION, MongoDatabase
from app.core.errors import DuplicateEmailError, LastAdminError, UserNotFoundError
from app.core.security import hash_password
from app.models.common import new_public_id, utc_now
from app.models.user import UserDocument
from app.schemas.user import UserCreate, UserPatch, UserReplace
from app.services import order_service
from app.services.resources import USER_DATA_DELETERS

logger = logging.getLogger(__name__)

_NO_MONGO_ID = {"_id": False}
USER_LIST_SORT = [("created_at", ASCENDING), ("id", ASCENDING)]
"""Order of ``GET /api/v1/users``; index ``users_created_at_id`` (m0003) serves it."""


def _is_email_conflict(error: DuplicateKeyError) -> bool:
    """True when the unique index that fired is the one on ``email``."""
    details: Mapping[str, Any] = error.details or {}
    key_pattern = details.get("keyPattern") or {}
    return "email" in key_pattern or "email" in str(error)


# --8<-- [start:create_user]
async def create_user(database: MongoDatabase, data: UserCreate) -> UserDocument:
    """Insert a new user with a fresh public id and an Argon2 password hash.

    Raises:
        DuplicateEmailError: The email is already taken (unique index).
    """
    now = utc_now()
    user = UserDocument(
        id=new_public_id(),
        email=data.email,
        full_name=data.full_name,
        role=data.role,
        password_hash=await hash_password(data.password),
        created_at=now,
        updated_at=now,
    )
    try:
        await database[USERS_COLLECTION].insert_one(user.to_mongo())
    except DuplicateKeyError as error:
        if _is_email_conflict(error):
            raise DuplicateEmailError(data.email) from error
        raise
    logger.info("user created", extra={"user_id": user.id})
    return user


# --8<-- [end:create_user]


async def create_user_if_absent(
    database: MongoDatabase, data: UserCreate
) -> UserDocument | None:
    """Insert the user unless one with this email exists; return it if inserted.

    One upsert keyed on the email with ``$setOnInsert``, so callers racing
    (two workers starting at once) insert one document: the unique email
    index of migration ``m0001`` guarantees it, and its ``DuplicateKeyError``
    counts as "already there".
    """
    now = utc_now()
    user = UserDocument(
        id=new_public_id(),
        email=data.email,
        full_name=data.full_name,
        role=data.role,
        password_hash=await hash_password(data.password),
        created_at=now,
        updated_at=now,
    )
    fields = {k: v for k, v in user.to_mongo().items() if k != "email"}
    try:
        result = await database[USERS_COLLECTION].update_one(
            {"email": user.email}, {"$setOnInsert": fields}, upsert=True
        )
    except DuplicateKeyError:  # pragma: no cover - only in a lost race
        return None
    if result.upserted_id is None:
        return None
    logger.info("user created", extra={"user_id": user.id})
    return user


async def get_user(database: MongoDatabase, user_id: str) -> UserDocument:
    """Return the user with this public id.

    Raises:
        UserNotFoundError: No such user.
    """
    raw = await database[USERS_COLLECTION].find_one({"id": user_id}, _NO_MONGO_ID)
    if raw is None:
        raise UserNotFoundError(user_id)
    return UserDocument.from_mongo(raw)


async def find_user_by_email(
    database: MongoDatabase, email: str
) -> UserDocument | None:
    """Return the user with this (already normalised) email, or ``None``.

    ``email`` is compared as a plain string value: ``{"email": email}`` with a
    ``str`` can never be read as a query operator.
    """
    raw = await database[USERS_COLLECTION].find_one({"email": email}, _NO_MONGO_ID)
    return None if raw is None else UserDocument.from_mongo(raw)


async def list_users(
    database: MongoDatabase, *, limit: int, offset: int
) -> tuple[list[UserDocument], int]:
    """Return one page of users (oldest first) and the total number of users."""
    cursor = (
        database[USERS_COLLECTION]
        .find({}, _NO_MONGO_ID)
        .sort(USER_LIST_SORT)
        .skip(offset)
        .limit(limit)
    )
    items = [UserDocument.from_mongo(raw) for raw in await cursor.to_list(length=limit)]
    total = await database[USERS_COLLECTION].count_documents({})
    return items, total


async def _ensure_an_admin_remains(database: MongoDatabase, user_id: str) -> None:
    """Refuse to demote or delete ``user_id`` when it is the only admin.

    Two admins demoting each other at the same instant can still both pass;
    the check stops the common lock-out (the last admin removing itself).

    Raises:
        LastAdminError: ``user_id`` is an admin and no other admin exists.
    """
    others = {"role": "admin", "id": {"$ne": user_id}}
    if await database[USERS_COLLECTION].count_documents(others, limit=1):
        return
    if await database[USERS_COLLECTION].count_documents(
        {"id": user_id, "role": "admin"}
    ):
        raise LastAdminError(user_id)


async def _update_user(
    database: MongoDatabase, user_id: str, changes: dict[str, Any]
) -> UserDocument:
    """Apply ``$set`` changes and return the updated user."""
    if changes.get("role") == "user":
        await _ensure_an_admin_remains(database, user_id)
    changes = {**changes, "updated_at": utc_now()}
    try:
        raw = await database[USERS_COLLECTION].find_one_and_update(
            {"id": user_id},
            {"$set": changes},
            projection=_NO_MONGO_ID,
            return_document=ReturnDocument.AFTER,
        )
    except DuplicateKeyError as error:
        if _is_email_conflict(error):
            raise DuplicateEmailError(str(changes.get("email"))) from error
        raise
    if raw is None:
        raise UserNotFoundError(user_id)
    logger.info("user updated", extra={"user_id": user_id, "fields": sorted(changes)})
    return UserDocument.from_mongo(raw)


async def replace_user(
    database: MongoDatabase, user_id: str, data: UserReplace
) -> UserDocument:
    """Replace every editable field of a user (PUT semantics).

    Raises:
        UserNotFoundError: No such user.
        DuplicateEmailError: The new email belongs to another user.
        LastAdminError: The change would demote the only admin.
    """
    return await _update_user(database, user_id, data.model_dump(exclude_none=True))


async def patch_user(
    database: MongoDatabase, user_id: str, data: UserPatch
) -> UserDocument:
    """Change only the fields present in ``data`` (PATCH semantics).

    Raises:
        UserNotFoundError: No such user.
        DuplicateEmailError: The new email belongs to another user.
        LastAdminError: The change would demote the only admin.
    """
    return await _update_user(database, user_id, data.model_dump(exclude_unset=True))


async def delete_user(database: MongoDatabase, user_id: str) -> None:
    """Delete a user, their orders and their documents of every added resource.

    Raises:
        UserNotFoundError: No such user.
        LastAdminError: The user is the only admin.
    """
    await _ensure_an_admin_remains(database, user_id)
    result = await database[USERS_COLLECTION].delete_one({"id": user_id})
    if result.deleted_count == 0:
        raise UserNotFoundError(user_id)
    await order_service.delete_orders_of_user(database, user_id)
    for delete_of_user in USER_DATA_DELETERS:
        await delete_of_user(database, user_id)
    logger.info("user deleted", extra={"user_id": user_id})
