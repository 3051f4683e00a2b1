"""Names ruff's pep8-naming judges, with the service's configuration."""

import unittest

from pydantic import BaseModel, field_validator


def camelCaseHook() -> None:
    return None


def badName() -> None:  # expect: STY-04
    return None


class Plant(BaseModel):
    name: str

    @field_validator("name")
    def strip(cls, value: str) -> str:
        return value.strip()


class PlantTest(unittest.TestCase):
    def setUp(self) -> None:
        return None
