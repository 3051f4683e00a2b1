"""``acacia-sop check PATH``: the command line."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import NoReturn

from acacia_sop.catalog import Severity
from acacia_sop.checker import __version__
from acacia_sop.checker.adoption import accept
from acacia_sop.checker.baseline import (
    BaselineError,
    apply_baseline,
    read_baseline,
    write_baseline,
)
from acacia_sop.checker.config import ConfigError
from acacia_sop.checker.engine import Report, known_rule_ids, run_checklist
from acacia_sop.checker.repo import NotAServiceError, ServiceRepo
from acacia_sop.checker.report import FORMATS, render
from acacia_sop.checker.rule_history import changed_since

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad command-line input: reported on one line, exit code 2."""


class OneLineParser(argparse.ArgumentParser):
    """An argument parser whose errors are one line, not usage plus traceback."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    """The ``acacia-sop`` parser with its ``check`` sub-command."""
    parser = OneLineParser(
        prog="acacia-sop",
        description="Audit a service against the Acacia Analytics SOP.",
    )
    parser.add_argument("--version", action="version", version=__version__)
    commands = parser.add_subparsers(
        dest="command", required=True, parser_class=OneLineParser
    )
    add_check_arguments(commands.add_parser("check", help="check a service repository"))
    return parser


def add_check_arguments(check: argparse.ArgumentParser) -> None:
    """The ``check`` sub-command's arguments, for any parser that mounts it.

    Options take one value each (``--only SEC-08,DB-01``, repeatable), so
    they may come before or after the path.
    """
    check.add_argument("path", type=Path, help="the service repository")
    check.add_argument("--format", choices=FORMATS, default="text")
    check.add_argument(
        "--sarif",
        type=Path,
        metavar="FILE",
        help="also write the SARIF report to FILE (one run for CI: the log and "
        "the code-scanning artifact)",
    )
    check.add_argument(
        "--only",
        action="append",
        metavar="RULE_ID[,RULE_ID...]",
        help="check only these rule IDs (comma-separated, repeatable)",
    )
    check.add_argument(
        "--since",
        metavar="X.Y",
        help="check only items whose rules changed since this SOP release",
    )
    check.add_argument(
        "--fail-on",
        choices=[severity.value for severity in Severity],
        default=Severity.ERROR.value,
        help="exit 1 when an item fails whose rule's severity is at least this "
        "(default: error)",
    )
    check.add_argument(
        "--run-tools", action="store_true", help="also run ruff and mypy in the service"
    )
    check.add_argument(
        "--baseline",
        type=Path,
        metavar="FILE",
        help="fail only on findings this baseline does not record "
        "(default: `baseline` in [tool.acacia-sop])",
    )
    check.add_argument(
        "--write-baseline",
        type=Path,
        metavar="FILE",
        help="record today's findings in FILE, then report against it",
    )


def _only(values: list[str] | None) -> set[str] | None:
    if not values:
        return None
    wanted = {
        rule_id.strip().upper()
        for value in values
        for rule_id in value.split(",")
        if rule_id.strip()
    }
    if not wanted:
        raise UsageError("--only needs a rule ID")
    unknown = sorted(wanted - known_rule_ids())
    if unknown:
        raise UsageError(f"unknown rule ID: {', '.join(unknown)}")
    return wanted


def _since(version: str | None, only: set[str] | None) -> set[str] | None:
    """Narrow ``only`` to the rules changed since release ``version``."""
    if version is None:
        return only
    try:
        changed = changed_since(version) & known_rule_ids()
    except KeyError as error:
        raise UsageError(f"--since {error.args[0]}") from None
    return changed if only is None else changed & only


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command: 0 (passed), 1 (an item of ``--fail-on`` or heavier
    failed) or 2 (bad usage)."""
    try:
        args = build_parser().parse_args(argv)
    except UsageError as error:
        print(f"acacia-sop: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    return run_check(args)


def run_check(args: argparse.Namespace) -> int:
    """Run ``check`` with parsed arguments (see :func:`add_check_arguments`)."""
    try:
        only = _since(args.since, _only(args.only))
        repo = ServiceRepo.locate(args.path)
        report = accept(
            run_checklist(repo, only=only, run_tools=args.run_tools),
            repo,
            repo.config,
            date.today(),
            only,
        )
        report = _baselined(report, repo, args)
        if args.sarif is not None:
            _write(args.sarif, render(report, "sarif", repo.config.site_url))
    except (UsageError, NotAServiceError, ConfigError, BaselineError) as error:
        print(f"acacia-sop: error: {error}", file=sys.stderr)
        if args.format == "json":
            document = {
                "tool": "acacia-sop",
                "version": __version__,
                "error": str(error),
            }
            sys.stdout.write(json.dumps(document, ensure_ascii=False) + "\n")
        return EXIT_USAGE
    sys.stdout.write(render(report, args.format, repo.config.site_url))
    return EXIT_FAILED if report.fails(Severity(args.fail_on)) else EXIT_OK


def _write(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise UsageError(f"cannot write {path}: {error.strerror}") from None


def _baselined(report: Report, repo: ServiceRepo, args: argparse.Namespace) -> Report:
    """``report`` with the baseline applied: written first with
    ``--write-baseline``, else ``--baseline`` or the configured one."""
    if args.write_baseline is not None:
        baseline = write_baseline(args.write_baseline, report)
        count = len(baseline.entries)
        print(
            f"acacia-sop: wrote {count} findings to {args.write_baseline}",
            file=sys.stderr,
        )
        return apply_baseline(report, baseline)
    path = args.baseline
    if path is None and repo.config.baseline is not None:
        path = repo.root / repo.config.baseline
    return report if path is None else apply_baseline(report, read_baseline(path))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
