"""Reads of environment variables: ``os.getenv``, ``os.environ.get``, decouple."""

from __future__ import annotations

import ast

from acacia_sop.checker.astutil import argument, dotted, last_name

ENV_READERS = ("getenv", "config")  # os.getenv("X"), decouple's config("X")


def is_env_read(call: ast.Call) -> bool:
    """``os.getenv("X")``, ``os.environ.get("X")`` or decouple's ``config("X")``."""
    return bool(call.args) and (
        last_name(call.func) in ENV_READERS
        or (dotted(call.func) or "").endswith("environ.get")
    )


def env_default(call: ast.Call) -> ast.expr | None:
    """The default an environment read falls back to (second or ``default=``)."""
    return argument(call, 1, "default") if is_env_read(call) else None
