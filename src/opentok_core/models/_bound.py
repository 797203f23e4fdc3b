"""Results bound to the client that returned them: ``archive.stop()``, ``session.generate_token()``.

The official SDKs give results methods (the Python SDK's ``Archive.stop``, the Node SDK's
``archive.stop()``). Here a model is generic over its binding, a type-only tag
(``opentok_core._binding``): ``Archive[Bound]`` from a ``Client``, ``Archive[AsyncBound]`` from
an ``AsyncClient``, plain ``Archive`` (``Archive[Unbound]``) from ``from_json``. Each method is
overloaded on that tag, so a sync call types as the value and an async call as an awaitable of
it, under ``mypy --strict``.

At run time a client's ``send`` binds what it returns (``bind``): the value keeps a reference
to that client in a slot outside the attrs fields, and each method calls the client's facade
method of the same job (``archive.stop()`` is ``client.stop_archive(archive.id)``). So the
binding is no part of equality, hashing, ``repr``, ``attrs.evolve`` or pickling, and a value
built by ``from_json``, unpickled or evolved raises OpenTokError when a method is called. The
model holds the client, never a socket of its own; the client does the I/O.
"""

from __future__ import annotations

import typing
from collections import deque
from collections.abc import Awaitable, Iterable, Mapping
from itertools import repeat
from typing import TYPE_CHECKING, Any, Generic, overload

from opentok_core._binding import AsyncBound, Bound, Unbound
from opentok_core._errors import OpenTokError
from opentok_core._model import Model

if TYPE_CHECKING:
    from typing_extensions import TypeVar

    from opentok_core._layouts import Layout, LayoutType, ScreenshareType

__all__ = ["B", "Bindable", "StreamsAndLayoutMethods"]

if TYPE_CHECKING:
    B = TypeVar("B", bound=Unbound, default=Unbound, covariant=True)
else:  # a TypeVar default needs Python 3.13 at run time; only type checkers read it
    B = typing.TypeVar("B", bound=Unbound, covariant=True)


class Bindable(Model):
    """A model whose methods call the client that returned it (kept out of its attrs fields)."""

    __slots__ = ("_binding",)
    _binding: Any

    def _bind(self, client: object) -> None:
        object.__setattr__(self, "_binding", client)  # the model is frozen; the slot is ours

    @classmethod
    def _bind_each(cls, items: Iterable[Any], client: object) -> None:
        """``item._bind(client)`` for each of ``items`` (all of type ``cls``): one pass of the
        slot's own setter over a listing page, no attribute lookup or call per item."""
        if cls._bind is not Bindable._bind:  # a class binding in its own way is asked each time
            for item in items:
                item._bind(client)
            return
        deque(map(_set_binding, items, repeat(client)), maxlen=0)

    def _call(self, method: str, facade: str, *args: Any) -> Any:
        """``client.<facade>(*args)`` on the bound client; OpenTokError when there is none."""
        try:
            client = self._binding
        except AttributeError:
            name = type(self).__name__
            raise OpenTokError(
                f"{name}.{method}() needs a client, and this {name} is not bound to one (it was "
                f"built by from_json, unpickled or evolved): call client.{facade}(...) instead"
            ) from None
        return getattr(client, facade)(*args)


#: The ``_binding`` slot's setter: ``_set_binding(model, client)`` is ``model._bind(client)``.
_set_binding = Bindable.__dict__["_binding"].__set__


class StreamsAndLayoutMethods(Bindable, Generic[B]):
    """What archives and broadcasts share: ``set_layout``, ``add_stream``, ``remove_stream``."""

    __slots__ = ()
    id: str
    #: ``archive`` or ``broadcast``: the noun of the facade methods these call.
    _noun: typing.ClassVar[str]

    @overload
    def set_layout(
        self: StreamsAndLayoutMethods[Bound],
        layout_type: LayoutType | str | Layout | Mapping[str, Any],
        stylesheet: str | None = None,
        screenshare_type: ScreenshareType | str | None = None,
    ) -> None: ...
    @overload
    def set_layout(
        self: StreamsAndLayoutMethods[AsyncBound],
        layout_type: LayoutType | str | Layout | Mapping[str, Any],
        stylesheet: str | None = None,
        screenshare_type: ScreenshareType | str | None = None,
    ) -> Awaitable[None]: ...
    def set_layout(
        self,
        layout_type: LayoutType | str | Layout | Mapping[str, Any],
        stylesheet: str | None = None,
        screenshare_type: ScreenshareType | str | None = None,
    ) -> Any:
        """Change the layout: ``client.set_archive_layout(archive.id, ...)`` (or broadcast)."""
        facade = f"set_{self._noun}_layout"
        return self._call("set_layout", facade, self.id, layout_type, stylesheet, screenshare_type)

    @overload
    def add_stream(
        self: StreamsAndLayoutMethods[Bound],
        stream_id: str,
        has_audio: bool = True,
        has_video: bool = True,
    ) -> None: ...
    @overload
    def add_stream(
        self: StreamsAndLayoutMethods[AsyncBound],
        stream_id: str,
        has_audio: bool = True,
        has_video: bool = True,
    ) -> Awaitable[None]: ...
    def add_stream(self, stream_id: str, has_audio: bool = True, has_video: bool = True) -> Any:
        """Include a stream (manual stream mode): ``client.add_archive_stream(archive.id,
        ...)`` (or broadcast)."""
        facade = f"add_{self._noun}_stream"
        return self._call("add_stream", facade, self.id, stream_id, has_audio, has_video)

    @overload
    def remove_stream(self: StreamsAndLayoutMethods[Bound], stream_id: str) -> None: ...
    @overload
    def remove_stream(
        self: StreamsAndLayoutMethods[AsyncBound], stream_id: str
    ) -> Awaitable[None]: ...
    def remove_stream(self, stream_id: str) -> Any:
        """Stop including a stream: ``client.remove_archive_stream(archive.id, ...)`` (or
        broadcast)."""
        return self._call("remove_stream", f"remove_{self._noun}_stream", self.id, stream_id)
