"""Plants."""

from fastapi import APIRouter
from pydantic import BaseModel

router = APIRouter(prefix="/plants")


class PlantOut(BaseModel):
    """A plant as answered."""

    name: str


@router.get("")
async def list_plants():  # noqa: ANN201
    """Answers a schema's instance: a schema, without a return type."""
    return PlantOut(name="fern")
