"""Structured logs that Google Cloud Logging reads: one JSON object per line.

Cloud Logging takes ``severity`` and ``message`` from each stdout line and
indexes the other keys, so filter on ``jsonPayload.order_id`` rather than
on text. Cloud Run stamps each line with its arrival time. Run it:
``python cloud_logging_json.py``
"""

from __future__ import annotations

import logging
import sys

from pythonjsonlogger.json import JsonFormatter


# --8<-- [start:json_formatter]
def configure_json_logging(level: int = logging.INFO) -> None:
    """Route every logger through one JSON handler on stdout."""
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(
        JsonFormatter(
            ["levelname", "message", "name"],
            rename_fields={"levelname": "severity", "name": "logger"},
        )
    )
    logging.basicConfig(level=level, handlers=[handler], force=True)


# --8<-- [end:json_formatter]


if __name__ == "__main__":
    configure_json_logging()
    log = logging.getLogger("acacia.orders")
    log.info("order created", extra={"order_id": "ord-1042", "total_cents": 1250})
    log.warning("payment retried", extra={"order_id": "ord-1042", "attempt": 2})
    log.debug("not written: below the configured level")
