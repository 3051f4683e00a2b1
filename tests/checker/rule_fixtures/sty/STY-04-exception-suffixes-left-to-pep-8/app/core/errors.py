"""Errors."""


class PlantMissing(Exception):
    """No such plant."""


class badName:  # expect: STY-04
    """Named against PEP 8."""
