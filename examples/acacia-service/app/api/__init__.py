"""HTTP layer: routers, dependencies and the exception handlers."""
