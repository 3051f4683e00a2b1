"""A logger, and no set-up."""

import logging

from pythonjsonlogger.json import JsonFormatter

logger = logging.getLogger("items")
