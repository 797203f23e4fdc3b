"""SIP and DTMF operations (spec/service.md#sip-and-dtmf)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, ClassVar

import attrs

from opentok_core._config import Config
from opentok_core._endpoint import Endpoint, endpoint
from opentok_core._errors import ValidationError
from opentok_core._http import Request, Response
from opentok_core._validate import (
    bool_field,
    check_bool,
    check_id,
    check_str,
    checked_field,
    id_field,
    id_list,
    optional_field,
)
from opentok_core.models._read import json_object
from opentok_core.models.sip import SipCall
from opentok_core.operations._inputs import (
    StringMap,
    as_streams,
    check_token,
    mapping_keys,
    string_pairs,
)

__all__ = ["Dial", "PlayDtmf", "SipAuth", "SipOptions"]

_SIP_URI = re.compile(r"^sips?:\S+$", re.IGNORECASE)
_DTMF = re.compile(r"^[0-9*#p]+$")
_HEADER_NAME = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")


def _text(field: str, value: object) -> str:
    return check_str(field, value, min_len=1)


def _sip_uri(field: str, value: object) -> str:
    text = check_str(field, value, min_len=1, max_len=2048)
    if not _SIP_URI.match(text):
        raise ValidationError(field, "must be a sip: or sips: URI without spaces")
    return text


def _sip_headers(field: str, value: object) -> tuple[tuple[str, str], ...]:
    pairs = string_pairs(field, value)
    for key, header_value in pairs:
        # Custom SIP headers must start with "X-" (spec/service.md#sip-calls).
        if not key.lower().startswith("x-") or not _HEADER_NAME.match(key):
            raise ValidationError(f"{field}[{key!r}]", "custom SIP headers must start with 'X-'")
        if any(c in header_value for c in "\r\n\x00"):
            raise ValidationError(f"{field}[{key!r}]", "must be a single line")
    return pairs


@attrs.frozen(kw_only=True)
class SipAuth:
    """Digest credentials the SIP platform asks for (the password is never shown)."""

    username: str = checked_field(_text)
    password: str = checked_field(_text, repr=False)


def _headers(value: StringMap) -> tuple[tuple[str, str], ...]:
    return _sip_headers("headers", value)


def _sip_auth(value: SipAuth | Mapping[str, str]) -> SipAuth:
    return _auth("auth", value)


def _auth(field: str, value: object) -> SipAuth:
    if isinstance(value, SipAuth):
        return value
    data = mapping_keys(field, value, ("username", "password"))
    for key in ("username", "password"):
        if key not in data:
            raise ValidationError(f"{field}[{key!r}]", "is required")
    return SipAuth(
        username=_text(f"{field}['username']", data["username"]),
        password=_text(f"{field}['password']", data["password"]),
    )


@attrs.frozen(kw_only=True)
class SipOptions:
    """Options of a SIP call: caller (``from_``), custom ``X-`` headers, digest ``auth``,
    ``secure`` (SRTP), ``video``, ``observe_force_mute`` and the ``streams`` to include."""

    from_: str | None = optional_field(_text)
    headers: tuple[tuple[str, str], ...] = attrs.field(factory=tuple, converter=_headers)
    auth: SipAuth | None = attrs.field(default=None, converter=attrs.converters.optional(_sip_auth))
    secure: bool | None = bool_field()
    video: bool | None = bool_field()
    observe_force_mute: bool | None = bool_field()
    streams: tuple[str, ...] | None = attrs.field(
        default=None, converter=attrs.converters.optional(as_streams)
    )

    @classmethod
    def from_dict(cls, field: str, value: object) -> SipOptions:
        """The official SDK's options dict (camelCase keys, ``from``) as SipOptions."""
        if isinstance(value, SipOptions):
            return value
        if value is None:
            return cls()
        keys = ("from", "headers", "auth", "secure", "video", "observeForceMute", "streams")
        data = mapping_keys(field, value, keys)

        def get(key: str, check: Any) -> Any:
            item = data.get(key)
            return None if item is None else check(f"{field}[{key!r}]", item)

        return cls(
            from_=get("from", _text),
            headers=get("headers", _sip_headers) or (),
            auth=get("auth", _auth),
            secure=get("secure", check_bool),
            video=get("video", check_bool),
            observe_force_mute=get("observeForceMute", check_bool),
            streams=get("streams", id_list),
        )

    def to_json(self, uri: str) -> dict[str, Any]:
        sip: dict[str, Any] = {"uri": uri}
        if self.from_ is not None:
            sip["from"] = self.from_
        if self.headers:
            sip["headers"] = dict(self.headers)
        if self.auth is not None:
            sip["auth"] = {"username": self.auth.username, "password": self.auth.password}
        for key, value in (
            ("secure", self.secure),
            ("video", self.video),
            ("observeForceMute", self.observe_force_mute),
        ):
            if value is not None:
                sip[key] = value
        if self.streams is not None:
            sip["streams"] = list(self.streams)
        return sip


def _options(value: SipOptions | Mapping[str, Any] | None) -> SipOptions:
    return SipOptions.from_dict("options", value)


@attrs.frozen(kw_only=True)
class Dial:
    """``POST /dial`` ``{sessionId, token, sip: {uri, ...options}}``: 200 ``{id, connectionId,
    streamId}``. Not retried on a read timeout: it places a call."""

    name: ClassVar[str] = "sip.dial"
    endpoint: ClassVar[Endpoint] = endpoint(
        "POST",
        "/dial",
        body="json",
        meanings={
            400: "invalid session id or SIP options (e.g. a custom header not starting with X-)",
            404: "session not found",
            409: "the session is not routed: SIP calls need the media router",
        },
    )

    session_id: str = id_field()
    token: str = checked_field(check_token, repr=False)
    sip_uri: str = checked_field(_sip_uri)
    options: SipOptions = attrs.field(factory=SipOptions, converter=_options)

    def build(self, config: Config) -> Request:
        body = {
            "sessionId": self.session_id,
            "token": self.token,
            "sip": self.options.to_json(self.sip_uri),
        }
        return self.endpoint.request(config, self, body)

    def parse(self, response: Response) -> SipCall:
        return SipCall.from_json(json_object(response))


def _digits(field: str, value: object) -> str:
    text = check_str(field, value, min_len=1, max_len=1024)
    if not _DTMF.match(text):
        raise ValidationError(field, "may contain only 0-9, '*', '#' and 'p' (a 500 ms pause)")
    return text


@attrs.frozen(kw_only=True)
class PlayDtmf:
    """``POST /session/{sessionId}[/connection/{connectionId}]/play-dtmf`` ``{digits}``: 200."""

    name: ClassVar[str] = "sip.play_dtmf"
    endpoint: ClassVar[Endpoint] = endpoint(
        "POST",
        "/session/{sessionId}/connection/{connectionId}/play-dtmf",
        "/session/{sessionId}/play-dtmf",
        body="json",
        meanings={
            400: "invalid digits or session id",
            404: "session not found, or the client is not connected",
        },
    )

    session_id: str = id_field()
    digits: str = checked_field(_digits)
    connection_id: str | None = optional_field(check_id)

    @classmethod
    def from_call(
        cls,
        session_id: str,
        connection_id: str | None,
        digits: str,
        options: Mapping[str, Any] | None = None,
    ) -> PlayDtmf:
        """From ``play_dtmf``'s arguments in the official order. ``options`` is there for that
        signature only: the service takes none, so it must be None or empty (the official SDK
        drops it silently)."""
        if options is not None and (not isinstance(options, Mapping) or options):
            raise ValidationError(
                "options", "play_dtmf takes no options: pass None or leave it out"
            )
        return cls(session_id=session_id, digits=digits, connection_id=connection_id)

    def build(self, config: Config) -> Request:
        return self.endpoint.request(config, self, {"digits": self.digits})

    def parse(self, response: Response) -> None:
        return None
