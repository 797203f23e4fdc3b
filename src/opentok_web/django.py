"""The Django adapter: ``path("opentok/events", view(router))`` in your urls (``async_view``
under ASGI for async handlers). Django is imported when the view is made, not with this
module.

Both views are CSRF-exempt: the service POSTs with a signed JWT, not a browser's CSRF token,
and the router refuses anything not signed with your callback signature secret.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from opentok_core import CallbackRouter

__all__ = ["async_view", "view"]

V = TypeVar("V", bound=Callable[..., Any])


def view(router: CallbackRouter) -> Callable[[Any], Any]:
    """A sync view answering each POSTed callback with ``router.handle``'s status."""
    from django.http import HttpResponse, HttpResponseNotAllowed

    def opentok_callback(request: Any) -> Any:
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        routed = router.handle(request.body, list(request.headers.items()))
        return HttpResponse(status=routed.status)

    return _csrf_exempt(opentok_callback)


def async_view(router: CallbackRouter) -> Callable[[Any], Awaitable[Any]]:
    """An async view answering each POSTed callback with ``router.handle_async``'s status
    (coroutine handlers are awaited)."""
    from django.http import HttpResponse, HttpResponseNotAllowed

    async def opentok_callback(request: Any) -> Any:
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        routed = await router.handle_async(request.body, list(request.headers.items()))
        return HttpResponse(status=routed.status)

    return _csrf_exempt(opentok_callback)


def _csrf_exempt(view: V) -> V:
    """What ``django.views.decorators.csrf.csrf_exempt`` marks, set on the view itself: its
    decorator wraps an async view as a sync one before Django 5.0."""
    view.csrf_exempt = True  # type: ignore[attr-defined]
    return view
