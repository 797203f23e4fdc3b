#!/usr/bin/env python3
"""Generate the sync client from the async one (httpcore's ``scripts/unasync.py`` idea).

``src/opentok_async/{_api,_client}.py`` are edited by hand; this rewrites them into
``src/opentok_sync/`` with a fixed substitution table: code rules, then prose rules, so that
every docstring and comment of the sync files is true of a blocking, thread-safe client.
``--check`` fails (exit 1) when the committed sync files differ from what would be generated,
when a rule went unused, or when async-only wording survives the rules.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FILES = ["_api.py", "_client.py"]

# (pattern, replacement); applied in order with word boundaries where it matters.
RULES: list[tuple[str, str]] = [
    (r"\bAsyncClient\b", "Client"),
    (r"\bAsyncApi\b", "Api"),
    (r"\bAsyncBound\b", "Bound"),
    (r"\bAsyncIterator\b", "Iterator"),
    (r"\bAsyncTransport\b", "Transport"),
    (r"\bHttpxTransport\b", "Urllib3Transport"),
    (r"\bhandle_async_request\b", "handle_request"),
    (r"\baclose\b", "close"),
    (r"__aenter__", "__enter__"),
    (r"__aexit__", "__exit__"),
    (r"\basync def\b", "def"),
    (r"\basync for\b", "for"),
    (r"\bawait ", ""),
    (r"from anyio import sleep as _sleep", "from time import sleep as _sleep"),
    # Prose: what is true of the async client, said of the sync one.
    (r"``anyio\.sleep``", "``time.sleep``"),
    (r"\btasks of one event loop\b", "threads"),
]

#: Words that are true only of the async client: none may survive into a generated file.
ASYNC_ONLY = re.compile(
    r"\b(?:async|await|awaits|awaited|awaitable|coroutines?|event loops?|tasks?|anyio|asyncio)\b"
    r"|source of truth",
    re.IGNORECASE,
)

HEADER = (
    "# Generated from src/opentok_async/{name} by tools/unasync.py — edit that file, then run\n"
    "# `python tools/unasync.py`; `tools/unasync.py --check` fails while this copy differs.\n"
)


def convert(text: str, used: set[int]) -> str:
    for i, (pattern, replacement) in enumerate(RULES):
        text, n = re.subn(pattern, replacement, text)
        if n:
            used.add(i)
    return text


def async_only(name: str, text: str) -> list[str]:
    """``file:line: word`` for each async-only word left in generated ``text``."""
    return [
        f"src/opentok_sync/{name}:{number}: {match.group(0)!r}"
        for number, line in enumerate(text.splitlines(), 1)
        for match in ASYNC_ONLY.finditer(line)
    ]


def main(argv: list[str]) -> int:
    check = "--check" in argv
    used: set[int] = set()
    stale = []
    leftovers = []
    for name in FILES:
        source = (ROOT / "src" / "opentok_async" / name).read_text()
        target = ROOT / "src" / "opentok_sync" / name
        body = convert(source, used)
        leftovers += async_only(name, body)
        generated = HEADER.format(name=name) + body
        if check:
            if not target.exists() or target.read_text() != generated:
                stale.append(str(target.relative_to(ROOT)))
        else:
            target.write_text(generated)
    unused = [RULES[i][0] for i in range(len(RULES)) if i not in used]
    if stale:
        print("out of date (run python tools/unasync.py):", ", ".join(stale))
    if unused:
        print("unused unasync rules:", ", ".join(unused))
    if leftovers:
        print("async-only wording in generated code (reword the async source or add a rule):")
        print("\n".join("  " + leftover for leftover in leftovers))
    return 1 if (stale or unused or leftovers) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
