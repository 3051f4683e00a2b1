"""Questions engineers ask the search, each with the rules that answer it.

Spread over the ten SOP sections, in the words a reader types, not the
rules' own: the search must rank one of the answering rules in its top 3.
"""

from __future__ import annotations

QUESTIONS: list[tuple[str, tuple[str, ...]]] = [
    # 1. Project structure
    ("how should I lay out a new service", ("STR-01",)),
    ("where do I list the environment variables", ("STR-02",)),
    ("what goes in gitignore", ("STR-03",)),
    # 2. Code style
    ("which python version", ("STY-01",)),
    ("maximum line length", ("STY-02",)),
    ("how do I name collections", ("STY-05",)),
    ("naming conventions for functions and classes", ("STY-04",)),
    # 3. MongoDB
    ("how do I connect to MongoDB", ("DB-01", "DB-02")),
    ("mongodb connection", ("DB-01", "DB-02")),
    ("where do I put the connection string", ("DB-03",)),
    ("should the API return _id", ("DB-04",)),
    ("how do I add an index", ("DB-10",)),
    # 4. FastAPI
    ("which status code for create", ("API-06",)),
    ("how do I paginate", ("API-02",)),
    ("error response format", ("API-04",)),
    ("health check endpoint", ("API-05",)),
    # 5. Testing
    ("minimum test coverage", ("TST-04", "WF-04")),
    ("should I mock the database in tests", ("TST-21",)),
    ("feature flags", ("TST-09",)),
    # 6. Security
    ("where do secrets go", ("SEC-07",)),
    ("secrets", ("SEC-07",)),
    ("how do I authenticate requests", ("SEC-01",)),
    ("rate limit", ("SEC-02",)),
    ("cors", ("SEC-06",)),
    # 7. Performance
    ("how do I log", ("PERF-05",)),
    ("response time target", ("PERF-10",)),
    ("can I keep state in memory", ("PERF-01",)),
    # 8. Deployment
    ("how do I deploy to production", ("DEP-07", "DEP-12")),
    ("how do I roll back a deployment", ("DEP-09",)),
    ("docker image", ("DEP-11",)),
    # 9. Documentation
    ("what should the README contain", ("DOC-01",)),
    ("how do I draw an architecture diagram", ("DOC-13", "DOC-03")),
    # 10. Workflow
    ("commit message format", ("WF-05",)),
    ("which branch do I branch from", ("WF-06",)),
    ("who reviews my pull request", ("WF-07", "WF-09")),
]
