"""``acacia-sop``: ``new``, ``upgrade`` and ``add`` to a service, ``check`` it.

``check`` is the checker's own command (:mod:`acacia_sop.checker.command`),
mounted here unchanged: its arguments go to its parser as they are.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from acacia_sop.checker import command as check_command
from acacia_sop.checker.command import OneLineParser, UsageError
from acacia_sop.starter.answers import InvalidAnswerError, answers_for
from acacia_sop.starter.resource_spec import ResourceSpecError
from acacia_sop.starter.template_versions import TemplateUnavailableError, tool_version

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
_NEW_OPTIONS_WITH_VALUE = ("--dir", "--description", "--template-repo")
_NEW_OPTION_PREFIXES = ("-h", "--help", *(f"{o}=" for o in _NEW_OPTIONS_WITH_VALUE))


def build_parser() -> argparse.ArgumentParser:
    """The ``acacia-sop`` parser: ``new``, ``upgrade``, ``add`` and ``check``."""
    parser = OneLineParser(
        prog="acacia-sop",
        description="Start, upgrade and check services that follow the Acacia SOP.",
    )
    parser.add_argument("--version", action="version", version=tool_version())
    commands = parser.add_subparsers(
        dest="command", required=True, parser_class=OneLineParser
    )
    new = commands.add_parser("new", help="generate a service from the reference one")
    new.add_argument("name", help="Cloud Run service name, kebab-case: payments-api")
    new.add_argument("--dir", type=Path, help="where to write it (default: ./NAME)")
    new.add_argument("--description", help="one line saying what the service does")
    upgrade = commands.add_parser(
        "upgrade", help="bring a generated service up to date"
    )
    upgrade.add_argument("dir", type=Path, nargs="?", default=Path())
    resource = _add_resource_parser(commands)
    for command in (new, upgrade, resource):
        command.add_argument(
            "--template-repo",
            type=Path,
            metavar="CHECKOUT",
            help="build the template from this SOP checkout's reference service "
            "and release tags (default: the template this wheel carries)",
        )
    check = commands.add_parser(
        "check", help="check a service (see: acacia-sop check --help)", add_help=False
    )
    check.add_argument("arguments", nargs="*", help="see acacia-sop check --help")
    return parser


def _add_resource_parser(
    commands: argparse._SubParsersAction[OneLineParser],
) -> argparse.ArgumentParser:
    add = commands.add_parser("add", help="add to a generated service")
    kinds = add.add_subparsers(dest="kind", required=True, parser_class=OneLineParser)
    resource = kinds.add_parser(
        "resource", help="a resource: model, schemas, service, endpoints, tests"
    )
    resource.add_argument("name", help="plural, snake_case: invoices, line_items")
    resource.add_argument(
        "--field",
        action="append",
        default=[],
        metavar="NAME:TYPE",
        help="a field: str, int, float, bool, datetime or enum[a,b] (repeat it)",
    )
    resource.add_argument(
        "--dir", type=Path, default=Path(), help="the service (default: here)"
    )
    return resource


def _name_last(arguments: list[str]) -> list[str]:
    """``new`` arguments with NAME after ``--``, so ``-x`` reads as a NAME."""
    options, names = [], []
    rest = iter(arguments[1:])
    for token in rest:
        if token in _NEW_OPTIONS_WITH_VALUE:
            options += [token, *[value for value in [next(rest, None)] if value]]
        elif token.startswith(_NEW_OPTION_PREFIXES):
            options.append(token)
        else:
            names.append(token)
    return [arguments[0], *options, "--", *names]


def _new(args: argparse.Namespace) -> int:
    from acacia_sop.starter.generate import new_service

    answers = answers_for(args.name, args.description)
    destination = args.dir if args.dir is not None else Path(args.name)
    new_service(answers, destination, checkout=args.template_repo)
    print(f"created {answers.service_name} in {destination}")
    print(f"next: cd {destination} && make api   (then: make test)")
    return EXIT_OK


def _upgrade(args: argparse.Namespace) -> int:
    from acacia_sop.starter.generate import upgrade_service

    result = upgrade_service(args.dir, checkout=args.template_repo)
    for path in result.changed:
        print(f"changed: {path}")
    for path in result.conflicts:
        print(f"conflict: {path} (resolve the <<<<<<< markers, then commit)")
    if result.conflicts:
        return EXIT_FAILED
    if not result.changed:
        print(f"{args.dir} is up to date with acacia-sop {tool_version()}")
    return EXIT_OK


def _add(args: argparse.Namespace) -> int:
    from acacia_sop.starter.add_resource import add_resource

    written = add_resource(args.dir, args.name, args.field, checkout=args.template_repo)
    for path in written:
        print(f"wrote: {path}")
    print("next: make lint typecheck test, then commit")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run a sub-command; 0 done, 1 failed (check or conflicts), 2 bad input."""
    from acacia_sop.starter.generate import StarterError

    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments[:1] == ["check"]:
        return check_command.main(arguments)
    if arguments[:1] == ["new"]:
        arguments = _name_last(arguments)
    try:
        args = build_parser().parse_args(arguments)
        run = {"new": _new, "upgrade": _upgrade, "add": _add}[args.command]
        return run(args)
    except (
        UsageError,
        InvalidAnswerError,
        StarterError,
        TemplateUnavailableError,
        ResourceSpecError,
    ) as error:
        print(f"acacia-sop: error: {error}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
