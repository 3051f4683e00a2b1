"""Students, guarded where the router is included."""

from fastapi import APIRouter, Response

router = APIRouter()


@router.get("/students")
async def list_students() -> list[str]:
    """List students."""
    return []


@router.delete("/students/{student_id}")  # expect: API-06 "deletes and answers 200"
async def remove_student(student_id: str) -> Response:
    """The status code the handler returns counts: 200 is not 204."""
    return Response(status_code=200)
