"""Citations a reader can follow: every ``spec/service.md#<anchor>`` cited in the code, tests,
docs and spec names a heading that page has, the page's own links resolve, and nothing cites
the private notes the facts were first gathered in (``reference A.2`` and the like)."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import ROOT

SERVICE = ROOT / "spec" / "service.md"
# One citation: the page, its first anchor, and the anchors that continue it, on the same line
# or the next ("spec/service.md#audio-connector, #live-captions").
CITATION = re.compile(r"spec/service\.md#([a-z0-9_-]+)((?:,\s*#[a-z0-9_-]+)*)")
PRIVATE = re.compile(r"\breference [A-H](?:\.\d+)?\b|rest-api\.md|shared/reference")


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def anchors() -> list[str]:
    lines = SERVICE.read_text(encoding="utf-8").splitlines()
    return [slug(line.lstrip("#")) for line in lines if re.match(r"#{1,6} ", line)]


def cited_files() -> list[Path]:
    found = [ROOT / "README.md"]
    for folder, patterns in (
        ("src", ("*.py",)),
        ("tests", ("*.py",)),
        ("docs", ("*.md",)),
        ("spec", ("*.md", "*.toml")),
        ("tools", ("*.py",)),
        ("examples", ("*.py", "*.md")),
    ):
        for pattern in patterns:
            found.extend(sorted((ROOT / folder).rglob(pattern)))
    return [path for path in found if path.resolve() != Path(__file__).resolve()]


def citations() -> list[tuple[str, str]]:
    cited = []
    for path in cited_files():
        text = path.read_text(encoding="utf-8")
        for match in CITATION.finditer(text):
            where = f"{path.relative_to(ROOT)}:{text.count(chr(10), 0, match.start()) + 1}"
            cited.append((where, match.group(1)))
            cited.extend((where, more) for more in re.findall(r"#([a-z0-9_-]+)", match[2]))
    return cited


def test_the_headings_give_distinct_anchors() -> None:
    names = anchors()
    assert len(names) > 40
    assert sorted({n for n in names if names.count(n) > 1}) == []


def test_every_citation_names_an_anchor_of_the_page() -> None:
    known = set(anchors())
    cited = citations()
    assert len(cited) > 90  # the code cites the page throughout
    assert [(where, anchor) for where, anchor in cited if anchor not in known] == []


def test_the_page_links_only_to_its_own_anchors_and_public_urls() -> None:
    text = SERVICE.read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)]+)\)", text)
    local = [t[1:] for t in targets if t.startswith("#")]
    assert [t for t in local if t not in set(anchors())] == []
    assert [t for t in targets if not t.startswith(("#", "https://"))] == []


def test_nothing_cites_the_private_notes() -> None:
    stale = []
    for path in cited_files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if PRIVATE.search(line):
                stale.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert stale == []
