# fixture: deleted
# expect-file: STR-01
