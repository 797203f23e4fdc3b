"""The documentation site builds with `mkdocs build --strict` (no warnings), browses from disk
(plain .html links, the search index in a script), loads nothing from the network, and its
API reference names every public method of both clients, the generated facade's included: the
list comes from the classes, so a method added tomorrow is checked too."""

from __future__ import annotations

import inspect
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from opentok_async import AsyncClient
from opentok_sync import Client
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site, built once for this module's tests."""
    site = tmp_path_factory.mktemp("docs") / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        # Material's banner about MkDocs 2 is not a warning about these pages.
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr[-4000:]
    assert "WARNING" not in result.stderr, result.stderr[-4000:]
    return site


def test_docs_build_strictly_and_load_nothing_remote(site: Path) -> None:
    remote = re.compile(r"""<(?:script|link|img)\b[^>]*(?:src|href)=["']https?://""")
    offenders = [
        str(page.relative_to(site))
        for page in site.rglob("*.html")
        if remote.search(page.read_text(encoding="utf-8"))
    ]
    assert offenders == []
    reference = (site / "reference" / "core.html").read_text(encoding="utf-8")
    assert "generate_token" in reference and "ValidationError" in reference


def test_the_site_browses_from_disk(site: Path) -> None:
    """From file:// a link to a directory shows a listing and fetch() of the search index is
    refused: every link names its .html page, and the index is a script the page loads."""
    page = (site / "guide" / "sessions.html").read_text(encoding="utf-8")
    links = re.findall(r'<a [^>]*href="([^"#]+)"', page)
    local = [link for link in links if not link.startswith(("http:", "https:", "mailto:"))]
    assert local and [link for link in local if not link.endswith(".html")] == []
    assert (site / "search" / "search_index.js").read_text().startswith("var __index = ")
    assert "assets/iframe-worker/shim.js" in page


def public_methods(cls: type) -> list[str]:
    return sorted(n for n, m in inspect.getmembers(cls) if callable(m) and not n.startswith("_"))


@pytest.mark.parametrize(
    ("cls", "page", "path"),
    [(Client, "sync", "opentok_sync.Client"), (AsyncClient, "async", "opentok_async.AsyncClient")],
)
def test_the_reference_names_every_client_method_with_its_docstring(
    site: Path, cls: type, page: str, path: str
) -> None:
    html = (site / "reference" / f"{page}.html").read_text(encoding="utf-8")
    methods = public_methods(cls)
    assert len(methods) > 40  # create_session ... and whatever the facade gains
    # among them those the later issues added: connections, waiters, downloads, callbacks
    added = {"list_connections", "wait_for_archive", "download_archive", "verify_callback"}
    assert added <= set(methods)
    assert [m for m in methods if f'id="{path}.{m}"' not in html] == []
    for name in methods:
        doc = inspect.getdoc(getattr(cls, name))
        assert doc, f"{cls.__name__}.{name} has no docstring"
        section = html.split(f'id="{path}.{name}"', 1)[1][:20000]
        words = re.sub(r"[`*]", "", doc.split("\n", 1)[0]).split()[:3]
        assert " ".join(words) in re.sub(r"<[^>]+>", "", section), (name, words)


def test_a_literal_alias_in_a_signature_links_to_its_values(site: Path) -> None:
    # `output_mode: OutputMode | OutputModeValue` says nothing until the alias shows its text.
    sync = (site / "reference" / "sync.html").read_text(encoding="utf-8")
    signature = sync.split('id="opentok_sync.Client.start_archive"', 1)[1].split("</code>", 1)[0]
    assert 'href="core.html#opentok_core.OutputModeValue"' in signature
    core = (site / "reference" / "core.html").read_text(encoding="utf-8")
    entry = core.split('id="opentok_core.OutputModeValue"', 1)[1][:3000]
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", entry))
    assert "OutputModeValue = Literal['composed', 'individual']" in text


def test_the_reference_names_every_web_adapter(site: Path) -> None:
    import importlib
    import pkgutil

    import opentok_web

    html = (site / "reference" / "web.html").read_text(encoding="utf-8")
    names = [
        f"{module.__name__}.{name}"
        for info in pkgutil.iter_modules(opentok_web.__path__, "opentok_web.")
        for module in [importlib.import_module(info.name)]
        for name, f in inspect.getmembers(module, inspect.isfunction)
        if f.__module__ == module.__name__ and not name.startswith("_")
    ]
    assert len(names) >= 4  # flask.view, fastapi.endpoint, django.view, django.async_view
    assert [n for n in names if f'id="{n}"' not in html] == []
