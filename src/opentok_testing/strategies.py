"""Hypothesis strategies for property-testing code built on opentok-py.

Every value these strategies draw is *valid*: the SDK accepts it without a ValidationError, so
your property tests exercise your code, not our input checks. Needs the ``testing`` extra.

The strategies read no clock: give ``now`` (unix seconds) where a value depends on it, e.g. a
token's expiry. Example::

    from hypothesis import given
    from opentok_testing import strategies as ots

    @given(ots.session_ids(api_key="123456"), ots.token_options(now=1_700_000_000))
    def test_my_token_endpoint(session_id, options): ...
"""

from __future__ import annotations

import datetime as dt
from typing import Any

try:
    from hypothesis import strategies as st
except ModuleNotFoundError as exc:  # the SDK installed without its testing extra
    if exc.name != "hypothesis":
        raise
    raise ModuleNotFoundError(
        "opentok_testing.strategies needs hypothesis, part of the testing extra: "
        "pip install 'opentok-py[testing]'",
        name="hypothesis",
    ) from None

from opentok_core import (
    ArchiveStatus,
    BroadcastOptions,
    BroadcastStatus,
    CaptionsStatus,
    HlsOutput,
    HlsStatus,
    Layout,
    LayoutType,
    OutputMode,
    ProjectCredentials,
    RenderStatus,
    Resolution,
    Role,
    RtmpOutput,
    ScreenshareType,
    StreamMode,
    encode_session_id,
)
from opentok_core.kit import MAX_DATA, MAX_LIFETIME

__all__ = [
    "CALLBACK_EVENTS",
    "api_keys",
    "api_secrets",
    "application_ids",
    "archive_options",
    "broadcast_options",
    "callback_payloads",
    "layout_class_lists",
    "layouts",
    "project_credentials",
    "roles",
    "session_ids",
    "token_data",
    "token_options",
]

_HEX = "0123456789abcdef"
# Layout class names: visible characters only (no spaces, no control characters).
_CLASS_CHARS = st.characters(blacklist_categories=("Zs", "Zl", "Zp", "Cc", "Cs"))


def api_keys() -> st.SearchStrategy[str]:
    """OpenTok project API keys: strings of 6 to 9 digits, like the real ones."""
    return st.integers(100_000, 999_999_999).map(str)


def api_secrets() -> st.SearchStrategy[str]:
    """Project API secrets: 40 lower-case hex characters, like the real ones."""
    return st.text(alphabet=_HEX, min_size=40, max_size=40)


def application_ids() -> st.SearchStrategy[str]:
    """Vonage application ids (UUID text)."""
    return st.uuids().map(str)


def project_credentials(
    api_key: str | st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[ProjectCredentials]:
    """ProjectCredentials with a drawn (or the given) API key and a drawn secret."""
    keys = _strategy(api_key, api_keys())
    return st.builds(ProjectCredentials, keys, api_secrets())


def _strategy(value: Any, default: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    if value is None:
        return default
    if isinstance(value, st.SearchStrategy):
        return value
    return st.just(value)


def _created_text() -> st.SearchStrategy[str]:
    # The service writes a human date there, e.g. "Mon Mar 17 00:41:31 PDT 2014".
    moments = st.datetimes(min_value=dt.datetime(2012, 1, 1), max_value=dt.datetime(2035, 1, 1))
    return moments.map(lambda d: d.strftime("%a %b %d %H:%M:%S PDT %Y"))


def _locations() -> st.SearchStrategy[str]:
    return st.one_of(st.just(""), st.ip_addresses(v=4).map(str))


def session_ids(api_key: str | st.SearchStrategy[str] | None = None) -> st.SearchStrategy[str]:
    """Session ids in the service's layout that belong to ``api_key`` (drawn when not given).

    Tokens for them can be minted with credentials of that key: ``generate_token`` checks that a
    session id names the caller's API key, and these do.
    """
    keys = _strategy(api_key, api_keys())
    rand = st.floats(0, 1, exclude_max=True).map(lambda f: f"{f:.8f}")
    return st.builds(encode_session_id, keys, _locations(), _created_text(), rand)


def roles() -> st.SearchStrategy[Role]:
    """Any connection role."""
    return st.sampled_from(list(Role))


def token_data() -> st.SearchStrategy[str]:
    """Connection data: any text up to the 1000-character limit, with URL-significant
    characters (``&``, ``=``, ``:``, ``%``, ``+``) and non-ASCII text well represented."""
    tricky = st.sampled_from(["name=Ann&role=host", "a&b=c:d", "ü=&:=%", "x y+z", "{}"])
    return st.one_of(tricky, st.text(max_size=MAX_DATA))


def layout_class_lists(max_items: int = 5) -> st.SearchStrategy[list[str]]:
    """Lists of layout class names (non-empty, no whitespace) within the joined-length limit."""
    names = st.text(alphabet=_CLASS_CHARS, min_size=1, max_size=20)
    return st.lists(names, max_size=max_items).filter(lambda xs: len(" ".join(xs)) <= MAX_DATA)


def token_options(
    *, now: float, use_jwt: bool | None = None, margin: int = 60
) -> st.SearchStrategy[dict[str, Any]]:
    """Keyword arguments for ``generate_token`` (the client method or the core function).

    Draws ``role``, ``expire_time`` (None for the 24-hour default, or a unix time between
    ``now + margin`` and 30 days after ``now``), ``data`` (None or text),
    ``initial_layout_class_list`` and ``use_jwt`` (drawn unless given). ``margin`` keeps drawn
    expiries in the future even if your clock moves on a little before the token is minted.
    """
    base = int(now)
    expiry = st.one_of(st.none(), st.integers(base + margin, base + MAX_LIFETIME))
    return st.fixed_dictionaries(
        {
            "role": roles(),
            "expire_time": expiry,
            "data": st.one_of(st.none(), token_data()),
            "initial_layout_class_list": layout_class_lists(),
            "use_jwt": st.booleans() if use_jwt is None else st.just(use_jwt),
        }
    )


# Layouts, archive and broadcast options -----------------------------------------------------

_CSS = st.sampled_from(
    [
        "stream.focus { position: absolute; top: 0; left: 0; width: 100%; height: 100%; }",
        "stream { float: left; width: 50%; height: 50%; }",
        "stream.instructor { position: absolute; width: 100%; height: 50%; }",
    ]
)


def layouts(*, as_dict: bool = False) -> st.SearchStrategy[Any]:
    """Valid layouts: ``Layout`` values, or with ``as_dict`` the official SDK's dict form
    (``{"type", "stylesheet"?, "screenshareType"?}``). A stylesheet comes with ``custom`` only,
    a screenshare type with ``bestFit`` only."""
    plain = st.sampled_from([t for t in LayoutType if t is not LayoutType.CUSTOM]).map(Layout)
    best_fit = st.sampled_from(list(ScreenshareType)).map(Layout.best_fit)
    custom = _CSS.map(Layout.custom)
    values = st.one_of(plain, best_fit, custom)
    return values.map(Layout.to_json) if as_dict else values


def archive_options() -> st.SearchStrategy[dict[str, Any]]:
    """Keyword arguments for ``start_archive(session_id, **options)`` that pass every check:
    composed-only settings only with composed archives, never both tracks off, transcription
    only with audio."""

    @st.composite
    def build(draw: st.DrawFn) -> dict[str, Any]:
        options: dict[str, Any] = {}
        has_audio, has_video = draw(st.sampled_from([(True, True), (True, False), (False, True)]))
        options.update(has_audio=has_audio, has_video=has_video)
        if draw(st.booleans()):
            options["name"] = draw(st.text(max_size=80))
        mode = draw(st.sampled_from(list(OutputMode)))
        options["output_mode"] = mode
        options["stream_mode"] = draw(st.sampled_from(list(StreamMode)))
        if mode is OutputMode.COMPOSED:
            optional = {
                "resolution": st.sampled_from(list(Resolution)),
                "layout": layouts(),
                "max_bitrate": st.integers(100_000, 6_000_000),
                "quantization_parameter": st.integers(15, 40),
            }
            for key, values in optional.items():
                if draw(st.booleans()):
                    options[key] = draw(values)
        if draw(st.booleans()):
            options["multi_archive_tag"] = draw(st.text(alphabet=_HEX + "-_", min_size=1))
        if has_audio and draw(st.booleans()):
            options["has_transcription"] = True
            options["transcription_properties"] = {
                "primaryLanguageCode": draw(st.sampled_from(["en-US", "es-ES", "fr-FR", "de"])),
                "hasSummary": draw(st.booleans()),
            }
        return options

    return build()


def _rtmp_outputs(min_size: int) -> st.SearchStrategy[tuple[RtmpOutput, ...]]:
    one = st.builds(
        RtmpOutput,
        server_url=st.sampled_from(
            ["rtmp://live.example.com/app", "rtmps://a.rtmp.youtube.com/live2"]
        ),
        stream_name=st.text(alphabet=_HEX + "-", min_size=1, max_size=40),
    )
    return st.lists(one, min_size=min_size, max_size=5).map(tuple)


def broadcast_options(*, as_dict: bool = False) -> st.SearchStrategy[Any]:
    """Options for ``start_broadcast(session_id, options)``: ``BroadcastOptions`` values, or
    with ``as_dict`` the official SDK's camelCase dict. At least one output; at most five RTMP
    targets; never both ``dvr`` and ``low_latency``; durations and bitrates in range."""
    hls = st.sampled_from([(None, None), (True, None), (None, True), (False, False)]).map(
        lambda pair: HlsOutput(dvr=pair[0], low_latency=pair[1])
    )

    @st.composite
    def build(draw: st.DrawFn) -> BroadcastOptions:
        chosen = draw(st.one_of(st.none(), hls))
        return BroadcastOptions(
            hls=chosen,
            rtmp=draw(_rtmp_outputs(min_size=1 if chosen is None else 0)),
            layout=draw(st.one_of(st.none(), layouts())),
            max_duration=draw(st.one_of(st.none(), st.integers(60, 36_000))),
            max_bitrate=draw(st.one_of(st.none(), st.integers(100_000, 6_000_000))),
            resolution=draw(st.one_of(st.none(), st.sampled_from(list(Resolution)))),
            multi_broadcast_tag=draw(st.one_of(st.none(), st.text(alphabet=_HEX, min_size=1))),
            has_audio=draw(st.sampled_from([None, True])),
            has_video=draw(st.sampled_from([None, True, False])),
        )

    return build().map(BroadcastOptions.to_json) if as_dict else build()


# Callback payloads ---------------------------------------------------------------------------

#: The ``event`` names (or shapes) ``callback_payloads`` draws.
CALLBACK_EVENTS = (
    "archive",
    "broadcast",
    "render",
    "captions",
    "connectionCreated",
    "connectionDestroyed",
    "streamCreated",
    "streamDestroyed",
    "sessionCreated",
    "sessionDestroyed",
    "callCreated",
    "callUpdated",
    "callDestroyed",
)

_MS = st.integers(1_400_000_000_000, 2_100_000_000_000)
_IDS = st.uuids().map(str)


def _connection() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {"id": _IDS, "createdAt": _MS},
        optional={"data": st.one_of(st.just(""), token_data())},
    )


def _stream() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {"id": _IDS, "connection": _connection(), "createdAt": _MS},
        optional={
            "name": st.text(max_size=50),
            "videoType": st.sampled_from(["camera", "screen", "custom"]),
        },
    )


def _payload(event: str, session_id: str, project: str) -> st.SearchStrategy[dict[str, Any]]:
    common = {"sessionId": st.just(session_id), "projectId": st.just(project)}
    monitoring = {**common, "event": st.just(event), "timestamp": _MS}
    reasons = st.sampled_from(["clientDisconnected", "forceDisconnected", "networkDisconnected"])
    if event == "archive":
        return st.fixed_dictionaries(
            {
                "id": _IDS,
                "event": st.just("archive"),
                "sessionId": st.just(session_id),
                "partnerId": st.just(int(project) if project.isdigit() else project),
                "status": st.sampled_from([s.value for s in ArchiveStatus]),
                "createdAt": _MS,
            },
            optional={
                "name": st.text(max_size=80),
                "duration": st.integers(0, 36_000),
                "size": st.integers(0, 2**40),
                "hasAudio": st.booleans(),
                "hasVideo": st.booleans(),
                "outputMode": st.sampled_from([m.value for m in OutputMode]),
                "reason": st.text(max_size=40),
                "url": st.one_of(st.none(), st.just("https://storage.example.com/a.mp4")),
            },
        )
    if event == "broadcast":
        urls = st.fixed_dictionaries(
            {},
            optional={
                "hls": st.just("https://cdn.example.com/live/playlist.m3u8"),
                "hlsStatus": st.sampled_from([s.value for s in HlsStatus]),
            },
        )
        return st.fixed_dictionaries(
            {
                "id": _IDS,
                "event": st.just("broadcast"),
                **common,
                "status": st.sampled_from([s.value for s in BroadcastStatus]),
                "createdAt": _MS,
                "broadcastUrls": urls,
            },
            optional={"resolution": st.sampled_from([r.value for r in Resolution])},
        )
    if event == "render":
        return st.fixed_dictionaries(
            {
                "id": _IDS,
                "sessionId": st.just(session_id),
                "applicationId": st.just(project),
                "url": st.just("https://webapp.example.com/composer"),
                "status": st.sampled_from([s.value for s in RenderStatus]),
                "createdAt": _MS,
            },
            optional={"reason": st.text(max_size=40), "streamId": _IDS, "event": st.just("render")},
        )
    if event == "captions":
        return st.fixed_dictionaries(
            {
                "captionId": _IDS,
                "sessionId": st.just(session_id),
                "applicationId": st.just(project),
                "status": st.sampled_from([s.value for s in CaptionsStatus]),
            },
            optional={
                "createdAt": _MS,
                "duration": st.integers(0, 14_400),
                "languageCode": st.just("en-US"),
            },
        )
    if event in ("connectionCreated", "connectionDestroyed"):
        extra = {"reason": reasons} if event.endswith("Destroyed") else {}
        return st.fixed_dictionaries({**monitoring, "connection": _connection()}, optional=extra)
    if event in ("streamCreated", "streamDestroyed"):
        extra = {"reason": reasons} if event.endswith("Destroyed") else {}
        return st.fixed_dictionaries({**monitoring, "stream": _stream()}, optional=extra)
    if event in ("sessionCreated", "sessionDestroyed"):
        extra = {"reason": reasons} if event.endswith("Destroyed") else {}
        return st.fixed_dictionaries(monitoring, optional=extra)
    call = st.fixed_dictionaries(
        {"id": _IDS, "createdAt": _MS},
        optional={"state": st.sampled_from(["dialing", "ringing", "answered", "hungup"])},
    )
    return st.fixed_dictionaries({**monitoring, "call": call, "connection": _connection()})


def callback_payloads(
    events: str | tuple[str, ...] | None = None, *, api_key: str | None = None
) -> st.SearchStrategy[dict[str, Any]]:
    """JSON payloads (decoded, ready for ``json.dumps``) the service POSTs to callback URLs,
    for property-testing your webhook handlers. ``events`` picks kinds from
    ``CALLBACK_EVENTS`` (default: all); ``api_key`` fixes the project. ``parse_callback`` reads
    each into its typed event."""
    kinds = CALLBACK_EVENTS if events is None else (events,) if isinstance(events, str) else events
    unknown = [k for k in kinds if k not in CALLBACK_EVENTS]
    if unknown:
        raise ValueError(f"unknown callback events {unknown}; choose from {CALLBACK_EVENTS}")
    keys = _strategy(api_key, api_keys())

    @st.composite
    def build(draw: st.DrawFn) -> dict[str, Any]:
        key = draw(keys)
        event = draw(st.sampled_from(kinds))
        return draw(_payload(event, draw(session_ids(key)), key))

    return build()
