"""A formatter and a report."""

import logging


class JsonFormatter(logging.Formatter):
    """Overrides keep the library's names."""

    def formatMessage(self, record: logging.LogRecord) -> str:
        """The message alone."""
        return record.getMessage()


class Report:
    """A report."""

    def toJson(self) -> str:  # expect: STY-04
        """The report as JSON."""
        return ""


def report() -> None:
    """Print the report."""
    print("report")  # expect: PERF-05
