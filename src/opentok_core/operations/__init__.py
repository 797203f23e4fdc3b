"""One frozen attrs class per REST call. ``client.send(Op(...))`` runs any of them."""

from __future__ import annotations

from .archives import GetArchive
from .sessions import CreateSession

__all__ = ["CreateSession", "GetArchive"]
