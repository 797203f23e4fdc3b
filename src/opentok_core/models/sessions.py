"""The Session model."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from ._bound import Bindable
from ._read import opt_str, req_str
from .enums import ArchiveMode, MediaMode, Role

__all__ = ["Session"]


@attrs.frozen(kw_only=True)
class Session(Bindable):
    """A created session: its id plus the options it was created with.

    ``session_id`` is what clients connect to; the other fields echo the request (the service
    returns only ids and server details) so the object reads like the official SDK's Session.
    """

    session_id: str
    media_mode: MediaMode = MediaMode.RELAYED
    archive_mode: ArchiveMode = ArchiveMode.MANUAL
    location: str | None = None
    e2ee: bool = False
    project_id: str | None = None
    create_dt: str | None = None
    media_server_url: str | None = None
    raw: Mapping[str, Any] = attrs.field(factory=dict, eq=False, repr=False)

    def generate_token(
        self,
        role: Role | str = Role.PUBLISHER,
        expire_time: int | float | dt.datetime | None = None,
        data: str | None = None,
        initial_layout_class_list: Iterable[str] | None = None,
        use_jwt: bool = True,
    ) -> str:
        """A client token for this session: ``client.generate_token(session.session_id,
        ...)`` (the official ``Session.generate_token``; no I/O, so a ``str`` on both clients)."""
        args = (role, expire_time, data, initial_layout_class_list, use_jwt)
        token: str = self._call("generate_token", "generate_token", self.session_id, *args)
        return token

    @classmethod
    def from_json(cls, data: Mapping[str, Any], **options: Any) -> Session:
        """Read one element of the create-session JSON array (spec/service.md#create-a-session)."""
        return cls(
            session_id=req_str(data, "session_id"),
            project_id=opt_str(data, "project_id") or opt_str(data, "partner_id"),
            create_dt=opt_str(data, "create_dt"),
            media_server_url=opt_str(data, "media_server_url"),
            raw=dict(data),
            **options,
        )
