"""A plant."""

from pydantic import BaseModel


class Plant(BaseModel):
    """A plant."""

    def fullName(self) -> str:  # expect: STY-04
        """Its name in full."""
        return ""
