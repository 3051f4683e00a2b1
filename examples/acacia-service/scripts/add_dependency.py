"""Add a dependency in one command: ``make add PACKAGE=name`` (``DEV=1``: a tool).

Run from the service's folder as ``python scripts/add_dependency.py [--dev]
PACKAGE -- LOCK_COMMAND...``. It pins the newest release of ``PACKAGE`` that
supports Python 3.11 to 3.13 exactly (``==``) at the end of
``requirements.txt`` (``--dev``: ``requirements-dev.txt``), then runs the lock
command (``make lock``). When the locks cannot hold the new pin, the
requirements file and every lock are put back as they were. Every refusal is
one line on stderr: exit code 2 for bad input, 1 when the lock failed.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

RUNTIME, DEV = Path("requirements.txt"), Path("requirements-dev.txt")
EXAMPLE = "make add PACKAGE=httpx-retries (DEV=1 for a test or dev tool)"
_NAME = re.compile(
    r"(?P<name>[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)"
    r"(?P<extras>\[[A-Za-z0-9._-]+(?:,[A-Za-z0-9._-]+)*\])?"
)
_PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)\S*==(?P<version>\S+)")


class RefusedError(Exception):
    """Input or state refused, reported as one line with an exit code."""

    def __init__(self, message: str, code: int = 2) -> None:
        """Keep the one-line ``message`` and the exit ``code``."""
        super().__init__(message)
        self.code = code


def canonical(name: str) -> str:
    """The PEP 503 form of a project name (``HTTPX_Retries`` -> ``httpx-retries``)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def pinned(name: str, folder: Path) -> tuple[Path, str] | None:
    """The requirements file and line that already pin ``name``, if any."""
    for path in sorted(folder.glob("requirements*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            match = _PIN.match(line.strip())
            if match and canonical(match["name"]) == canonical(name):
                return path, line.strip()
    return None


def newest_release(name: str) -> tuple[str, str]:
    """(name as the index spells it, newest version for Python 3.11 and up)."""
    result = subprocess.run(  # noqa: S603 - uv from this environment, fixed flags
        [
            *(sys.executable, "-m", "uv", "pip", "compile", "-", "--no-deps"),
            *("--universal", "--python-version", "3.11"),
            *("--no-header", "--no-annotate", "--quiet"),
        ],
        input=name,
        capture_output=True,
        text=True,
        check=False,
    )
    match = _PIN.match(result.stdout.strip())
    if result.returncode != 0 or match is None:
        lines = [line.strip() for line in result.stderr.splitlines() if line.strip()]
        why = lines[-1].removeprefix("cause: ") if lines else "no output"
        raise RefusedError(f"no release of {name} for Python 3.11 to 3.13 ({why})")
    return match["name"], match["version"]


def add(package: str, *, dev: bool, lock_command: Sequence[str]) -> str:
    """Pin ``package`` and run ``lock_command``; the pin line, or RefusedError."""
    parsed = _NAME.fullmatch(package)
    if not package:
        raise RefusedError(f"give the package to add: {EXAMPLE}")
    if parsed is None:
        raise RefusedError(
            f"PACKAGE={package!r} is not a package name: give only the name "
            f"(and [extras]); the newest release is pinned. {EXAMPLE}"
        )
    folder = Path.cwd()
    existing = pinned(parsed["name"], folder)
    if existing is not None:
        path, line = existing
        raise RefusedError(
            f"{line} is already in {path.name}: change its pin there, then make lock"
        )
    name, version = newest_release(parsed["name"])
    line = f"{name}{parsed['extras'] or ''}=={version}"
    target = folder / (DEV if dev else RUNTIME)
    kept = {
        path: path.read_bytes()
        for path in [target, *sorted(folder.glob("requirements*.lock"))]
    }
    text = kept[target].decode("utf-8")
    target.write_text(
        text + ("" if text.endswith("\n") or not text else "\n") + line + "\n",
        encoding="utf-8",
    )
    print(f"pinned {line} in {target.name}", flush=True)
    if lock_command and subprocess.run(lock_command, check=False).returncode != 0:  # noqa: S603
        for path, content in kept.items():
            path.write_bytes(content)
        raise RefusedError(
            f"the locks cannot hold {line} with the other pins (see above); "
            f"{target.name} and the locks are unchanged",
            code=1,
        )
    return line


def main(argv: Sequence[str] | None = None) -> int:
    """Parse ``[--dev] PACKAGE [-- LOCK_COMMAND...]``, add, report on one line."""
    args = list(sys.argv[1:] if argv is None else argv)
    lock_command: list[str] = []
    if "--" in args:
        split = args.index("--")
        args, lock_command = args[:split], args[split + 1 :]
    parser = argparse.ArgumentParser(prog="make add", description=__doc__)
    parser.add_argument("--dev", action="store_true", help="a test or dev tool")
    parser.add_argument("package", nargs="?", default="", help="the name on PyPI")
    options = parser.parse_args(args)
    try:
        add(options.package.strip(), dev=options.dev, lock_command=lock_command)
    except RefusedError as refusal:
        print(f"make add: {refusal}", file=sys.stderr)
        return refusal.code
    return 0


if __name__ == "__main__":
    sys.exit(main())
