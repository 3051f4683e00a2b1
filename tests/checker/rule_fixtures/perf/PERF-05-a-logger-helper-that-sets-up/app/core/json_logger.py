"""A logger helper that sets up JSON logging."""

import logging

from pythonjsonlogger.json import JsonFormatter


def get_logger() -> logging.Logger:
    """The service's logger, writing JSON lines."""
    logger = logging.getLogger("items")
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    logger.addHandler(handler)
    return logger
