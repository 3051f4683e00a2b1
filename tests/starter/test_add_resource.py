"""``acacia-sop add resource``: files derived from ``orders``, all or nothing.

These run on copies of the reference service (its own ``orders`` are the
pattern) and on a service generated from a template bundle (the pattern is
read from the template version the service names). The service's own
lint, types and tests on the result run in ``test_add_resource_flow.py``.
"""

from __future__ import annotations

import ast
import hashlib
import re
import shutil
from pathlib import Path

import pytest

from acacia_sop import cli
from acacia_sop.checker.repo import ServiceRepo
from acacia_sop.checker.routes import route_table
from acacia_sop.starter.add_resource import add_resource
from acacia_sop.starter.generate import upgrade_service
from acacia_sop.starter.resource_pattern import PATTERN_FILES
from acacia_sop.starter.template import to_jinja
from tests.starter.conftest import REFERENCE
from tests.starter.test_upgrade import Versions, _commit, _edit

INVOICES = ["--field", "customer:str", "--field", "amount_cents:int"]
INVOICES += ["--field", "paid:bool"]
PAYMENTS = ["--field", "status:enum[draft,sent,paid]", "--field", "due:datetime"]
PAYMENTS += ["--field", "rate:float"]
WRITTEN = [
    "app/models/invoice.py",
    "app/schemas/invoice.py",
    "app/services/invoice_service.py",
    "app/api/v1/endpoints/invoices.py",
    "tests/test_api/test_invoices.py",
    "migrations/m0100_invoices_indexes.py",
    "app/api/v1/resources.py",
    "app/services/resources.py",
    "app/core/database.py",
]


@pytest.fixture
def service(tmp_path: Path) -> Path:
    """A copy of the reference service a test may change."""
    copy = tmp_path / "acacia-service"
    ignored = shutil.ignore_patterns(".venv", ".data", "*_cache", "__pycache__")
    shutil.copytree(REFERENCE, copy, ignore=ignored)
    return copy


def _add(service: Path, name: str, *fields: str) -> int:
    return cli.main(["add", "resource", name, *fields, "--dir", str(service)])


def _snapshot(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(
            path.read_bytes()
        ).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_a_resource_gets_the_orders_files_with_its_names_and_fields(
    service: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = _add(service, "invoices", *INVOICES)

    out = capsys.readouterr().out
    model = (service / "app/models/invoice.py").read_text("utf-8")
    schemas = (service / "app/schemas/invoice.py").read_text("utf-8")
    endpoints = (service / "app/api/v1/endpoints/invoices.py").read_text("utf-8")
    assert code == 0
    assert out.splitlines()[:-1] == [f"wrote: {path}" for path in WRITTEN]
    assert "class InvoiceDocument(StoredDocument):" in model
    assert "    customer: str\n    amount_cents: int\n    paid: bool\n" in model
    assert not {"quantity", "total_cents", "MAX_TOTAL_CENTS"} & set(
        re.findall(r"\w+", model + schemas)
    )
    assert "    amount_cents: Annotated[Integer, Field(" in schemas
    assert "invoice_id: NewResourceId" in endpoints
    assert "class InvoiceUpdate(BaseModel):" in schemas
    assert "    paid: bool | SkipJsonSchema[None] = None\n" in schemas
    assert '"/{user_id}/invoices"' in endpoints
    assert "--8<--" not in model + schemas + endpoints
    for path in WRITTEN:
        ast.parse((service / path).read_text("utf-8"))


def test_the_checker_finds_each_added_resource_behind_the_bearer_token(
    service: Path,
) -> None:
    assert _add(service, "invoices", *INVOICES) == 0
    assert _add(service, "payments", *PAYMENTS) == 0

    routes = {
        (route.method, route.path): route.secured
        for route in route_table(ServiceRepo(service)).routes
    }
    registry = (service / "app/api/v1/resources.py").read_text("utf-8")
    assert "    invoices.router,\n    payments.router,\n]" in registry
    assert "from app.api.v1.endpoints import invoices, payments\n" in registry
    deleters = (service / "app/services/resources.py").read_text("utf-8")
    assert (
        "    invoice_service.delete_invoices_of_user,\n"
        "    payment_service.delete_payments_of_user,\n]"
    ) in deleters
    for name in ("invoices", "payments"):
        for method in ("GET", "POST"):
            assert routes[(method, f"/api/v1/users/{{user_id}}/{name}")] is True
        item = f"/api/v1/users/{{user_id}}/{name}/{{{name[:-1]}_id}}"
        for method in ("GET", "PATCH", "DELETE"):
            assert routes[(method, item)] is True
    assert (service / "migrations/m0101_payments_indexes.py").is_file()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["Invoices", *INVOICES], "resource name 'Invoices' is not snake_case"),
        (["invoice", *INVOICES], "resource name 'invoice' is not a plural noun"),
        (["users", *INVOICES], "resource name 'users' is reserved"),
        (["classes", *INVOICES], "resource name 'classes': 'class' is a keyword"),
        (["invoices"], "give the resource at least one --field name:type"),
        (["invoices", "--field", "amount"], "--field 'amount' is not name:type"),
        (["invoices", "--field", "amount:money"], "unknown type 'money'"),
        (["invoices", "--field", "id:str"], "--field 'id:str': 'id' is reserved"),
        (["invoices", "--field", "s:enum[a]"], "an enum needs two or more"),
        (["invoices", "--field", "a:int", "--field", "a:str"], "given twice"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_nothing_written(
    service: Path,
    capsys: pytest.CaptureFixture[str],
    arguments: list[str],
    message: str,
) -> None:
    before = _snapshot(service)

    code = cli.main(["add", "resource", *arguments, "--dir", str(service)])

    err = capsys.readouterr().err
    assert code == 2
    assert len(err.splitlines()) == 1
    assert err.startswith("acacia-sop: error: ")
    assert message in err
    assert _snapshot(service) == before


def test_an_existing_resource_is_refused_and_nothing_written(
    service: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _add(service, "invoices", *INVOICES) == 0
    capsys.readouterr()
    before = _snapshot(service)

    code = _add(service, "invoices", "--field", "total:int")

    err = capsys.readouterr().err
    assert (code, len(err.splitlines())) == (2, 1)
    assert "resource 'invoices' exists: app/models/invoice.py is there" in err
    assert _snapshot(service) == before


def test_a_folder_that_is_not_a_service_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.txt").write_text("not a service\n", "utf-8")

    code = _add(tmp_path, "invoices", *INVOICES)

    err = capsys.readouterr().err
    assert code == 2
    assert err == (
        f"acacia-sop: error: {tmp_path} is not a service generated by "
        "acacia-sop new (no app/core/database.py)\n"
    )
    assert [path.name for path in tmp_path.iterdir()] == ["notes.txt"]


def test_an_upgrade_after_two_resources_merges_without_a_conflict(
    starter_home: Path, tmp_path: Path
) -> None:
    versions = Versions(tmp_path)
    payments = versions.generated
    add_resource(payments, "invoices", INVOICES[1::2], template=versions.first)
    add_resource(payments, "payments", PAYMENTS[1::2], template=versions.first)
    _commit(payments, "feat: invoices and payments")
    router = versions.service / "app/api/v1/router.py"
    _edit(router, "    orders.router,\n", "")
    _edit(
        router,
        "    users.router,\n",
        "    users.router,\n    orders.router,  # 0.2.0: a template change\n",
    )
    database = versions.service / "app/core/database.py"
    _edit(
        database,
        'LOGIN_FAILURES_COLLECTION = "login-failures"\n',
        (
            'LOGIN_FAILURES_COLLECTION = "login-failures"\n'
            'IDEMPOTENCY_KEYS_COLLECTION = "idempotency-keys"\n'
        ),
    )
    (database.parent / "extra.py").write_text('"""0.2.0: a new module."""\n')

    result = upgrade_service(payments, template=versions.release())

    merged = (payments / "app/core/database.py").read_text("utf-8")
    assert result.conflicts == []
    assert "app/api/v1/router.py" in result.changed
    assert "# 0.2.0: a template change" in (
        payments / router.relative_to(versions.service)
    ).read_text("utf-8")
    assert 'IDEMPOTENCY_KEYS_COLLECTION = "idempotency-keys"\n' in merged
    assert merged.endswith(
        'INVOICES_COLLECTION = "invoices"\nPAYMENTS_COLLECTION = "payments"\n'
    )


def test_a_change_to_the_orders_reaches_the_next_resource_added(
    service: Path,
) -> None:
    endpoints = service / "app/api/v1/endpoints/orders.py"
    _edit(endpoints, "@router.post(", "# Orders: a new rule.\n@router.post(")

    assert _add(service, "invoices", *INVOICES) == 0

    written = (service / "app/api/v1/endpoints/invoices.py").read_text("utf-8")
    assert "# Invoices: a new rule.\n@router.post(" in written


@pytest.mark.parametrize("path", PATTERN_FILES)
def test_the_pattern_files_hold_no_answer_so_the_template_keeps_them_as_they_are(
    path: str,
) -> None:
    assert to_jinja((REFERENCE / path).read_text("utf-8")) is None


def test_a_service_from_a_template_without_the_registries_is_told_to_upgrade(
    service: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (service / "app/api/v1/resources.py").unlink()
    before = _snapshot(service)

    code = _add(service, "invoices", *INVOICES)

    assert code == 2
    assert capsys.readouterr().err == (
        f"acacia-sop: error: {service} has no app/api/v1/resources.py: "
        "run acacia-sop upgrade first\n"
    )
    assert _snapshot(service) == before
