FROM python:3.11-slim AS base
RUN pip install uv

FROM base AS runtime
COPY . .
HEALTHCHECK CMD curl -f http://localhost:8080/api/v1/health || exit 1
CMD ["sh", "-c", "exec uvicorn app.main:app --port ${PORT} --workers 2"]
