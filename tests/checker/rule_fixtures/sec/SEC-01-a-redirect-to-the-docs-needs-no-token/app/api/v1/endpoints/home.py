"""The API's landing page sends browsers to the docs; short links are data."""

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

router = APIRouter(tags=["docs"])
SHORT_LINKS = {"handbook": "https://example.com/handbook"}


@router.get("")
async def landing(request: Request) -> RedirectResponse:
    """Open the interactive docs: nothing but the way to them."""
    return RedirectResponse(request.app.docs_url or "/docs")


@router.get("/links/{code}")  # expect: SEC-01
async def follow_link(code: str) -> RedirectResponse:
    """Where a short link points: the redirect itself hands out data."""
    return RedirectResponse(SHORT_LINKS[code])
