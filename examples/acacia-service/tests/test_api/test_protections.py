"""A router written the way a newcomer would inherits every protection.

The router below is a bare ``APIRouter()`` with no route class, no
``responses`` and no validators, listed in ``PROTECTED_ROUTERS`` as the
new-service guide says; its body's integer field uses the shared
``Integer`` type, as every schema does.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated, Any

import httpx
import pytest
from fastapi import APIRouter, FastAPI, HTTPException, status
from pydantic import BaseModel, Field

from app.api.dependencies import CurrentUser
from app.api.v1.router import PROTECTED_ROUTERS
from app.core.config import Settings
from app.main import create_app
from app.schemas.common import INPUT_CONFIG, Integer
from tests.conftest import migrate

pytestmark = pytest.mark.e2e


class InvoiceCreate(BaseModel):
    """What the newcomer accepts."""

    model_config = INPUT_CONFIG

    customer: Annotated[str, Field(min_length=1, max_length=100)]
    amount_cents: Annotated[Integer, Field(ge=0)]


invoices = APIRouter(prefix="/invoices", tags=["invoices"])


@invoices.post("", status_code=status.HTTP_201_CREATED)
async def create_invoice(payload: InvoiceCreate, user: CurrentUser) -> dict[str, Any]:
    """Echo the invoice: nothing here asks for any protection."""
    return payload.model_dump()


@invoices.get("/{invoice_id}")
async def get_invoice(invoice_id: str, user: CurrentUser) -> dict[str, Any]:
    """There are no invoices yet: every id is a 404."""
    raise HTTPException(status.HTTP_404_NOT_FOUND, f"No invoice {invoice_id!r}.")


@pytest.fixture
async def app(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[FastAPI]:
    """The real app, with the newcomer's router in ``PROTECTED_ROUTERS``."""
    monkeypatch.setattr("app.main.PROTECTED_ROUTERS", (*PROTECTED_ROUTERS, invoices))
    await migrate(settings)
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        yield application
        await application.state.mongo_client.drop_database(settings.database_name)


async def test_a_duplicate_key_is_400_and_a_whole_float_is_an_integer(
    client: httpx.AsyncClient, anonymous_client: httpx.AsyncClient
) -> None:
    json = {"content-type": "application/json"}

    duplicate = await client.post(
        "/api/v1/invoices",
        content=b'{"customer": "Ada", "amount_cents": 1, "amount_cents": 2}',
        headers=json,
    )
    whole = await client.post(
        "/api/v1/invoices",
        content=b'{"customer": "Ada", "amount_cents": 13932.0}',
        headers=json,
    )
    fraction = await client.post(
        "/api/v1/invoices",
        content=b'{"customer": "Ada", "amount_cents": 13932.5}',
        headers=json,
    )
    anonymous = await anonymous_client.get("/api/v1/invoices/some-id")

    assert duplicate.status_code == 400, duplicate.text
    assert "'amount_cents' twice" in duplicate.json()["detail"]
    assert whole.status_code == 201, whole.text
    assert whole.json() == {"customer": "Ada", "amount_cents": 13932}
    assert fraction.status_code == 422
    assert anonymous.status_code == 401


async def test_every_error_of_the_new_routes_is_documented(
    client: httpx.AsyncClient,
) -> None:
    document = (await client.get("/openapi.json")).json()
    paths = document["paths"]
    create = paths["/api/v1/invoices"]["post"]
    body = create["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    # by reference: a service that added its own invoices has two InvoiceCreate
    schema = document["components"]["schemas"][body.rsplit("/", 1)[1]]
    amount = schema["properties"]["amount_cents"]
    get = paths["/api/v1/invoices/{invoice_id}"]["get"]

    assert {"400", "401", "403", "413", "422", "503"} <= set(create["responses"])
    assert {"401", "403", "404", "422", "503"} <= set(get["responses"])
    assert "Idempotency-Key" in [p["name"] for p in create["parameters"]]
    assert "Idempotency-Key" not in [p["name"] for p in get["parameters"]]
    assert amount == {"type": "integer", "minimum": 0, "title": "Amount Cents"}


@pytest.mark.parametrize(
    ("content", "content_type"),
    [(b'{"customer": "Ada",', "application/json"), (b"", "application/json")],
    ids=["malformed", "empty"],
)
async def test_a_body_that_is_not_json_is_left_to_fastapi(
    client: httpx.AsyncClient, content: bytes, content_type: str
) -> None:
    response = await client.post(
        "/api/v1/invoices", content=content, headers={"content-type": content_type}
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"][0] == "body"
