# fixture: deleted
# expect-file: DB-01 "missing: clients are created in app/db.py:5; move that code here and create the MongoDB client nowhere else"
# expect-file: STR-01
