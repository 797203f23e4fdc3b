"""Every Python sample in README.md and docs/ runs, page by page, against a local emulator."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.docs.samples import pages, samples

WITH_SAMPLES = [page for page in pages() if samples(page)]


@pytest.mark.parametrize("page", WITH_SAMPLES, ids=lambda p: str(p.relative_to(ROOT)))
def test_page_samples_run(page: Path, sample_env: Path) -> None:
    namespace: dict[str, object] = {"__name__": "__docs_sample__"}
    for sample in samples(page):
        exec(sample.compiled(), namespace)  # noqa: S102 - our own documentation


def test_the_pages_that_teach_by_example_have_samples() -> None:
    names = {str(page.relative_to(ROOT)) for page in WITH_SAMPLES}
    expected = {
        "docs/getting-started.md",
        "docs/guide/sessions.md",
        "docs/guide/tokens.md",
        "docs/errors.md",
        "docs/transport.md",
        "docs/testing.md",
        "docs/emulator.md",
        "docs/migration.md",
        "docs/guide/archives.md",
        "docs/guide/broadcasts.md",
        "docs/guide/signals-streams.md",
        "docs/guide/sip-media.md",
        "docs/guide/callbacks.md",
        "docs/guide/signed-callbacks.md",
        "docs/guide/waiters.md",
        "docs/guide/downloads.md",
        "docs/guide/router.md",
        "docs/guide/presence.md",
    }
    assert expected <= names


def test_extraction_keeps_order_lines_and_skips_other_languages(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("# t\n\n```sh\nmake\n```\n\n```python\nx = 1\n```\n\n````python\ny = x\n````\n")
    found = samples(page)
    assert [(s.line, s.code) for s in found] == [(8, "x = 1\n"), (12, "y = x\n")]
