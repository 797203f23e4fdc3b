"""The Flask adapter: ``app.add_url_rule("/opentok/events", view_func=view(router),
methods=["POST"])``. Flask is imported when the view is made, not with this module."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from opentok_core import CallbackRouter

__all__ = ["view"]


def view(router: CallbackRouter) -> Callable[[], Any]:
    """A Flask view answering each callback with ``router.handle``'s status (empty body)."""
    from flask import Response, request

    def opentok_callback() -> Any:
        routed = router.handle(request.get_data(), list(request.headers.items()))
        return Response(status=routed.status)

    return opentok_callback
