"""``BodyReader``, the one decoder every transport feeds raw body bytes: any split of the
raw bytes decodes to the same body; the cap is exact and holds while inflating; what it cannot
decode is said in ``Response.undecodable``, and ``finish`` makes that UnexpectedResponse."""

from __future__ import annotations

import gzip
import tracemalloc
import zlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opentok_core import BodyReader, Response, UnexpectedResponse, finish
from opentok_core.operations import GetArchive

BODY = b'{"id":"a1","items":[' + b",".join(b'"%d"' % i for i in range(3000)) + b"]}"

CODED = {
    "gzip": ("gzip", gzip.compress(BODY)),
    "x-gzip": ("x-gzip", gzip.compress(BODY)),
    "gzip members": ("gzip", gzip.compress(BODY[:100]) + gzip.compress(BODY[100:])),
    "deflate": ("deflate", zlib.compress(BODY)),
    "raw deflate": ("deflate", zlib.compress(BODY)[2:-4]),
    "identity": ("identity", BODY),
    "identity listed": ("identity, gzip", gzip.compress(BODY)),
    "none": (None, BODY),
}


def read(coding: str | None, raw: bytes, cuts: list[int], cap: int = 1 << 20) -> Response:
    """What ``BodyReader`` makes of ``raw`` fed in pieces cut at ``cuts``."""
    reader = BodyReader(coding, cap)
    edges = [0, *sorted(c % (len(raw) + 1) for c in cuts), len(raw)]
    for start, end in zip(edges, edges[1:], strict=False):
        if reader.feed(raw[start:end]):
            break
    return reader.response(200, [("content-encoding", coding or "")])


@pytest.mark.parametrize("label", list(CODED))
@given(cuts=st.lists(st.integers(min_value=0), max_size=8))
def test_any_split_of_the_raw_bytes_decodes_to_the_body(label: str, cuts: list[int]) -> None:
    coding, raw = CODED[label]
    response = read(coding, raw, cuts)
    assert (response.body, response.truncated, response.undecodable) == (BODY, False, "")


@pytest.mark.parametrize("label", ["gzip", "raw deflate", "identity"])
@pytest.mark.parametrize("cap", [0, 1, len(BODY) - 1, len(BODY), len(BODY) + 1])
def test_the_cap_keeps_exactly_its_bytes_and_says_the_body_was_cut(label: str, cap: int) -> None:
    coding, raw = CODED[label]
    response = read(coding, raw, list(range(0, len(raw), 999)), cap)
    assert response.body == BODY[:cap]
    assert response.truncated == (cap < len(BODY))


@pytest.mark.parametrize("mebibytes", [64, 256])
def test_a_bomb_costs_the_cap_plus_a_constant_whatever_it_inflates_to(mebibytes: int) -> None:
    cap = 1 << 20
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = bytes(1 << 20)
    bomb = b"".join([compressor.compress(zeros) for _ in range(mebibytes)] + [compressor.flush()])
    reader = BodyReader("gzip", cap)
    tracemalloc.start()
    try:
        stopped = reader.feed(bomb)  # in one chunk: the transports' are smaller
        response = reader.response(200, [])
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert stopped and response.truncated and len(response.body) == cap
    assert peak < cap + 512 * 1024, f"+{peak - cap} bytes"


UNDECODABLE = {
    "content-encoding 'br' is not supported": ("br", b"\x0b\x02\x80"),
    "content-encoding 'gzip, deflate' is not supported": ("gzip, deflate", b"x"),
    "the compressed data is corrupt: incorrect header check": ("gzip", b"\x1f\x8c" + b"x" * 20),
    "the compressed data is corrupt: invalid block type": ("deflate", b"\x78\x9c\x07xyz"),
    "the compressed data ends early": ("gzip", gzip.compress(BODY)[:-1]),
    "bytes follow the end of the compressed data": ("deflate", zlib.compress(BODY) + b"\0"),
}


@pytest.mark.parametrize("why", list(UNDECODABLE))
def test_what_cannot_be_decoded_is_said_and_finish_raises_unexpected_response(why: str) -> None:
    coding, raw = UNDECODABLE[why]
    response = read(coding, raw, [3])
    assert response.undecodable == why and not response.truncated
    assert why in repr(response)
    with pytest.raises(UnexpectedResponse, match=f"the body could not be decoded: {why}$"):
        finish(GetArchive(archive_id="a1"), response)


@pytest.mark.parametrize("coding", ["gzip", "deflate", "br", "identity"])
def test_an_empty_body_needs_no_decoding_whatever_its_coding(coding: str) -> None:
    # a 204's, a HEAD's
    response = read(coding, b"", [])
    assert (response.body, response.truncated, response.undecodable) == (b"", False, "")


def test_a_body_read_in_one_piece_is_handed_over_as_it_came() -> None:
    reader = BodyReader(None, 1 << 20)
    reader.feed(BODY)
    assert reader.response(200, []).body is BODY
