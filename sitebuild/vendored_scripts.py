"""Third-party scripts the site serves, copied from the packages in ``tools/npm``.

Mermaid and Panzoom are pinned, with their integrity hashes, in
``tools/npm/package-lock.json``. The site serves copies committed under
``docs/assets/javascripts/``, so ``make serve`` needs no npm; ``make
vendor-js`` (``python -m sitebuild.vendored_scripts``) copies them again from
``tools/npm/node_modules`` after ``npm ci``, and a test fails when a committed
copy differs from its package's file.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

NODE_MODULES = "tools/npm/node_modules"
# Served file (repository path) -> (npm package, the file in the package).
VENDORED = {
    "docs/assets/javascripts/mermaid.min.js": ("mermaid", "dist/mermaid.min.js"),
    "docs/assets/javascripts/mermaid.LICENSE": ("mermaid", "LICENSE"),
    "docs/assets/javascripts/panzoom.min.js": (
        "@panzoom/panzoom",
        "dist/panzoom.min.js",
    ),
    "docs/assets/javascripts/panzoom.LICENSE": ("@panzoom/panzoom", "MIT-License.txt"),
}


def package_file(root: Path, served: str) -> Path:
    """The installed package's file that ``served`` is a copy of."""
    package, path = VENDORED[served]
    return root / NODE_MODULES / package / path


def copy_all(root: Path) -> list[str]:
    """Copy every vendored file from its package; the served paths it copied."""
    missing = [s for s in VENDORED if not package_file(root, s).is_file()]
    if missing:
        raise FileNotFoundError(
            f"{package_file(root, missing[0])} is missing: run make js-tools"
        )
    for served in VENDORED:
        shutil.copyfile(package_file(root, served), root / served)
    return list(VENDORED)


def main() -> int:
    """Copy the files into the checkout in the current folder (exit 2 if npm
    has not installed them)."""
    try:
        copied = copy_all(Path.cwd())
    except FileNotFoundError as error:
        print(f"vendored_scripts: {error}", file=sys.stderr)
        return 2
    print("\n".join(f"copied {served}" for served in copied))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
