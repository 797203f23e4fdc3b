"""Live captions operations (spec/service.md#live-captions, #captions-status)."""

from __future__ import annotations

import re
from typing import Any, ClassVar

import attrs

from opentok_core._config import Config
from opentok_core._endpoint import Endpoint, endpoint
from opentok_core._errors import ValidationError
from opentok_core._http import Request, Response
from opentok_core._validate import (
    bool_field,
    check_int,
    check_str,
    checked_field,
    id_field,
    optional_field,
)
from opentok_core.models._read import json_object
from opentok_core.models.captions import Captions
from opentok_core.operations._inputs import check_http_url, check_token

__all__ = ["GetCaptions", "StartCaptions", "StopCaptions"]

# A BCP-47 tag such as "en-US" or "zh-CN". The service's list grows (AWS Transcribe's), so only
# the shape is checked here and the service judges the language.
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})+$")


def _language(field: str, value: object) -> str:
    text = check_str(field, value, min_len=1, max_len=35)
    if not _LANGUAGE.match(text):
        raise ValidationError(field, f"must be a BCP-47 tag such as 'en-US' (got {text!r})")
    return text


def _max_duration(field: str, value: object) -> int:
    return check_int(field, value, lo=300, hi=14400)


def _callback_url(field: str, value: object) -> str:
    return check_http_url(field, value, min_len=15, max_len=2048)


@attrs.frozen(kw_only=True)
class StartCaptions:
    """``POST /captions``: 202 Accepted ``{captionsId}``. ``statusCallbackUrl`` is sent only
    when given (never ``null``; the official SDK sends null: spec/service.md#py-null-fields)."""

    name: ClassVar[str] = "captions.start"
    endpoint: ClassVar[Endpoint] = endpoint(
        "POST",
        "/captions",
        body="json",
        success=202,
        meanings={
            400: "invalid session id or captions options",
            409: "live captions are already running for this session",
        },
    )

    session_id: str = id_field()
    token: str = checked_field(check_token, repr=False)
    language_code: str = checked_field(_language, default="en-US")
    max_duration: int = checked_field(_max_duration, default=14400)
    partial_captions: bool = bool_field(True)
    status_callback_url: str | None = optional_field(_callback_url)

    def build(self, config: Config) -> Request:
        body: dict[str, Any] = {
            "sessionId": self.session_id,
            "token": self.token,
            "languageCode": self.language_code,
            "maxDuration": self.max_duration,
            "partialCaptions": self.partial_captions,
        }
        if self.status_callback_url is not None:
            body["statusCallbackUrl"] = self.status_callback_url
        return self.endpoint.request(config, self, body)

    def parse(self, response: Response) -> Captions[Any]:
        return Captions.from_json(json_object(response))


@attrs.frozen(kw_only=True)
class StopCaptions:
    """``POST /captions/{captionsId}/stop``: 202 Accepted (any 2xx is success; the official SDK
    raises on 200: spec/service.md#py-stop-statuses)."""

    name: ClassVar[str] = "captions.stop"
    endpoint: ClassVar[Endpoint] = endpoint(
        "POST",
        "/captions/{captionsId}/stop",
        success=202,
        meanings={404: "no captions with this id (or already stopped)"},
    )

    captions_id: str = id_field()

    def build(self, config: Config) -> Request:
        return self.endpoint.request(config, self)

    def parse(self, response: Response) -> None:
        return None


@attrs.frozen(kw_only=True)
class GetCaptions:
    """``GET /captions/{captionsId}``: 200 ``{captionId, applicationId, sessionId, status,
    createdAt, updatedAt, duration, languageCode, provider, reason}`` (``captionId``, singular,
    where the start answer says ``captionsId``)."""

    name: ClassVar[str] = "captions.get"
    endpoint: ClassVar[Endpoint] = endpoint(
        "GET",
        "/captions/{captionsId}",
        meanings={404: "no captions with this id"},
    )

    captions_id: str = id_field()

    def build(self, config: Config) -> Request:
        return self.endpoint.request(config, self)

    def parse(self, response: Response) -> Captions[Any]:
        return Captions.from_json(json_object(response))
