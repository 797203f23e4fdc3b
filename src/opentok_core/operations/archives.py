"""Archive operations (reference A.2)."""

from __future__ import annotations

from typing import ClassVar

import attrs

from opentok_core._config import Config
from opentok_core._http import Request, Response, decode_json
from opentok_core._operation import json_request
from opentok_core._paths import quote
from opentok_core._validate import id_field
from opentok_core.models.archives import Archive

__all__ = ["GetArchive"]


@attrs.frozen(kw_only=True)
class GetArchive:
    """``GET /archive/{archiveId}``."""

    name: ClassVar[str] = "archives.get"
    meanings: ClassVar[dict[int, str]] = {400: "invalid archive id", 404: "archive not found"}

    archive_id: str = id_field()

    def build(self, config: Config) -> Request:
        return json_request(config, "GET", f"/archive/{quote(self.archive_id)}")

    def parse(self, response: Response) -> Archive:
        return Archive.from_json(decode_json(response.body))
