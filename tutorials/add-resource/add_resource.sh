#!/usr/bin/env bash
# "Add a resource" of docs/guides/new-service.md: the command, one region, run
# by tests/starter/test_add_resource_example.py on a copy of the reference
# service; invoices/ holds the files it writes there, output/ what it prints.
set -euo pipefail

# Add the invoices resource
# --8<-- [start:add]
acacia-sop add resource invoices --field customer:str --field amount_cents:int --field paid:bool
# --8<-- [end:add]
