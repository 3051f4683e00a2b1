"""Scripts and styles served under names that carry a hash of their content.

A fingerprinted name (``diagrams.3f2a9c1b0d4e.js``) changes whenever its file
does, so the site's server lets a browser keep such a file for a year without
asking again (``deploy/site/site_server.py``), while the pages that name the
files are revalidated on every visit. The build fingerprints the site's own
scripts and styles under ``docs/assets/`` and adds the third-party scripts
the diagrams load, Mermaid and Panzoom, straight from the npm packages pinned
with their integrity hashes in ``tools/npm`` (``make js-tools`` installs
them), their licences beside them. Templates name a file by its plain name
through the ``asset`` filter (:func:`asset_filter`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path

from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

NODE_MODULES = "tools/npm/node_modules"
ASSETS_DIR = "assets/"
FINGERPRINTED_TYPES = (".js", ".css")
HASH_LENGTH = 12
# plain name, hash, the rest ("mermaid", "0123456789ab", "min.js")
FINGERPRINTED_NAME = re.compile(
    rf"^(?P<stem>.*/[^/.]+)\.(?P<hash>[0-9a-f]{{{HASH_LENGTH}}})\.(?P<suffix>[^/]+)$"
)
# Served file -> (npm package, its file in the package).
PACKAGE_FILES: dict[str, tuple[str, str]] = {
    "assets/javascripts/mermaid.min.js": ("mermaid", "dist/mermaid.min.js"),
    "assets/javascripts/mermaid.LICENSE": ("mermaid", "LICENSE"),
    "assets/javascripts/panzoom.min.js": ("@panzoom/panzoom", "dist/panzoom.min.js"),
    "assets/javascripts/panzoom.LICENSE": ("@panzoom/panzoom", "MIT-License.txt"),
}


def fingerprinted_name(uri: str, content: bytes) -> str:
    """``uri`` with the hash of ``content`` before its suffixes."""
    folder, _, name = uri.rpartition("/")
    stem, _, suffix = name.partition(".")
    digest = hashlib.sha256(content).hexdigest()[:HASH_LENGTH]
    return f"{folder}/{stem}.{digest}.{suffix}"


def is_fingerprinted(uri: str) -> bool:
    """Whether ``uri`` names a script or style this build fingerprinted."""
    return bool(FINGERPRINTED_NAME.match(uri)) and uri.endswith(FINGERPRINTED_TYPES)


def package_file(root: Path, served: str) -> Path:
    """The installed package's file that the site serves as ``served``."""
    package, path = PACKAGE_FILES[served]
    return root / NODE_MODULES / package / path


def _serve(files: Files, config: MkDocsConfig, uri: str, source: Path) -> str:
    """Add ``source`` to the site as ``uri``, fingerprinted if a script or
    style; the name it is served under."""
    served = uri
    if uri.endswith(FINGERPRINTED_TYPES):
        served = fingerprinted_name(uri, source.read_bytes())
    files.append(File.generated(config, served, abs_src_path=str(source)))
    return served


def fingerprint_assets(files: Files, config: MkDocsConfig, root: Path) -> None:
    """Serve every script and style of ``docs/assets/`` and of the pinned
    packages under its fingerprinted name, and name those in the config's
    ``extra_javascript`` and ``extra_css``."""
    docs_dir = Path(config.docs_dir).resolve()
    served: dict[str, str] = {}
    own = [
        file
        for file in files
        if file.abs_src_path
        and Path(file.abs_src_path).is_relative_to(docs_dir)
        and file.src_uri.startswith(ASSETS_DIR)
        and file.src_uri.endswith(FINGERPRINTED_TYPES)
    ]
    for file in own:
        files.remove(file)
        source = Path(str(file.abs_src_path))
        served[file.src_uri] = _serve(files, config, file.src_uri, source)
    for uri in PACKAGE_FILES:
        source = package_file(root, uri)
        if not source.is_file():
            raise PluginError(
                f"{source.relative_to(root)} is missing: run make js-tools"
            )
        served[uri] = _serve(files, config, uri, source)
    for script in config.extra_javascript:
        if isinstance(script, ExtraScriptValue):
            script.path = served.get(script.path, script.path)
    config.extra_javascript = [
        served.get(script, script) if isinstance(script, str) else script
        for script in config.extra_javascript
    ]
    config.extra_css = [served.get(style, style) for style in config.extra_css]


def asset_filter(files: Files) -> Callable[[str], str]:
    """The ``asset`` template filter: a script's or style's plain name (as in
    ``docs/``) to the name it is served under."""
    served = {
        f"{match['stem']}.{match['suffix']}": file.src_uri
        for file in files
        if (match := FINGERPRINTED_NAME.match(file.src_uri))
        and is_fingerprinted(file.src_uri)
    }

    def asset(uri: str) -> str:
        if uri not in served:
            raise PluginError(f"no script or style {uri} in the site")
        return served[uri]

    return asset
