"""The "Start a new service" page: every command runs, in page order.

``tutorials/new-service/new_service.sh`` holds the commands, one region per
step; the page includes them. The run (``tutorial_run``, once per session)
installs the wheel from an index, generates ``payments-api``, serves it
(``make api`` builds ``.venv`` from the hashed dev lock with uv), calls it,
adds the notes resource, adds a dependency with ``make add``, runs its tests
and the checklist, and pushes. Then the image's install command, read from
the generated ``Dockerfile``, runs here (``image_venv``): the added package is
in it at its locked version, and ``.venv`` has the image's version of every
runtime package.

``make test`` runs only the generated suite's tests that this run alone can
do (``tutorial.TUTORIAL_TESTS``: the files the service's names change, the
notes, the locks, the layering), which keeps this module at about a minute
of set-up. The rest of that suite is byte for byte the reference service's,
which ``make test-service`` runs in full (schemathesis, the live server, the
failure paths) and ``tests/starter/test_template.py`` proves identical.
Set ``ACACIA_UPDATE_TUTORIAL=1`` to rewrite ``output/`` from a run.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.utils import canonicalize_name

from bench.bench_api import python_version
from bench.layer_apps import VARIANTS
from tests.conftest import ROOT
from tests.starter.conftest import run_tool
from tests.starter.tutorial import (
    NOTES,
    OUTPUT_DIR,
    SCRIPT_PATH,
    TutorialRun,
    page_includes,
    page_steps,
    script_regions,
)
from tests.test_dependencies import read_lock

NOTES_FILES = (
    "tutorials/new-service/notes/app/models/note.py",
    "tutorials/new-service/notes/app/schemas/note.py",
    "tutorials/new-service/notes/app/services/note_service.py",
    "tutorials/new-service/notes/app/api/v1/endpoints/notes.py",
    "tutorials/new-service/notes/migrations/m0100_notes_indexes.py",
    "tutorials/new-service/notes/tests/test_api/test_notes.py",
)
"""The files the reader writes (the page shows each, in this order)."""
WRITTEN = [path.removeprefix(f"{NOTES.relative_to(ROOT)}/") for path in NOTES_FILES]
SHOWN = {
    "install": "all",
    "new": "all",
    "api": "all",
    "call": "all",
    "add": "first line",
    "test": "last line",
    "check": "last line",
}
"""Steps whose output the page shows, and how much of it."""
UPDATE = os.environ.get("ACACIA_UPDATE_TUTORIAL") == "1"


def _shown(step: str, output: str) -> str:
    if SHOWN[step] == "all":
        return output
    lines = output.splitlines()
    return (lines[0] if SHOWN[step] == "first line" else lines[-1]) + "\n"


def test_the_page_includes_every_step_once_in_script_order() -> None:
    assert page_steps() == list(script_regions())
    assert set(SHOWN) <= set(script_regions())


def test_the_page_shows_every_file_the_reader_writes_and_every_output() -> None:
    includes = page_includes()
    notes = [
        path for path in includes if path.startswith(f"{NOTES.relative_to(ROOT)}/")
    ]
    outputs = [
        Path(path).stem
        for path in includes
        if path.startswith(OUTPUT_DIR.relative_to(ROOT).as_posix())
    ]

    assert notes == list(NOTES_FILES)
    assert sorted(
        path.relative_to(NOTES).as_posix() for path in NOTES.rglob("*.py")
    ) == sorted(WRITTEN)
    assert outputs == [step for step in page_steps() if step in SHOWN]
    assert all(path.startswith(("tutorials/", "src/acacia_sop/")) for path in includes)
    assert SCRIPT_PATH in {path.split(":")[0] for path in includes}


def test_every_command_of_the_page_succeeds(tutorial_run: TutorialRun) -> None:
    last_step = list(tutorial_run.outputs)[-1]
    assert tutorial_run.returncode == 0, (
        f"step {last_step!r} failed:\n{tutorial_run.outputs[last_step][-6000:]}"
    )
    assert list(tutorial_run.outputs) == page_steps()


@pytest.mark.parametrize("step", list(SHOWN))
def test_the_page_shows_the_real_output(tutorial_run: TutorialRun, step: str) -> None:
    expected = OUTPUT_DIR / f"{step}.txt"
    real = _shown(step, tutorial_run.outputs[step])
    if UPDATE:
        expected.write_text(real, encoding="utf-8")

    assert real == expected.read_text(encoding="utf-8")


@pytest.mark.parametrize("step", ["index", "register", "deploy"])
def test_steps_without_shown_output_print_nothing(
    tutorial_run: TutorialRun, step: str
) -> None:
    assert tutorial_run.outputs[step] == ""


def test_the_tool_ran_from_the_installed_wheel(
    installed_tool: Path, tmp_path: Path
) -> None:
    location = subprocess.run(
        [
            installed_tool / "python",
            "-c",
            "import acacia_sop; print(acacia_sop.__file__)",
        ],
        cwd=tmp_path,  # not the checkout, whose acacia_sop would shadow the wheel
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    assert "/site-packages/acacia_sop/" in location
    assert not location.startswith(str(ROOT))


# The wheel the tutorial installed, used as teams use it (in this module, so
# that the one tutorial run serves both: xdist gives each file one worker);
# test_wheel.py runs check, new and upgrade from a clean venv of the lock.


def test_the_installed_wheel_refuses_a_bad_name_in_one_line(
    installed_tool: Path, tmp_path: Path
) -> None:
    result = run_tool(installed_tool, "new", "Bad Name", cwd=tmp_path, home=tmp_path)

    assert result.returncode == 2
    assert result.stderr == (
        "acacia-sop: error: NAME 'Bad Name' is not kebab-case: lowercase letters, "
        "digits and single hyphens, starting with a letter (e.g. payments-api)\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_the_push_carries_the_service_and_the_new_resource(
    tutorial_run: TutorialRun,
) -> None:
    tree = subprocess.run(
        [
            "git",
            "--git-dir",
            str(tutorial_run.origin),
            "ls-tree",
            "-r",
            "--name-only",
            "develop",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()

    assert {"cloudbuild-staging.yaml", *WRITTEN} <= set(tree)
    assert ".env.development" not in tree
    assert not [path for path in tree if path.startswith((".venv/", ".data/"))]


def test_the_notes_follow_the_services_layers(tutorial_run: TutorialRun) -> None:
    result = subprocess.run(
        [tutorial_run.service / ".venv" / "bin" / "lint-imports", "--no-cache"],
        cwd=tutorial_run.service,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stdout[-3000:]
    assert "Contracts: 3 kept, 0 broken." in result.stdout


def test_the_notes_files_pass_the_services_ruff(tutorial_run: TutorialRun) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", *WRITTEN],
        cwd=tutorial_run.service,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stdout


# The image the tutorial's service builds: its Dockerfile's install command.

ADDED = "httpx-retries"
"""The package the page's ``add`` step adds."""


def _build_stage_install(dockerfile: Path) -> tuple[list[str], str]:
    """The build stage's ``COPY`` sources and ``RUN`` that install the lock."""
    logical = dockerfile.read_text(encoding="utf-8").replace("\\\n", " ")
    instructions = [
        line.strip().split(maxsplit=1)
        for line in logical.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    build = instructions[: [kind for kind, _ in instructions].index("FROM", 1)]
    install = next(i for i, (kind, args) in enumerate(build) if "uv pip sync" in args)
    copies = [args.split() for kind, args in build[:install] if kind == "COPY"]
    assert build[install][0] == "RUN"
    assert copies
    assert copies[-1][-1] == "./", "the locks are copied into the WORKDIR before"
    return copies[-1][:-1], build[install][1]


@pytest.fixture(scope="session")
def image_venv(
    tutorial_run: TutorialRun, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The image's /opt/venv, made here by the Dockerfile's own command.

    The lock files its ``COPY`` names are copied into a build folder, and its
    ``RUN`` runs there with ``/opt`` moved under a temporary folder; ``python``
    is this interpreter (the image's is python:3.11-slim's).
    """
    sources, command = _build_stage_install(tutorial_run.service / "Dockerfile")
    root = tmp_path_factory.mktemp("image")
    build, bin_dir = root / "build", root / "bin"
    build.mkdir()
    bin_dir.mkdir()
    for source in sources:
        shutil.copy(tutorial_run.service / source, build / source)
    (bin_dir / "python").symlink_to(sys.executable)
    assert command.count("/opt/") >= 4
    subprocess.run(
        ["sh", "-c", command.replace("/opt/", f"{root}/opt/")],
        cwd=build,
        env={**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"},
        check=True,
        capture_output=True,
    )
    return root / "opt" / "venv" / "bin" / "python"


def _installed(python: Path) -> dict[str, str]:
    """Every distribution in ``python``'s environment: name -> version."""
    listed = subprocess.run(
        [
            str(python),
            "-c",
            "import importlib.metadata as m, json; print(json.dumps("
            "{d.metadata['Name']: d.version for d in m.distributions()}))",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {canonicalize_name(name): v for name, v in json.loads(listed).items()}


def _runtime_lock(tutorial_run: TutorialRun) -> dict[str, str]:
    """requirements.lock's packages for this Python: name -> locked version."""
    return {
        entry.name: entry.version
        for entry in read_lock(tutorial_run.service / "requirements.lock")
        if not entry.marker or Marker(entry.marker).evaluate()
    }


def test_add_pinned_the_package_and_the_image_installs_it_locked(
    tutorial_run: TutorialRun, image_venv: Path
) -> None:
    requirements = (tutorial_run.service / "requirements.txt").read_text("utf-8")
    (pin,) = [line for line in requirements.splitlines() if line.startswith(ADDED)]
    locked = _runtime_lock(tutorial_run)

    assert pin == f"{ADDED}=={locked[ADDED]}"
    assert _installed(image_venv)[ADDED] == locked[ADDED]


def test_the_venv_has_the_images_version_of_every_runtime_package(
    tutorial_run: TutorialRun, image_venv: Path
) -> None:
    locked = _runtime_lock(tutorial_run)
    image = _installed(image_venv)
    venv = _installed(tutorial_run.service / ".venv" / "bin" / "python")

    assert {name: image.get(name) for name in locked} == locked
    assert {name: venv.get(name) for name in locked} == locked
    assert "pytest" in venv
    assert not {"pytest", "uv", "pip"} & set(image), "runtime only, no installer"


def test_the_api_bench_runs_on_the_generated_service(
    tutorial_run: TutorialRun, tmp_path: Path
) -> None:
    """Quick mode (an httpx loop, no wrk): the service, each layer out, bare."""
    output = tmp_path / "api.json"
    service = tutorial_run.service
    python = service / ".venv" / "bin" / "python"
    result = subprocess.run(
        [
            *(sys.executable, "-m", "bench.bench_api", "--quick"),
            *("--output", str(output), "--service", str(service)),
            *("--python", str(python)),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr[-3000:]
    results = json.loads(output.read_text("utf-8"))
    assert results["machine"]["python"] == python_version(str(python))
    for route in ("health", "user"):
        measured = results["routes"][route]["motor"]
        assert measured["service"]["requests_per_s"] > 0
        assert measured["baseline"]["requests_per_s"] > 0
        assert measured["service"]["app_cpu_us"] > 0
        without = results["layers"]["routes"][route]["without"]
        assert sorted(without) == sorted(VARIANTS)
        assert all(run["requests_per_s"] > 0 for run in without.values())
        own_cpu = results["layers"]["cpu"]["routes"][route]
        assert own_cpu["service"] > own_cpu["without"]["all"]["app_cpu_us"] > 0
    commands = results["layers"]["driver_options"]["drivers"]["motor"]
    assert sorted(commands) == ["find_one", "ping"]
    for cpu in commands.values():
        assert cpu["service_options"] > 0
        assert cpu["driver_defaults"] > 0
