"""Routes that serve pages to a browser rather than the REST API."""

from __future__ import annotations

import ast

from acacia_sop.checker.astutil import keyword, last_name
from acacia_sop.checker.routes import Route

PAGE_RESPONSES = frozenset(
    {"HTMLResponse", "RedirectResponse", "FileResponse", "TemplateResponse"}
)
"""Response classes that send a page, a file or a redirect, never a resource."""


PAGE_BUILDERS = frozenset(
    {"get_swagger_ui_html", "get_redoc_html", "get_swagger_ui_oauth2_redirect_html"}
)
"""FastAPI's helpers that build the documentation pages."""


def _returned(function: ast.AST) -> list[ast.expr]:
    return [
        node.value
        for node in ast.walk(function)
        if isinstance(node, ast.Return) and node.value is not None
    ]


def is_hidden(route: Route) -> bool:
    """Left out of the schema: ``include_in_schema=False``."""
    hidden = keyword(route.decorator, "include_in_schema")
    return hidden is not None and ast.unparse(hidden) == "False"


def is_page(route: Route) -> bool:
    """Declared as a page (``response_class=HTMLResponse``,
    ``-> FileResponse``), or answering only pages
    (``return templates.TemplateResponse(...)``,
    ``return get_swagger_ui_html(...)``)."""
    decorator = route.decorator
    declared = keyword(decorator, "response_class") or route.function.returns
    if declared is not None and last_name(declared) in PAGE_RESPONSES:
        return True
    returned = _returned(route.function)
    return bool(returned) and all(
        isinstance(value, ast.Call)
        and last_name(value.func) in PAGE_RESPONSES | PAGE_BUILDERS
        for value in returned
    )
