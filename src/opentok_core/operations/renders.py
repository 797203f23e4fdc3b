"""Experience Composer operations (spec/service.md#experience-composer)."""

from __future__ import annotations

from typing import Any, ClassVar

import attrs

from opentok_core._config import Config
from opentok_core._endpoint import Endpoint, endpoint
from opentok_core._errors import ValidationError
from opentok_core._http import Request, Response, decode_json
from opentok_core._pagination import MAX_PAGE_SIZE, Page, parse_page
from opentok_core._paths import query
from opentok_core._validate import (
    check_int,
    check_str,
    checked_field,
    id_field,
    int_field,
    optional_field,
)
from opentok_core.models._read import json_object
from opentok_core.models.enums import Resolution
from opentok_core.models.renders import Render
from opentok_core.operations._inputs import (
    as_resolution,
    check_http_url,
    check_token,
    mapping_keys,
)

__all__ = ["GetRender", "ListRenders", "StartRender", "StopRender"]


def _render_url(field: str, value: object) -> str:
    # A URL of 15 to 2048 characters the service can reach (spec/service.md#experience-composer).
    return check_http_url(field, value, min_len=15, max_len=2048)


def _max_duration(field: str, value: object) -> int:
    return check_int(field, value, lo=60, hi=36000)


def _stream_name(field: str, value: object) -> str:
    return check_str(field, value, min_len=1, max_len=200)


def _properties(field: str, value: object) -> str | None:
    """The official SDK's ``properties`` dict (``{"name": ...}``) reduced to the name."""
    data = mapping_keys(field, value, ("name",))
    name = data.get("name")
    return None if name is None else _stream_name(f"{field}['name']", name)


@attrs.frozen(kw_only=True)
class StartRender:
    """``POST /render``: 202 Accepted with the render (status ``starting``).

    ``properties`` is sent only when a stream ``name`` is given: never ``"properties": null``
    (the official SDK sends null: spec/service.md#py-null-fields).
    """

    name: ClassVar[str] = "renders.start"
    endpoint: ClassVar[Endpoint] = endpoint(
        "POST",
        "/render",
        body="json",
        success=202,
        meanings={
            400: "invalid session id or Experience Composer options",
        },
    )

    session_id: str = id_field()
    token: str = checked_field(check_token, repr=False)
    url: str = checked_field(_render_url)
    max_duration: int = checked_field(_max_duration, default=7200)
    resolution: Resolution = attrs.field(default=Resolution.HD_LANDSCAPE, converter=as_resolution)
    stream_name: str | None = optional_field(_stream_name)

    @classmethod
    def with_properties(cls, properties: object, **kwargs: Any) -> StartRender:
        """Build from the official SDK's call shape, whose ``properties`` dict holds the
        output stream's ``name``; a ``stream_name`` given too must agree with it."""
        if properties is None:
            return cls(**kwargs)
        name = _properties("properties", properties)
        given = kwargs.pop("stream_name", None)
        if given is not None and name is not None and given != name:
            raise ValidationError("name", "conflicts with properties['name']")
        return cls(stream_name=given if name is None else name, **kwargs)

    def build(self, config: Config) -> Request:
        body: dict[str, Any] = {
            "sessionId": self.session_id,
            "token": self.token,
            "url": self.url,
            "maxDuration": self.max_duration,
            "resolution": self.resolution.value,
        }
        if self.stream_name is not None:
            body["properties"] = {"name": self.stream_name}
        return self.endpoint.request(config, self, body)

    def parse(self, response: Response) -> Render[Any]:
        return Render.from_json(json_object(response))


@attrs.frozen(kw_only=True)
class GetRender:
    """``GET /render/{renderId}``."""

    name: ClassVar[str] = "renders.get"
    endpoint: ClassVar[Endpoint] = endpoint(
        "GET",
        "/render/{renderId}",
        meanings={400: "invalid render id", 404: "render not found"},
    )

    render_id: str = id_field()

    def build(self, config: Config) -> Request:
        return self.endpoint.request(config, self)

    def parse(self, response: Response) -> Render[Any]:
        return Render.from_json(json_object(response))


@attrs.frozen(kw_only=True)
class StopRender:
    """``DELETE /render/{renderId}``: 204 No Content (the official SDK raises on 204;
    spec/service.md#py-stop-statuses). Any 2xx is success."""

    name: ClassVar[str] = "renders.stop"
    endpoint: ClassVar[Endpoint] = endpoint(
        "DELETE",
        "/render/{renderId}",
        success=204,
        meanings={
            400: "invalid render id",
            404: "render not found or already stopped",
        },
    )

    render_id: str = id_field()

    def build(self, config: Config) -> Request:
        return self.endpoint.request(config, self)

    def parse(self, response: Response) -> None:
        return None


@attrs.frozen(kw_only=True)
class ListRenders:
    """``GET /render?offset=&count=``: ``{count, items}``, at most 1000 per page."""

    name: ClassVar[str] = "renders.list"
    endpoint: ClassVar[Endpoint] = endpoint(
        "GET",
        "/render",
        meanings={400: "invalid list parameters"},
    )

    # The official SDK's defaults (list_renders(offset=0, count=50)), sent explicitly.
    offset: int | None = int_field(0, default=0)
    count: int | None = int_field(1, MAX_PAGE_SIZE, default=50)

    def build(self, config: Config) -> Request:
        params = query([("offset", self.offset), ("count", self.count)])
        return self.endpoint.request(config, self, query=params)

    def parse(self, response: Response) -> Page[Render[Any]]:
        return parse_page(decode_json(response.body), self.offset or 0, Render.from_decoded)
