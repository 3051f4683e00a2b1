FROM python:3.9 AS base
RUN pip install uv

# expect-next: DEP-11 "base image: use FROM python:3.11-slim"
FROM base AS runtime
COPY . .
HEALTHCHECK CMD curl -f http://localhost:8080/api/v1/health || exit 1
CMD ["sh", "-c", "exec uvicorn app.main:app --port ${PORT} --workers 2"]
