"""Pages for browsers: the single-page front end and the API docs.

None of them declares a response class: a return type or what they return
says they are pages, not REST resources, so they need no /api/v1 prefix.
"""

from fastapi import APIRouter, Depends
from fastapi.openapi.docs import get_swagger_ui_html
from starlette.responses import FileResponse

from app.core.security import get_current_user

router = APIRouter(dependencies=[Depends(get_current_user)])


@router.get("/docs")
async def api_docs():  # noqa: ANN201 - the helper's return type is the page
    """The Swagger UI, for signed-in users only."""
    return get_swagger_ui_html(openapi_url="/openapi.json", title="Items")


@router.get("/")
async def front_end() -> FileResponse:
    """The front end's entry page."""
    return FileResponse("dist/index.html")


@router.get("/{route:path}")
async def front_end_route(route: str) -> FileResponse:
    """Any other browser route is the front end's to resolve."""
    return FileResponse("dist/index.html")
