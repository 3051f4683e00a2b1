"""Pydantic request and response bodies of the public HTTP API."""
