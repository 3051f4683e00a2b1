"""JSON logging, set up by dictConfig."""

import logging.config

JSON = "pythonjsonlogger.jsonlogger.JsonFormatter"


def configure_logging() -> None:
    """Log JSON lines."""
    logging.config.dictConfig({"version": 1, "formatters": {"json": {"()": JSON}}})
