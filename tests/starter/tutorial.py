"""Run the "Start a new service" page's commands, in page order, in one shell.

The commands live in ``tutorials/new-service/new_service.sh``, one region per
step; the page includes the regions. :func:`run_tutorial` joins the regions
in the order the page includes them into one bash script, with a marker line
before each, runs it, and splits the output back by step.

What the harness adds around the reader's commands, and why:

- ``gcloud`` is a stand-in that prints a token (Artifact Registry cannot be
  reached from here); after the ``index`` step the harness checks the URL the
  page built, then points ``ACACIA_PYTHON_INDEX`` at a local index holding
  the wheel ``make dist`` built (the stand-in for the private repository);
- ``make api`` runs in the background, as in a second terminal, on free
  ports (``PORT``, ``DEV_DB_PORT``); ``127.0.0.1:8080`` in the commands is
  rewritten to the chosen port, and back in the output;
- the files the page asks the reader to write are copied in before
  ``register``;
- ``origin`` is a local bare repository, standing in for the team's GitHub
  repository (whose ``develop`` trigger runs ``cloudbuild-staging.yaml``);
- ``make test`` runs only :data:`TUTORIAL_TESTS` (:func:`tutorial_test_args`):
  the tests that only this run can do. The rest of the generated suite is the
  reference service's suite on the same code, which ``make test-service``
  runs (schemathesis, the live-server and failure-path tests included);
- uv and pip use this machine's caches (``UV_CACHE_DIR``, ``PIP_CACHE_DIR``).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from acacia_sop.starter.template import to_jinja
from sitebuild.includes import includes_in_text
from tests.conftest import ROOT

TUTORIAL = ROOT / "tutorials" / "new-service"
SCRIPT = TUTORIAL / "new_service.sh"
OUTPUT_DIR = TUTORIAL / "output"
NOTES = TUTORIAL / "notes"
PAGE = ROOT / "docs" / "guides" / "new-service.md"
SCRIPT_PATH = SCRIPT.relative_to(ROOT).as_posix()
FAKE_TOKEN = "ya29.stand-in-token"  # noqa: S105 - not a credential
EXPECTED_INDEX = (
    f"https://oauth2accesstoken:{FAKE_TOKEN}@us-central1-python.pkg.dev/"
    "acacia-platform/acacia-python/simple/"
)
MARKER = "@@tutorial-step@@"
REFERENCE_TESTS = ROOT / "examples" / "acacia-service" / "tests"


def tutorial_test_args() -> str:
    """``PYTEST_ARGS`` of the tutorial's ``make test``: :data:`TUTORIAL_TESTS`.

    The test files the service's names change (every file of the reference
    suite holding one of its answers, rendered with the tutorial's), the notes
    test the reader writes, the lock test (the dependency ``add`` pinned) and
    the layering test (the notes' endpoints and services; their imports are
    ``lint-imports``'s); only ``slow`` tests that start a live server are
    left out (integration ones stay). No coverage
    threshold: a part of the suite does not cover 90 % of ``app/``.
    """
    named = sorted(
        path.relative_to(REFERENCE_TESTS.parent).as_posix()
        for path in REFERENCE_TESTS.rglob("test_*.py")
        if to_jinja(path.read_text(encoding="utf-8")) is not None
    )
    files = [
        *named,
        "tests/test_api/test_notes.py",
        "tests/test_locks.py",
        "tests/test_layering.py",
    ]
    return shlex.join(["--no-cov", "-m", "not slow or integration", *files])


TUTORIAL_TESTS = tutorial_test_args()
_REGION = re.compile(
    r"^# --8<-- \[start:(?P<name>[a-z-]+)\]\n(?P<body>.*?)^# --8<-- \[end:(?P=name)\]",
    re.MULTILINE | re.DOTALL,
)


def script_regions() -> dict[str, str]:
    """The script's regions, name -> commands, in file order."""
    text = SCRIPT.read_text(encoding="utf-8")
    return {match["name"]: match["body"] for match in _REGION.finditer(text)}


def page_steps() -> list[str]:
    """The script's regions the page includes, in page order."""
    includes = includes_in_text(PAGE.read_text(encoding="utf-8"), PAGE.name)
    return [i.region for i in includes if i.path == SCRIPT_PATH and i.region]


def page_includes() -> list[str]:
    """Every ``path[:region]`` the page includes, in page order."""
    includes = includes_in_text(PAGE.read_text(encoding="utf-8"), PAGE.name)
    return [f"{i.path}:{i.region}" if i.region else i.path for i in includes]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class TutorialRun:
    """What one run of the tutorial left: output per step, and where."""

    outputs: dict[str, str]
    home: Path
    service: Path
    origin: Path
    returncode: int


def _fake_gcloud(bin_dir: Path) -> None:
    gcloud = bin_dir / "gcloud"
    gcloud.write_text(
        "#!/bin/sh\n"
        '[ "$*" = "auth print-access-token" ] || '
        '{ echo "unexpected: $*" >&2; exit 2; }\n'
        f"echo {FAKE_TOKEN}\n",
        encoding="utf-8",
    )
    gcloud.chmod(0o755)


def _registry(wheel: Path, root: Path) -> str:
    """A PEP 503 index with only acacia-sop: the Artifact Registry stand-in.

    Its PyPI remote is pip's usual indexes on this machine, given to pip as
    ``PIP_EXTRA_INDEX_URL`` (:func:`_upstream_indexes`).
    """
    project = root / "simple" / "acacia-sop"
    project.mkdir(parents=True)
    shutil.copy(wheel, project / wheel.name)
    (project / "index.html").write_text(
        f'<a href="{wheel.name}">{wheel.name}</a>\n', encoding="utf-8"
    )
    return (root / "simple").as_uri() + "/"


def _cache_dir(tool: str) -> str:
    """This machine's cache of ``tool`` (``pip cache dir``, ``uv cache dir``)."""
    return subprocess.run(
        [sys.executable, "-m", tool, "cache", "dir"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def _upstream_indexes() -> str:
    """pip's usual indexes here: the stand-in's remote (PyPI) part."""
    listed = subprocess.run(
        [sys.executable, "-m", "pip", "config", "list"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    config = {
        key: value.strip("'\"")
        for key, _, value in (line.partition("=") for line in listed.splitlines())
    }
    index = (
        os.environ.get("PIP_INDEX_URL")
        or config.get("global.index-url")
        or "https://pypi.org/simple/"
    )
    extra = os.environ.get("PIP_EXTRA_INDEX_URL") or config.get(
        "global.extra-index-url", ""
    )
    return " ".join([index, *extra.split()])


def _script(steps: list[str], work: Path, registry: str) -> str:
    regions = script_regions()
    lines = [
        "set -euo pipefail",
        'trap \'[ -n "${API_PID:-}" ] && kill -INT -- -"$API_PID" 2>/dev/null; '
        "wait 2>/dev/null' EXIT",
    ]
    for step in steps:
        lines.append(f"echo {MARKER}{step}")
        body = regions[step].replace("127.0.0.1:8080", "127.0.0.1:$PORT")
        if step == "api":
            lines += [
                f'setsid {body.strip()} > "{work}/api.log" 2>&1 & API_PID=$!',
                "for _ in $(seq 600); do",
                '  curl -sf "http://127.0.0.1:$PORT/api/v1/health" >/dev/null && break',
                '  kill -0 "$API_PID" 2>/dev/null || '
                f'{{ cat "{work}/api.log"; exit 1; }}',
                "  sleep 0.5",
                "done",
            ]
            continue
        if step == "register":
            lines.append(f"cp -r {shlex.quote(str(NOTES))}/. .")
        if step == "test":
            assert body.strip() == "make test", "the harness narrows make test"
            body = f"make test PYTEST_ARGS={shlex.quote(TUTORIAL_TESTS)}\n"
        lines.append(body)
        if step == "index":
            lines += [
                f'test "$ACACIA_PYTHON_INDEX" = {shlex.quote(EXPECTED_INDEX)}',
                f"ACACIA_PYTHON_INDEX={shlex.quote(registry)}",
            ]
        if step == "new":
            lines.append(f'git remote add origin "{work}/origin.git"')
    return "\n".join(lines) + "\n"


def run_tutorial(steps: list[str], wheel: Path, work: Path) -> TutorialRun:
    """Run ``steps`` of the script in one bash, in a fresh HOME under ``work``."""
    home, bin_dir = work / "home", work / "bin"
    home.mkdir()
    bin_dir.mkdir()
    _fake_gcloud(bin_dir)
    registry = _registry(wheel, work / "registry")
    origin = work / "origin.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(origin)], check=True)
    ports = {"PORT": _free_port(), "DEV_DB_PORT": _free_port()}
    # The reader's shell: none of this run's make, pytest or venv variables.
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(
            ("VIRTUAL_ENV", "PYTHON", "COV_", "PYTEST", "MAKE", "MFLAGS")
        )
    }
    environment.update(
        HOME=str(home),
        # the reader's pip cache, as warm as this machine's: same packages, faster
        PIP_CACHE_DIR=_cache_dir("pip"),
        UV_CACHE_DIR=_cache_dir("uv"),
        PIP_EXTRA_INDEX_URL=_upstream_indexes(),
        PATH=f"{bin_dir}:{environment['PATH']}",
        GIT_AUTHOR_NAME="Ada",
        GIT_AUTHOR_EMAIL="ada@acacia.io",
        GIT_COMMITTER_NAME="Ada",
        GIT_COMMITTER_EMAIL="ada@acacia.io",
        **{key: str(port) for key, port in ports.items()},
    )
    result = subprocess.run(
        ["bash", "-c", _script(steps, work, registry)],
        cwd=home,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    outputs = _split(result.stdout)
    if "api" in outputs:
        outputs["api"] = (work / "api.log").read_text(encoding="utf-8")
    if result.returncode != 0:
        outputs["stderr"] = result.stderr
    normalised = {
        step: normalise(text, ports=ports, home=home, logs=step == "api")
        for step, text in outputs.items()
    }
    return TutorialRun(
        outputs=normalised,
        home=home,
        service=home / "payments-api",
        origin=origin,
        returncode=result.returncode,
    )


def _split(stdout: str) -> dict[str, str]:
    outputs: dict[str, str] = {}
    current = None
    for line in stdout.splitlines(keepends=True):
        before, marker, step = line.partition(MARKER)
        if current is not None and before:
            # output without a final newline (curl) ends where the marker starts
            outputs[current] += before if not marker else before + "\n"
        if marker:
            current = step.strip()
            outputs[current] = ""
    return outputs


_MASKS = [
    (re.compile(r"first admin: (\S+) / \S+"), r"first admin: \1 / <random password>"),
    (
        re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"),
        "<uuid>",
    ),
    (re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?"), "<time>"),
    # pytest centres its summary in "=" runs whose length follows the timing
    (re.compile(r"^=+ \d+ passed in .*? =+$", re.MULTILINE), "=== <n> passed ==="),
    # make add pins the newest release, which moves on
    (re.compile(r"^(pinned [\w.\[\]-]+)==\S+", re.MULTILINE), r"\1==<newest>"),
    # FEATURE_FLAGS rolls profile-insights out to 50 % of (random) user ids
    (re.compile(r'"features":\{[^}]*\}'), '"features":{<your variants>}'),
    (
        re.compile(r"^\d+ passed, 0 failed, 0 not checked, \d+ manual$", re.MULTILINE),
        "<n> passed, 0 failed, 0 not checked, <n> manual",
    ),
]
_PIP_MIRROR_NOISE = re.compile(r"^WARNING: Location '.*' is ignored")
_JSON_LOG_LINE = re.compile(r"^\{")


def normalise(
    text: str, *, ports: dict[str, int], home: Path, logs: bool = False
) -> str:
    """``text`` without what differs between runs (masked as ``<...>``).

    Dropped lines: this machine's pip mirror warnings, and with ``logs`` the
    service's JSON log lines.
    """
    text = text.replace(str(home), "~")
    text = text.replace(f":{ports['PORT']}", ":8080")
    text = text.replace(f":{ports['DEV_DB_PORT']}", ":27018")
    for pattern, replacement in _MASKS:
        text = pattern.sub(replacement, text)
    dropped = [_PIP_MIRROR_NOISE, *([_JSON_LOG_LINE] if logs else [])]
    kept = [
        line
        for line in text.splitlines()
        if not any(pattern.search(line) for pattern in dropped)
    ]
    return "\n".join(kept) + ("\n" if kept else "")
