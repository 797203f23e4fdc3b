"""The FastAPI (or Starlette) adapter: ``app.post("/opentok/events")(endpoint(router))``.
FastAPI is imported when the endpoint is made, not with this module."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from opentok_core import CallbackRouter

__all__ = ["endpoint"]


def endpoint(router: CallbackRouter) -> Callable[..., Awaitable[Any]]:
    """An async endpoint answering each callback with ``router.handle_async``'s status."""
    from starlette.requests import Request
    from starlette.responses import Response

    async def opentok_callback(request: Request) -> Response:
        routed = await router.handle_async(await request.body(), request.headers.items())
        return Response(status_code=routed.status)

    # FastAPI reads the annotations to inject the request: give it the classes themselves,
    # not the strings ``from __future__ import annotations`` leaves.
    opentok_callback.__annotations__ = {"request": Request, "return": Response}
    return opentok_callback
