"""The site's image: hadolint-clean, built strictly, served with its headers."""

from __future__ import annotations

import base64
import gzip
import hashlib
import re
import shlex
import subprocess
import sys
from pathlib import Path

import httpx

from deploy.site.site_server import create_app
from tests.browser.helpers import page_paths
from tests.conftest import ROOT
from tests.hosting.conftest import DOCKERFILE, container_command, instructions
from tests.test_dependencies import read_lock

HADOLINT = Path(sys.executable).parent / "hadolint"
MEDIA_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".xml": "application/xml",
    ".gz": "application/gzip",
    ".png": "image/png",
    ".inv": "application/octet-stream",
}
OTHER_TYPE = "application/octet-stream"  # mermaid.LICENSE
# Material's assets carry a content hash in their names (main.57a0d79d.min.css),
# and so do the build's scripts and styles (diagrams.253fda1077b1.js)
FINGERPRINT = re.compile(r"\.[0-9a-f]{8,}(?:\.min)?\.(?:js|css)(?:\.map)?$")
SCRIPT_SOURCE = re.compile(r'<script src="([^"]+)"')
IMMUTABLE = "private, max-age=31536000, immutable"


def _sha256_source(script: str) -> str:
    digest = hashlib.sha256(script.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def _hadolint(dockerfile: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(HADOLINT), "--no-color", str(dockerfile)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_dockerfile_passes_hadolint() -> None:
    result = _hadolint(DOCKERFILE)

    assert result.returncode == 0, result.stdout + result.stderr


def test_hadolint_runs_on_the_site_dockerfile(tmp_path: Path) -> None:
    unpinned = tmp_path / "Dockerfile"
    unpinned.write_text(
        DOCKERFILE.read_text().replace("# hadolint ignore=DL3008\n", "")
    )

    result = _hadolint(unpinned)

    assert result.returncode != 0
    assert "DL3008" in result.stdout


def test_dockerfile_builds_strictly_then_serves_as_a_non_root_user() -> None:
    steps = instructions()
    stages = [i for i, (kind, _) in enumerate(steps) if kind == "FROM"]
    assert [steps[i][1] for i in stages] == [
        "python:3.11-slim AS build",
        "python:3.11-slim",
    ]
    build, run = steps[: stages[1]], steps[stages[1] :]
    build_runs = " ".join(args for kind, args in build if kind == "RUN")
    assert "--require-hashes --no-deps -r requirements-uv.lock" in build_runs
    syncs = re.findall(
        r"uv pip sync --no-cache --require-hashes --python \S+ (\S+)", build_runs
    )
    assert syncs == ["requirements.lock", "requirements-server.lock"]
    assert ("COPY", "deploy/site/requirements.lock requirements-server.lock") in build
    assert "sh deploy/site/build-site.sh /site" in build_runs
    script = (ROOT / "deploy/site/build-site.sh").read_text()
    assert 'python -m mkdocs build --strict --site-dir "$out"' in script
    copies = [args for kind, args in run if kind == "COPY"]
    assert copies == [
        "--from=build /opt/venv /opt/venv",
        "deploy/site/site_server.py .",
        "--from=build /site /app/site",
    ]
    assert "/opt/uv" not in " ".join(a for _, a in run), "uv stays in the build stage"
    env = {args for kind, args in run if kind == "ENV"}
    assert {"PORT=8080", "SITE_DIR=/app/site"} <= env
    assert ("USER", "10001") in run
    assert ("EXPOSE", "8080") in run
    shell, dash_c, script = container_command()
    assert (shell, dash_c) == ("sh", "-c")
    command = shlex.split(script)
    assert command[:4] == ["exec", "uvicorn", "site_server:create_app", "--factory"]
    assert command[command.index("--port") + 1] == "${PORT}"


def _expected_csp(site: Path) -> str:
    """The policy, with hashes computed here from the pages' inline scripts."""
    scripts: set[str] = set()
    for html in site.rglob("*.html"):
        text = html.read_text()
        for chunk in text.split("<script")[1:]:
            opening, _, rest = chunk.partition(">")
            if " src=" not in opening:
                scripts.add(rest.partition("</script>")[0])
    hashes = " ".join(sorted(_sha256_source(script) for script in scripts))
    return (
        f"default-src 'self'; script-src 'self' {hashes}; "
        "style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'self'; form-action 'self'; "
        "frame-ancestors 'none'"
    )


def _urls(site: Path) -> dict[str, Path]:
    """Every file of the site by its URL path; pages by their directory URL."""
    urls = {path.relative_to(site).as_posix(): path for path in site.rglob("*")}
    urls = {url: path for url, path in urls.items() if path.is_file()}
    urls.update({page: site / page / "index.html" for page in page_paths(site)})
    return urls


def test_every_file_answers_200_with_its_type_and_the_headers(
    container_url: str, built_site: Path
) -> None:
    csp = _expected_csp(built_site)
    urls = _urls(built_site)
    assert len(urls) > 50
    wrong: list[str] = []
    with httpx.Client(base_url=container_url) as client:
        for url, path in urls.items():
            response = client.get(url)
            suffix = path.suffix if path.name != "index.html" else ".html"
            expected = {
                "status": 200,
                "content-type": MEDIA_TYPES.get(suffix, OTHER_TYPE),
                "content-security-policy": csp,
                "x-content-type-options": "nosniff",
                "cache-control": IMMUTABLE
                if FINGERPRINT.search(url)
                else "private, no-cache",
                "body": path.read_bytes(),
            }
            actual = {
                **{key: response.headers.get(key) for key in expected},
                "status": response.status_code,
                "body": response.content,
            }
            if actual != expected:
                wrong.append(url)
    assert wrong == []


def test_unknown_paths_answer_the_404_page_never_cached(container_url: str) -> None:
    response = httpx.get(container_url + "sop/99-nothing/")

    assert response.status_code == 404
    assert "404" in response.text
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["content-security-policy"].startswith("default-src")


def test_a_page_is_revalidated_with_its_etag(container_url: str) -> None:
    first = httpx.get(container_url + "sop/03-mongodb/")
    again = httpx.get(
        container_url + "sop/03-mongodb/",
        headers={"if-none-match": first.headers["etag"]},
    )

    assert again.status_code == 304
    assert again.headers["cache-control"] == "private, no-cache"


def test_every_script_of_a_diagram_page_is_kept_a_year(
    container_url: str, built_site: Path
) -> None:
    html = (built_site / "architecture" / "index.html").read_text("utf-8")
    names = {source.rpartition("/")[2] for source in SCRIPT_SOURCE.findall(html)}
    names |= set(re.findall(r'data-(?:mermaid|panzoom)="([^"]+)"', html))
    assert {name.partition(".")[0] for name in names} >= {
        "bundle",
        "search-rule-ids",
        "diagrams",
        "mermaid",
        "panzoom",
    }
    with httpx.Client(base_url=container_url) as client:
        answers = {name: client.head(f"assets/javascripts/{name}") for name in names}
    assert {
        name: (answer.status_code, answer.headers["cache-control"])
        for name, answer in answers.items()
    } == {name: (200, IMMUTABLE) for name in names}


def _raw(client: httpx.Client, url: str, encoding: str) -> tuple[httpx.Headers, bytes]:
    """The headers and the body, not decoded, of the answer to ``url``."""
    with client.stream("GET", url, headers={"accept-encoding": encoding}) as answer:
        return answer.headers, b"".join(answer.iter_raw())


def _largest(site: Path, pattern: str) -> str:
    """The URL path of the site's largest file matching ``pattern``."""
    path = max(site.glob(pattern), key=lambda file: file.stat().st_size)
    return path.relative_to(site).as_posix()


def test_text_is_sent_gzipped_to_a_browser_that_accepts_it(
    container_url: str, built_site: Path
) -> None:
    text = {
        "sop/03-mongodb/": built_site / "sop/03-mongodb/index.html",
        **{
            url: built_site / url
            for url in (
                "search/search_index.json",
                "sitemap.xml",
                _largest(built_site, "assets/stylesheets/*.css"),
                _largest(built_site, "assets/javascripts/*.js"),
            )
        },
    }
    with httpx.Client(base_url=container_url) as client:
        for url, file in text.items():
            headers, body = _raw(client, url, "gzip, deflate, br, zstd")
            assert headers.get("content-encoding") == "gzip", url
            assert "accept-encoding" in headers["vary"].lower(), url
            assert gzip.decompress(body) == file.read_bytes(), url
            assert len(body) < file.stat().st_size / 2, url
            headers, body = _raw(client, url, "identity")
            assert "content-encoding" not in headers, url
            assert body == file.read_bytes(), url
        headers, _ = _raw(client, "assets/images/favicon.png", "gzip")
    assert "content-encoding" not in headers


async def test_the_policy_admits_exactly_the_sites_inline_scripts(
    tmp_path: Path,
) -> None:
    (tmp_path / "data.json").mkdir()
    (tmp_path / "data.json" / "index.html").write_text("<p>a page</p>")
    (tmp_path / "index.html").write_text(
        '<script>var a=1</script><script src="x.js"></script>'
        '<script type="application/json">{}</script>'
    )
    transport = httpx.ASGITransport(app=create_app(tmp_path))
    async with httpx.AsyncClient(transport=transport, base_url="http://site") as client:
        policy = (await client.get("/")).headers["content-security-policy"]
        page = await client.get("/data.json/")

    assert page.headers["content-type"] == "text/html; charset=utf-8"

    script_src = next(p for p in policy.split("; ") if p.startswith("script-src"))
    hashes = sorted([_sha256_source("var a=1"), _sha256_source("{}")])
    assert script_src == " ".join(["script-src", "'self'", *hashes])


def test_the_image_server_lock_is_cut_from_the_root_lock() -> None:
    site_lock = read_lock(ROOT / "deploy/site/requirements.lock")
    root = {
        (e.name, e.version, e.hashes) for e in read_lock(ROOT / "requirements.lock")
    }

    assert {e.name for e in site_lock} >= {"starlette", "uvicorn"}
    assert [
        e.name for e in site_lock if (e.name, e.version, e.hashes) not in root
    ] == []
