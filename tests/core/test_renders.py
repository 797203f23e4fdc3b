"""Experience Composer: golden wire, 202/204 success, parsing, validation, migration shape."""

from __future__ import annotations

import datetime as dt

import pytest

from opentok_core import (
    GetRender,
    ListRenders,
    NotFound,
    Page,
    Render,
    RenderStatus,
    Resolution,
    Response,
    StartRender,
    StopRender,
    ValidationError,
    finish,
)
from tests.conftest import fixture_body
from tests.wire import CONFIG, PREFIX, bare_headers, json_headers, wire

SID = "1_MX4xMjM0NTZ-fg"
TOKEN = "T1==publisher-token"
URL = "https://webapp.customer.com/composer"
RENDER = "1248e7070b81464c9789f46ad10e7764"


def test_start_render_defaults_golden_without_properties_null() -> None:
    op = StartRender(session_id=SID, token=TOKEN, url=URL)
    assert wire(op.build(CONFIG)) == (
        "POST",
        f"{PREFIX}/render",
        json_headers(),
        (
            b'{"sessionId":"1_MX4xMjM0NTZ-fg","token":"T1==publisher-token",'
            b'"url":"https://webapp.customer.com/composer","maxDuration":7200,'
            b'"resolution":"1280x720"}'
        ),
    )
    assert b"properties" not in op.build(CONFIG).body and b"null" not in op.build(CONFIG).body


def test_start_render_with_every_option_golden() -> None:
    op = StartRender(
        session_id=SID,
        token=TOKEN,
        url=URL,
        max_duration=60,
        resolution="1080x1920",  # type: ignore[arg-type]
        stream_name="Composed stream",
    )
    assert op.resolution is Resolution.FHD_PORTRAIT
    assert op.build(CONFIG).body == (
        b'{"sessionId":"1_MX4xMjM0NTZ-fg","token":"T1==publisher-token",'
        b'"url":"https://webapp.customer.com/composer","maxDuration":60,'
        b'"resolution":"1080x1920","properties":{"name":"Composed stream"}}'
    )


def test_official_properties_dict_gives_the_typed_wire_body() -> None:
    typed = StartRender(session_id=SID, token=TOKEN, url=URL, stream_name="n")
    official = StartRender.with_properties(
        {"name": "n"}, session_id=SID, token=TOKEN, url=URL, stream_name=None
    )
    assert official == typed and official.build(CONFIG).body == typed.build(CONFIG).body
    assert StartRender.with_properties(None, session_id=SID, token=TOKEN, url=URL) == (
        StartRender(session_id=SID, token=TOKEN, url=URL)
    )
    assert StartRender.with_properties({}, session_id=SID, token=TOKEN, url=URL).stream_name is None


def test_conflicting_name_and_properties_are_refused() -> None:
    with pytest.raises(ValidationError) as info:
        StartRender.with_properties(
            {"name": "a"}, session_id=SID, token=TOKEN, url=URL, stream_name="b"
        )
    assert info.value.field == "name"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"url": "https://a.io/"}, "url"),  # 13 characters: under the 15 minimum
        ({"url": "https://a.io/" + "x" * 2036}, "url"),
        ({"url": "ftp://webapp.customer.com/x"}, "url"),
        ({"url": "webapp.customer.com/composer"}, "url"),
        ({"max_duration": 59}, "max_duration"),
        ({"max_duration": 36001}, "max_duration"),
        ({"max_duration": True}, "max_duration"),
        ({"resolution": "1024x768"}, "resolution"),
        ({"stream_name": ""}, "stream_name"),
        ({"stream_name": "x" * 201}, "stream_name"),
        ({"token": ""}, "token"),
    ],
)
def test_bad_render_options_are_refused_naming_the_field(
    kwargs: dict[str, object], field: str
) -> None:
    args: dict[str, object] = {"session_id": SID, "token": TOKEN, "url": URL, **kwargs}
    with pytest.raises(ValidationError) as info:
        StartRender(**args)  # type: ignore[arg-type]
    assert info.value.field == field


@pytest.mark.parametrize(
    ("properties", "field"),
    [
        ({"name": ""}, "properties['name']"),
        ({"nom": "x"}, "properties['nom']"),
        ("x", "properties"),
    ],
)
def test_bad_official_properties_are_refused(properties: object, field: str) -> None:
    with pytest.raises(ValidationError) as info:
        StartRender.with_properties(properties, session_id=SID, token=TOKEN, url=URL)
    assert info.value.field == field


def test_start_render_accepts_202_and_parses_the_render() -> None:
    op = StartRender(session_id=SID, token=TOKEN, url=URL)
    render = finish(op, Response(202, (), fixture_body("renders.start", 202) or b""))
    assert isinstance(render, Render)
    assert render.id == RENDER and render.status is RenderStatus.STARTING
    assert render.project_id == "123456" and render.name == "Composed stream"
    assert render.stream_id == "e32445b743678c98230f238" and render.resolution == "1280x720"
    assert render.created_at == dt.datetime(2015, 7, 23, 18, 35, 51, tzinfo=dt.timezone.utc)


def test_unknown_render_status_is_kept_raw_and_properties_name_is_read() -> None:
    op = GetRender(render_id=RENDER)
    body = b'{"id":"r1","status":"paused","properties":{"name":"n"}}'
    render = finish(op, Response(200, (), body))
    assert render.status == "paused" and render.name == "n"


def test_get_and_stop_render_golden() -> None:
    get = GetRender(render_id=RENDER)
    assert wire(get.build(CONFIG)) == ("GET", f"{PREFIX}/render/{RENDER}", bare_headers(), b"")
    stop = StopRender(render_id="r/1")
    assert wire(stop.build(CONFIG)) == ("DELETE", f"{PREFIX}/render/r%2F1", bare_headers(), b"")


@pytest.mark.parametrize("status", [200, 202, 204])
def test_stop_render_accepts_204_and_any_2xx(status: int) -> None:
    assert finish(StopRender(render_id=RENDER), Response(status, (), b"")) is None


def test_stop_render_404_names_the_meaning() -> None:
    with pytest.raises(NotFound, match="already stopped"):
        finish(StopRender(render_id=RENDER), Response(404, (), fixture_body("renders.stop", 404)))  # type: ignore[arg-type]


def test_list_renders_golden_and_typed_page() -> None:
    op = ListRenders(offset=10, count=50)
    assert wire(op.build(CONFIG)) == (
        "GET",
        f"{PREFIX}/render?offset=10&count=50",
        bare_headers(),
        b"",
    )
    page = finish(op, Response(200, (), fixture_body("renders.list", 200) or b""))
    assert isinstance(page, Page) and page.count == 2 and page.offset == 10
    assert [r.status for r in page] == [RenderStatus.STARTED, RenderStatus.STOPPED]
    assert page[1].reason == "Max Duration Exceeded"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [({"count": 0}, "count"), ({"count": 1001}, "count"), ({"offset": -1}, "offset")],
)
def test_bad_list_parameters_are_refused(kwargs: dict[str, int], field: str) -> None:
    with pytest.raises(ValidationError) as info:
        ListRenders(**kwargs)
    assert info.value.field == field
