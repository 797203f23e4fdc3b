# Generated from src/opentok_async/_api.py by tools/unasync.py — edit that file, then run
# `python tools/unasync.py`; `tools/unasync.py --check` fails while this copy differs.
"""The friendly facade, written once: one method per operation, each a one-line delegation.

``tools/unasync.py`` generates ``opentok_sync/_api.py`` from ``opentok_async/_api.py``. Pure
helpers such as ``generate_token`` stay plain ``def`` on both clients: they do no I/O.

Bodies reach operations as ``ops.Name(...)`` (and other heavy names as ``core.Name``): each loads
on first use, so importing a client stays cheap (see ``opentok_core._lazy``). Models and options
that only annotate are imported under ``TYPE_CHECKING``.
"""

from __future__ import annotations

import datetime as dt
import os
import warnings
from collections.abc import Iterator, Callable, Iterable, Mapping
from typing import IO, TYPE_CHECKING, Any, TypeVar

import opentok_core as core
from opentok_core import (
    ArchiveMode,
    ArchiveStatus,
    MediaMode,
    OutputMode,
    Resolution,
    Role,
    StreamMode,
    generate_token,
)
from opentok_core import operations as ops

from ._storage import StorageFetcher, StorageStream, open_sink

if TYPE_CHECKING:
    from opentok_core import (
        Archive,
        ArchiveModeValue,
        Bound,
        Broadcast,
        BroadcastOptions,
        CallbackClaims,
        CallbackEvent,
        Captions,
        Config,
        ConnectionList,
        DownloadProgress,
        DownloadResult,
        DownloadSource,
        Layout,
        LayoutType,
        LayoutTypeValue,
        MediaModeValue,
        Operation,
        OutputModeValue,
        Page,
        PageCursor,
        Render,
        ResolutionValue,
        RetryPolicy,
        RoleValue,
        Runtime,
        ScreenshareType,
        ScreenshareTypeValue,
        SeenStore,
        Session,
        Signal,
        SipCall,
        SipOptions,
        Stream,
        StreamClassList,
        StreamList,
        StreamModeValue,
        Timeout,
        TranscriptionProperties,
        WaitSpec,
        WebSocketAudioConnection,
        WebSocketOptions,
    )

T = TypeVar("T")

if TYPE_CHECKING:
    from ._transport import Sleeper

__all__ = ["Api"]


class Api:
    """The facade: both clients have these methods, with the same names, parameters and
    docstrings (each worded for its own client)."""

    _config: Config
    _runtime: Runtime

    if TYPE_CHECKING:  # provided by the client class

        def send(self, operation: Operation[T], *, timeout: Any = None) -> T: ...

        _sleep: Sleeper
        _timeout: Timeout
        _retry: RetryPolicy
        _connection_options: dict[str, Any]

    def _wait(
        self,
        spec: WaitSpec[T],
        timeout: float,
        interval: float,
        on_progress: Callable[[T], object] | None,
    ) -> T:
        """Drive ``core.wait_flow``: each poll a call on this client's retry policy, with its
        timeouts cut to what the wait has left; each pause on this client's sleep."""
        if on_progress is not None and not callable(on_progress):
            raise core.ValidationError("on_progress", "must be a callable or None")
        flow = core.wait_flow(
            spec,
            monotonic=self._runtime.monotonic,
            jitter=self._runtime.jitter,
            timeout=timeout,
            interval=interval,
        )
        outcome: Any = None
        while True:
            try:
                action = flow.send(outcome)
            except StopIteration as done:
                result: T = done.value
                return result
            if isinstance(action, core.Sleep):
                self._sleep(action.seconds)
                outcome = None
                continue
            outcome = self.send(action.operation, timeout=self._timeout.clamp(action.left))
            if on_progress is not None:
                on_progress(outcome)

    def wait_for_archive(
        self,
        archive_id: str,
        until: ArchiveStatus | str | Iterable[ArchiveStatus | str] = ("available", "uploaded"),
        *,
        timeout: float = 900,
        interval: float = 2.0,
        on_progress: Callable[[Archive], object] | None = None,
    ) -> Archive[Bound]:
        """Poll ``archive_id`` until its status is in ``until`` (default: available, or
        uploaded to your own storage) and return the Archive; ``on_progress`` sees each one.

        Polls back off from ``interval`` (1.5x, up to 30 s, jittered); each is a call under this
        client's retry policy and timeouts.

        Raises:
            WaitFailed: it failed, expired or was deleted (``resource`` holds the Archive).
            WaitTimeout: ``timeout`` seconds passed (``last`` holds the last Archive seen).
        """
        spec = core.archive_wait(archive_id, until)
        return self._wait(spec, timeout, interval, on_progress)

    def download_archive(
        self,
        archive_or_id: Archive | str,
        path_or_file: str | os.PathLike[str] | IO[bytes],
        *,
        resume: bool = True,
        on_progress: Callable[[DownloadProgress], object] | None = None,
        verify: bool = True,
    ) -> DownloadResult:
        """Download an archive's file to ``path_or_file`` (a path, or a writable binary file)
        in chunks, memory bounded whatever its size; return a DownloadResult.

        With ``resume`` (default) a partial file at the path is continued with ``Range`` (and
        started again if the storage ignores it); a body cut midway is resumed the same way
        up to the retry policy's ``max_attempts``. With ``verify`` the size and, where the
        archive has a ``sha256sum``, the hash are checked. The storage URL gets no API auth
        header and no redirect to another host is followed; its connections use this client's
        TLS and proxy settings (``verify=``, ``proxy=``, ``trust_env=`` at construction).
        ``on_progress`` sees a DownloadProgress per chunk.

        Raises:
            ArchiveNotDownloadable: no ``url``; ``reason`` says why (uploaded to your storage,
                not available yet, expired, ...).
            IntegrityError: the size or hash is not the archive's (a path's file is removed).
            DownloadError: the storage refused or misanswered; TransportError: it broke off.
        """
        if on_progress is not None and not callable(on_progress):
            raise core.ValidationError("on_progress", "must be a callable or None")
        for name, flag in (("resume", resume), ("verify", verify)):
            if not isinstance(flag, bool):
                raise core.ValidationError(name, "must be a bool")
        core.check_target(path_or_file)
        if isinstance(archive_or_id, core.Archive):
            archive = archive_or_id
        else:
            archive = self.get_archive(archive_or_id)
        source = core.download_source(archive)
        sink = open_sink(path_or_file, resume)
        fetcher = StorageFetcher(self._timeout, **self._connection_options)
        discard = False
        try:
            digest = core.Digest()
            while chunk := sink.read_prefix():
                digest.update(chunk)
            total = source.size
            if total is not None and digest.size > total:  # not a part of this archive
                sink.restart()
                digest.reset()
            resumed_from = digest.size
            attempts = 0
            while True:
                attempts += 1
                try:
                    stream = self._storage_answer(fetcher, source, digest.size)
                    try:
                        answer = core.download_answer(
                            stream.status, stream.headers, digest.size, archive_id=source.archive_id
                        )
                        if answer.kind == "restart" and digest.size:
                            sink.restart()
                            digest.reset()
                        total = total or answer.total
                        while answer.kind != "complete" and (data := stream.read()):
                            sink.write(data)
                            digest.update(data)
                            if on_progress is not None:
                                done = core.DownloadProgress(
                                    source.archive_id, digest.size, total, resumed_from
                                )
                                on_progress(done)
                    finally:
                        stream.close()
                except core.TransportError:
                    if attempts >= self._retry.max_attempts:
                        raise
                    continue
                break
            verified = False
            if verify:
                try:
                    verified = core.check_download(source, digest, total)
                except core.IntegrityError:
                    discard = True
                    raise
            return core.DownloadResult(
                source.archive_id,
                sink.path,
                digest.size,
                digest.hexdigest(),
                resumed_from,
                verified,
            )
        finally:
            fetcher.close()
            sink.close(discard)

    def _storage_answer(
        self, fetcher: StorageFetcher, source: DownloadSource, offset: int
    ) -> StorageStream:
        """The storage's answer to a GET from ``offset``, following same-host redirects only."""
        url = source.url
        for _ in range(core.MAX_REDIRECTS + 1):
            stream = fetcher.open(url, core.range_headers(offset))
            if stream.status not in (301, 302, 303, 307, 308):
                return stream
            location = stream.header("location")
            stream.close()
            url = core.redirect_target(url, location, archive_id=source.archive_id)
        raise core.DownloadError("too many redirects", archive_id=source.archive_id)

    def wait_for_broadcast(
        self,
        broadcast_id: str,
        until: str = "started",
        *,
        timeout: float = 300,
        interval: float = 2.0,
        on_progress: Callable[[Broadcast], object] | None = None,
    ) -> Broadcast[Bound]:
        """Poll ``broadcast_id`` until it is ``started`` (default) or ``live`` (its HLS or an
        RTMP stream is live) and return the Broadcast; ``on_progress`` sees each one.

        Raises:
            WaitFailed: it stopped first, or its HLS stream failed.
            WaitTimeout: ``timeout`` seconds passed (``last`` holds the last Broadcast seen).
        """
        spec = core.broadcast_wait(broadcast_id, until)
        return self._wait(spec, timeout, interval, on_progress)

    def wait_for_render(
        self,
        render_id: str,
        until: str = "started",
        *,
        timeout: float = 300,
        interval: float = 2.0,
        on_progress: Callable[[Render], object] | None = None,
    ) -> Render[Bound]:
        """Poll the Experience Composer ``render_id`` until it is ``started`` (default) or the
        status given, and return the Render; ``on_progress`` sees each one.

        Raises:
            WaitFailed: it failed (or stopped, waiting for started).
            WaitTimeout: ``timeout`` seconds passed (``last`` holds the last Render seen).
        """
        spec = core.render_wait(render_id, until)
        return self._wait(spec, timeout, interval, on_progress)

    def _each(
        self, page: Callable[[PageCursor], Operation[Page[T]]], page_size: int
    ) -> Iterator[T]:
        """Every item of a listing, ``page(cursor)`` asking for each page in turn. Only the
        current page is held: the previous one is let go before the next is fetched."""
        cursor: PageCursor | None = core.PageCursor(page_size=page_size)
        while cursor is not None:
            answer = self.send(page(cursor))
            cursor = cursor.advance(answer)
            items = iter(answer.items)  # exhausted, a tuple iterator drops the tuple
            del answer
            for item in items:
                yield item
                del item

    def create_session(
        self,
        location: str | None = None,
        media_mode: MediaMode | MediaModeValue = MediaMode.RELAYED,
        archive_mode: ArchiveMode | ArchiveModeValue = ArchiveMode.MANUAL,
        archive_name: str | None = None,
        archive_resolution: Resolution | ResolutionValue | None = None,
        e2ee: bool = False,
    ) -> Session:
        """Create a session clients can connect to.

        Args:
            location: an IPv4 address hint for where the session's media server should be.
            media_mode: ``routed`` (media server: archiving, broadcasts) or ``relayed`` (p2p).
            archive_mode: ``manual`` or ``always`` (``always`` requires ``routed``).
            archive_name, archive_resolution: for ``always`` archives only.
            e2ee: end-to-end encryption (requires ``routed``).

        Returns:
            The Session; give ``session.session_id`` to clients.

        Raises:
            ValidationError: before any request, on inconsistent options.
        """
        return self.send(
            ops.CreateSession(
                location=location,
                media_mode=media_mode,
                archive_mode=archive_mode,
                archive_name=archive_name,
                archive_resolution=archive_resolution,
                e2ee=e2ee,
            )
        )

    def generate_token(
        self,
        session_id: str,
        role: Role | RoleValue = Role.PUBLISHER,
        expire_time: int | float | dt.datetime | None = None,
        data: str | None = None,
        initial_layout_class_list: Iterable[str] | None = None,
        use_jwt: bool = True,
    ) -> str:
        """Mint a client token for ``session_id`` (no I/O: a plain function on both clients).

        Args:
            session_id: a session of this project.
            role: subscriber, publisher (default), publisheronly or moderator.
            expire_time: unix seconds or a datetime, in the future and at most 30 days ahead
                (default: 24 hours).
            data: connection data shown to other clients, at most 1000 characters.
            initial_layout_class_list: layout class names for the client's streams.
            use_jwt: a JWT (default) or, when False, a legacy ``T1==`` token.

        Raises:
            ValidationError: on any bad option, including a session of another API key.
        """
        return generate_token(
            self._config.credentials,
            session_id,
            now=self._runtime.clock(),
            nonce=self._runtime.nonce(),
            jti=self._runtime.entropy,  # drawn only if the token needs one
            role=role,
            expire_time=expire_time,
            data=data,
            initial_layout_class_list=initial_layout_class_list,
            use_jwt=use_jwt,
        )

    # Signed callbacks (spec/service.md#signed-callbacks) -----------------------------------

    def verify_callback(
        self,
        body: bytes,
        authorization: str,
        signature_secret: str,
        *,
        max_age: float = 300,
        api_key: str | int | None = None,
        application_id: str | None = None,
        seen: SeenStore | None = None,
    ) -> CallbackClaims:
        """Check a callback's ``Authorization`` value (``Bearer <JWT>``) against its raw body
        at this client's clock (no I/O: a plain method on both clients); see
        ``opentok_core.verify_callback``.

        Raises:
            InvalidSignature: forged, tampered, stale, replayed or for another project.
        """
        return core.verify_callback(
            body,
            authorization,
            signature_secret,
            now=self._runtime.clock(),
            max_age=max_age,
            api_key=api_key,
            application_id=application_id,
            seen=seen,
        )

    def parse_callback(
        self,
        body: bytes | str | Mapping[str, Any],
        headers: Mapping[str, str] | Iterable[tuple[str, str]] | None = None,
        signature_secret: str | None = None,
        *,
        max_age: float = 300,
        api_key: str | int | None = None,
        application_id: str | None = None,
        seen: SeenStore | None = None,
    ) -> CallbackEvent:
        """A callback body as a typed event, verified first at this client's clock when
        ``signature_secret`` is given (no I/O); see ``opentok_core.parse_callback``.

        Raises:
            InvalidSignature: a secret was given and the callback does not verify.
            ValidationError: the body is not a JSON object, or a known event is malformed.
        """
        return core.parse_callback(
            body,
            headers,
            signature_secret,
            now=self._runtime.clock(),
            max_age=max_age,
            api_key=api_key,
            application_id=application_id,
            seen=seen,
        )

    # Signaling and moderation (spec/service.md#signals-and-moderation) ---------------------

    def send_signal(
        self,
        session_id: str,
        payload: Signal | Mapping[str, Any],
        connection_id: str | None = None,
    ) -> None:
        """Send a signal to every client of a session, or to one connection.

        Args:
            session_id: the session whose clients receive the signal.
            payload: a ``ops.Signal(data=..., type=...)`` or the official SDK's
                ``{"type": ..., "data": ...}`` dict; type at most 128 bytes, data at most 8 kB.
            connection_id: only this client receives it (default: all clients).

        Raises:
            ValidationError: before any request, on a bad or too large payload.
            NotFound: the target client is not connected.
            PayloadTooLarge: the service judged the type or data too large.
        """
        return self.send(
            ops.SendSignal(session_id=session_id, payload=payload, connection_id=connection_id)
        )

    def signal(
        self,
        session_id: str,
        payload: Signal | Mapping[str, Any],
        connection_id: str | None = None,
    ) -> None:
        """Deprecated, as in the official SDK: the old name of ``send_signal``."""
        warnings.warn("signal() is deprecated: use send_signal()", DeprecationWarning, stacklevel=2)
        return self.send_signal(session_id, payload, connection_id)

    def force_disconnect(self, session_id: str, connection_id: str) -> None:
        """Disconnect a client from a session (also hangs up a SIP call or stops an Audio
        Connector: give its ``connection_id``).

        Raises:
            NotFound: the client is not connected to the session.
        """
        return self.send(
            ops.ForceDisconnect(session_id=session_id, connection_id=connection_id),
        )

    def list_connections(self, session_id: str) -> ConnectionList:
        """List the connections of a session (the official Java, PHP, Ruby and .NET SDKs'
        ``listConnections``).

        Returns:
            A ConnectionList: iterate, index or ``len()`` it; ``count`` is the service's count;
            each Connection has ``id`` (also ``connection_id``), ``connection_state`` and
            ``created_at``.

        Raises:
            NotFound: no such session.
        """
        return self.send(ops.ListConnections(session_id=session_id))

    def mute_stream(self, session_id: str, stream_id: str) -> None:
        """Force the publisher of one stream to mute its audio.

        Raises:
            NotFound: no such session or stream.
        """
        return self.send(ops.MuteStream(session_id=session_id, stream_id=stream_id))

    def mute_all(
        self,
        session_id: str,
        excluded_stream_ids: Iterable[str] | None = None,
        *,
        excludedStreamIds: Iterable[str] | None = None,  # noqa: N803 (the official keyword)
    ) -> None:
        """Mute every stream of a session except ``excluded_stream_ids``; streams published
        later start muted too, until ``disable_force_mute``.

        Args:
            session_id: the session to mute.
            excluded_stream_ids: streams left unmuted (sent as ``excludedStreamIds``).
            excludedStreamIds: the official SDK's keyword for the same list; give one of the
                two.

        Raises:
            ValidationError: before any request, when both names are given.
            NotFound: no such session.
        """
        operation = ops.MuteAll.from_call(session_id, excluded_stream_ids, excludedStreamIds)
        return self.send(operation)

    def disable_force_mute(self, session_id: str) -> None:
        """Stop muting streams published after ``mute_all`` (muted streams stay muted).

        Raises:
            NotFound: no such session.
        """
        return self.send(ops.DisableForceMute(session_id=session_id))

    # Streams (spec/service.md#streams) -----------------------------------------------------

    def get_stream(self, session_id: str, stream_id: str) -> Stream:
        """Fetch one stream of a session: video type, name and layout classes.

        Raises:
            NotFound: no such session or stream.
            RequestTimeout: the stream id is invalid (the service answers 408 for it).
        """
        return self.send(ops.GetStream(session_id=session_id, stream_id=stream_id))

    def list_streams(self, session_id: str) -> StreamList:
        """List the streams of a session.

        Returns:
            A StreamList: iterate, index or ``len()`` it; ``count`` is the server's count.

        Raises:
            NotFound: no such session (or it has no connected clients).
        """
        return self.send(ops.ListStreams(session_id=session_id))

    def set_stream_class_lists(
        self,
        session_id: str,
        payload: Iterable[StreamClassList | Mapping[str, Any]],
    ) -> None:
        """Set the layout classes of many streams in one request (used by composed archives
        and broadcasts). Mind the plural: ``set_stream_class_list`` (no s) sets one stream's.

        Args:
            session_id: the session of the streams.
            payload: ``ops.StreamClassList(stream_id=..., layout_class_list=[...])`` items, or the
                official SDK's ``{"id": ..., "layoutClassList": [...]}`` dicts.

        Raises:
            ValidationError: before any request, on a malformed item.
            BadRequest: the service rejected the class lists.
        """
        return self.send(ops.SetStreamClassLists(session_id=session_id, items=payload))

    def set_stream_class_list(
        self, session_id: str, stream_id: str, layout_class_list: Iterable[str]
    ) -> None:
        """Set the layout classes of one stream (the PHP SDK's ``updateStream``). Mind the
        singular: ``set_stream_class_lists`` (with an s) sets many streams' in one request.

        Args:
            session_id: the session of the stream.
            stream_id: the stream.
            layout_class_list: class names without spaces; an empty list clears them.

        Raises:
            ValidationError: before any request, on a class name with a space.
            NotFound: no such stream in the session.
        """
        return self.send(
            ops.SetStreamClassList(
                session_id=session_id, stream_id=stream_id, layout_class_list=layout_class_list
            )
        )

    # SIP and DTMF (spec/service.md#sip-and-dtmf) -------------------------------------------

    def dial(
        self,
        session_id: str,
        token: str,
        sip_uri: str,
        options: SipOptions | Mapping[str, Any] | None = None,
    ) -> SipCall:
        """Connect a SIP endpoint to a session as a participant.

        Args:
            session_id: a routed session.
            token: a client token for the SIP participant's connection.
            sip_uri: ``sip:user@host`` (add ``;transport=tls`` for TLS signalling).
            options: ``ops.SipOptions(...)`` or the official SDK's dict with ``from``, ``headers``
                (``X-`` only), ``auth`` {username, password}, ``secure``, ``video``,
                ``observeForceMute`` and ``streams``.

        Returns:
            The SipCall; hang up with ``force_disconnect(session_id, call.connection_id)``.

        Raises:
            ValidationError: before any request, on bad options.
            NotFound: no such session.
            Conflict: the session is not routed.
        """
        return self.send(
            ops.Dial(session_id=session_id, token=token, sip_uri=sip_uri, options=options)
        )

    def play_dtmf(
        self,
        session_id: str,
        connection_id: str | None,
        digits: str,
        options: Mapping[str, Any] | None = None,
    ) -> None:
        """Play DTMF tones into a session's SIP calls, or into one connection.

        Parameters are in the official SDK's order: ``play_dtmf(session_id, None, "1234#")``
        plays to every SIP participant.

        Args:
            session_id: the session.
            connection_id: only this SIP participant hears them; None for all of them.
            digits: ``0-9``, ``*``, ``#`` and ``p`` (a 500 ms pause).
            options: accepted for the official signature only: the service takes no options,
                so it must be None or empty (the official SDK silently drops it).

        Raises:
            ValidationError: before any request, on other characters or non-empty options.
            NotFound: no such session or connection.
        """
        return self.send(ops.PlayDtmf.from_call(session_id, connection_id, digits, options))

    # Experience Composer (spec/service.md#experience-composer) -----------------------------

    def start_render(
        self,
        session_id: str,
        opentok_token: str,
        url: str,
        max_duration: int = 7200,
        resolution: Resolution | ResolutionValue = Resolution.HD_LANDSCAPE,
        properties: Mapping[str, Any] | None = None,
        *,
        name: str | None = None,
    ) -> Render[Bound]:
        """Start an Experience Composer: render a web page into the session as a stream.

        Args:
            session_id: the session the composed stream is published to.
            opentok_token: a publisher token for the composer's connection.
            url: a publicly reachable http(s) URL, 15 to 2048 characters.
            max_duration: seconds before it stops by itself, 60 to 36000.
            resolution: one of the six Resolution values (default 1280x720).
            properties: the official SDK's ``{"name": ...}`` dict.
            name: the composed stream's name, 1 to 200 characters.

        Returns:
            The Render (status ``starting``).

        Raises:
            ValidationError: before any request, on a bad option.
            BadRequest: the service rejected the session id or options.
        """
        return self.send(
            ops.StartRender.with_properties(
                properties,
                session_id=session_id,
                token=opentok_token,
                url=url,
                max_duration=max_duration,
                resolution=resolution,
                stream_name=name,
            )
        )

    def get_render(self, render_id: str) -> Render[Bound]:
        """Fetch one Experience Composer by id.

        Raises:
            NotFound: no such render.
        """
        return self.send(ops.GetRender(render_id=render_id))

    def stop_render(self, render_id: str) -> None:
        """Stop an Experience Composer (the service answers 204 No Content).

        Raises:
            NotFound: no such render, or it already stopped.
        """
        return self.send(ops.StopRender(render_id=render_id))

    def list_renders(self, offset: int = 0, count: int = 50) -> Page[Render[Bound]]:
        """List Experience Composers, newest first.

        Args:
            offset: index of the first render to return.
            count: how many to return, 1 to 1000 (default 50, as the official SDK).

        Returns:
            A Page: iterate or index it; ``count`` is the total the service reports.
        """
        return self.send(ops.ListRenders(offset=offset, count=count))

    def iter_renders(self, *, page_size: int = 1000) -> Iterator[Render[Bound]]:
        """Every Experience Composer, fetching ``page_size`` per request lazily as iteration
        proceeds. Stops on an empty page or at the first page's total.

        Raises:
            ValidationError: on a bad ``page_size`` (1-1000).
        """
        for render in self._each(
            lambda at: ops.ListRenders(offset=at.offset, count=at.page_size), page_size
        ):
            yield render
            del render  # held by nobody here while the next page is fetched

    # Audio Connector and live captions (spec/service.md#audio-connector, #live-captions) ---

    def connect_audio_to_websocket(
        self,
        session_id: str,
        opentok_token: str,
        websocket_options: WebSocketOptions | Mapping[str, Any],
    ) -> WebSocketAudioConnection:
        """Stream a session's audio to a WebSocket server.

        Args:
            session_id: a routed session.
            opentok_token: a client token for the connector's connection.
            websocket_options: ``ops.WebSocketOptions(uri=...)`` or the official SDK's dict with
                ``uri`` (ws/wss), ``streams``, ``headers`` (at most 512 bytes), ``audioRate``
                (8000, 16000 or 24000), ``bidirectional`` and ``audio_transport``
                (``ops.AudioTransport(...)`` or ``{"transport": "binary" or "json",
                "encoding": "base64", "audio_field", "receive_audio_field",
                "static_fields"}``).

        Returns:
            The connection; stop it with ``force_disconnect(session_id, conn.connection_id)``
            or ``disconnect_audio_from_websocket(conn.connection_id)``.

        Raises:
            ValidationError: before any request, on bad options.
            Conflict: the session is not routed.
        """
        return self.send(
            ops.ConnectAudioToWebsocket(
                session_id=session_id,
                token=opentok_token,
                websocket=websocket_options,
            )
        )

    def disconnect_audio_from_websocket(self, connection_id: str) -> None:
        """Stop an Audio Connector connection (``POST /connect/{connectionId}/stop``; the .NET
        SDK's ``StopAudioConnectorAsync``). ``force_disconnect(session_id, connection_id)``
        does the same through the session, which @vonage/video now recommends.

        Raises:
            NotFound: no such Audio Connector connection (or it already stopped).
        """
        return self.send(ops.DisconnectAudioFromWebsocket(connection_id=connection_id))

    def start_captions(
        self,
        session_id: str,
        opentok_token: str,
        language_code: str = "en-US",
        max_duration: int = 14400,
        partial_captions: bool = True,
        status_callback_url: str | None = None,
    ) -> Captions[Bound]:
        """Start live captions for a session.

        Args:
            session_id: a routed session.
            opentok_token: a moderator token.
            language_code: a BCP-47 tag such as ``en-US``.
            max_duration: seconds, 300 to 14400.
            partial_captions: faster captions at the cost of some accuracy.
            status_callback_url: where the service posts status changes (15-2048 chars).

        Returns:
            Captions; stop them with ``stop_captions(captions.captions_id)``.

        Raises:
            ValidationError: before any request, on a bad option.
            Conflict: captions are already running for the session.
        """
        return self.send(
            ops.StartCaptions(
                session_id=session_id,
                token=opentok_token,
                language_code=language_code,
                max_duration=max_duration,
                partial_captions=partial_captions,
                status_callback_url=status_callback_url,
            )
        )

    def stop_captions(self, captions_id: str) -> None:
        """Stop live captions.

        Raises:
            NotFound: no such captions id.
        """
        return self.send(ops.StopCaptions(captions_id=captions_id))

    def get_captions(self, captions_id: str) -> Captions[Bound]:
        """Read the status of live captions (@vonage/video's ``getCaptionStatus``).

        Returns:
            Captions with every field of the answer: ``status``, ``session_id``,
            ``application_id``, ``created_at``, ``updated_at``, ``duration`` (seconds),
            ``language_code``, ``provider`` and ``reason``.

        Raises:
            NotFound: no such captions id.
        """
        return self.send(ops.GetCaptions(captions_id=captions_id))

    def get_archive(self, archive_id: str) -> Archive[Bound]:
        """Fetch one archive by id.

        Raises:
            NotFound: no such archive.
        """
        return self.send(ops.GetArchive(archive_id=archive_id))

    def start_archive(
        self,
        session_id: str,
        has_audio: bool = True,
        has_video: bool = True,
        name: str | None = None,
        output_mode: OutputMode | OutputModeValue = OutputMode.COMPOSED,
        stream_mode: StreamMode | StreamModeValue = StreamMode.AUTO,
        resolution: Resolution | ResolutionValue | None = None,
        layout: Layout | Mapping[str, Any] | None = None,
        multi_archive_tag: str | None = None,
        max_bitrate: int | None = None,
        quantization_parameter: int | None = None,
        has_transcription: bool = False,
        transcription_properties: TranscriptionProperties | Mapping[str, Any] | None = None,
    ) -> Archive[Bound]:
        """Start recording a routed session (parameters in the official SDK's order).

        Args:
            session_id: a routed session with at least one connected client.
            has_audio, has_video: tracks to record (not both False).
            name: a label for the archive.
            output_mode: ``composed`` (one file) or ``individual`` (one file per stream).
            stream_mode: ``auto``, or ``manual`` to pick streams with add_archive_stream.
            resolution: e.g. ``"1280x720"`` (composed only).
            layout: a Layout or ``{"type", "stylesheet", "screenshareType"}`` (composed only).
            multi_archive_tag: distinct tag per simultaneous archive of one session.
            max_bitrate: video bits per second, 100000-6000000 (composed only).
            quantization_parameter: encoder QP, 15-40 (composed only).
            has_transcription: post-call transcription (needs audio).
            transcription_properties: TranscriptionProperties or
                ``{"primaryLanguageCode", "hasSummary"}``.

        Returns:
            The started Archive.

        Raises:
            ValidationError: before any request, on a bad or inconsistent option.
            Conflict: the session is relayed or already being recorded.
            NotFound: no such session.
        """
        return self.send(
            ops.StartArchive(
                session_id=session_id,
                has_audio=has_audio,
                has_video=has_video,
                archive_name=name,
                output_mode=output_mode,
                stream_mode=stream_mode,
                resolution=resolution,
                layout=layout,
                multi_archive_tag=multi_archive_tag,
                max_bitrate=max_bitrate,
                quantization_parameter=quantization_parameter,
                has_transcription=has_transcription,
                transcription_properties=transcription_properties,
            )
        )

    def stop_archive(self, archive_id: str) -> Archive[Bound]:
        """Stop recording an archive.

        Returns:
            The Archive, now ``stopped``.

        Raises:
            NotFound: no such archive.
            Conflict: the archive is not being recorded.
        """
        return self.send(ops.StopArchive(archive_id=archive_id))

    def delete_archive(self, archive_id: str) -> None:
        """Delete an archive (and its file): only available or uploaded archives can be.

        Raises:
            NotFound: no such archive.
            Conflict: the archive's status does not allow deletion.
        """
        return self.send(ops.DeleteArchive(archive_id=archive_id))

    def list_archives(
        self, offset: int | None = None, count: int | None = None, session_id: str | None = None
    ) -> Page[Archive[Bound]]:
        """One page of archives, newest first.

        Args:
            offset: index of the first archive (0 is the most recent).
            count: page size, 1-1000 (the service's default when None).
            session_id: only this session's archives.

        Returns:
            A Page: ``page.items`` and ``page.count`` (the total, not ``len(page)``).
        """
        return self.send(ops.ListArchives(offset=offset, count=count, session_id=session_id))

    def get_archives(
        self, offset: int | None = None, count: int | None = None, session_id: str | None = None
    ) -> Page[Archive[Bound]]:
        """The official SDK's older name for ``list_archives`` (same arguments and result)."""
        return self.list_archives(offset, count, session_id)

    def iter_archives(
        self, session_id: str | None = None, *, page_size: int = 1000
    ) -> Iterator[Archive[Bound]]:
        """Every archive (of ``session_id`` when given), fetching ``page_size`` per request
        lazily as iteration proceeds. Stops on an empty page or at the first page's total.

        Raises:
            ValidationError: on a bad ``page_size`` (1-1000) or ``session_id``.
        """
        for archive in self._each(
            lambda at: ops.ListArchives(
                offset=at.offset, count=at.page_size, session_id=session_id
            ),
            page_size,
        ):
            yield archive
            del archive  # held by nobody here while the next page is fetched

    def set_archive_layout(
        self,
        archive_id: str,
        layout_type: LayoutType | LayoutTypeValue | Layout | Mapping[str, Any],
        stylesheet: str | None = None,
        screenshare_type: ScreenshareType | ScreenshareTypeValue | None = None,
    ) -> None:
        """Change the layout of a composed archive while it records.

        Args:
            archive_id: the archive.
            layout_type: a LayoutType (or its string), or a whole Layout / layout dict.
            stylesheet: CSS, required with (and only with) ``custom``.
            screenshare_type: layout while screen sharing (only with ``bestFit``).

        Raises:
            ValidationError: before any request, on an inconsistent layout.
            BadRequest: the service refused the layout.
        """
        return self.send(
            ops.SetArchiveLayout(
                archive_id=archive_id,
                layout=core.Layout.of(layout_type, stylesheet, screenshare_type),
            )
        )

    def add_archive_stream(
        self, archive_id: str, stream_id: str, has_audio: bool = True, has_video: bool = True
    ) -> None:
        """Include a stream in an archive started with ``stream_mode="manual"`` (call again to
        change which of its tracks are recorded).

        Raises:
            MethodNotAllowed: the archive's stream mode is auto.
            NotFound: no such archive or stream.
        """
        return self.send(
            ops.AddArchiveStream(
                archive_id=archive_id,
                stream_id=stream_id,
                has_audio=has_audio,
                has_video=has_video,
            )
        )

    def remove_archive_stream(self, archive_id: str, stream_id: str) -> None:
        """Stop including a stream in a manual-stream-mode archive.

        Raises:
            MethodNotAllowed: the archive's stream mode is auto.
            NotFound: no such archive or stream.
        """
        return self.send(ops.RemoveArchiveStream(archive_id=archive_id, stream_id=stream_id))

    def start_broadcast(
        self,
        session_id: str,
        options: BroadcastOptions | Mapping[str, Any],
        stream_mode: StreamMode | StreamModeValue = StreamMode.AUTO,
    ) -> Broadcast[Bound]:
        """Start live streaming a routed session to HLS and/or RTMP targets.

        Args:
            session_id: a routed session with at least one connected client.
            options: BroadcastOptions (recommended), or the official SDK's dict with camelCase
                keys: ``outputs`` (``{"hls": {"dvr", "lowLatency"}, "rtmp": [{"id",
                "serverUrl", "streamName"}]}``), ``layout``, ``maxDuration`` (60-36000 s),
                ``maxBitrate``, ``resolution``, ``multiBroadcastTag``, ``hasAudio``,
                ``hasVideo``.
            stream_mode: ``auto``, or ``manual`` to pick streams with add_broadcast_stream.

        Returns:
            The started Broadcast, with its HLS URL and RTMP targets in ``broadcast_urls``.

        Raises:
            ValidationError: before any request: no output, more than 5 RTMP targets, both
                ``dvr`` and ``low_latency``, an out-of-range duration or bitrate, ...
            Conflict: a broadcast is already running for the session (or it is relayed).
        """
        return self.send(
            ops.StartBroadcast(
                session_id=session_id,
                options=options,
                stream_mode=stream_mode,
            )
        )

    def stop_broadcast(self, broadcast_id: str) -> Broadcast[Bound]:
        """Stop a broadcast.

        Returns:
            The Broadcast, now ``stopped``.

        Raises:
            NotFound, Conflict: no such broadcast, or it has already stopped (the service
                answers either status).
            RequestTimeout: the service timed out stopping it.
        """
        return self.send(ops.StopBroadcast(broadcast_id=broadcast_id))

    def get_broadcast(self, broadcast_id: str) -> Broadcast[Bound]:
        """Fetch one broadcast by id.

        Raises:
            NotFound, Conflict: no such broadcast (the service answers either status).
        """
        return self.send(ops.GetBroadcast(broadcast_id=broadcast_id))

    def list_broadcasts(
        self, offset: int | None = None, count: int | None = None, session_id: str | None = None
    ) -> Page[Broadcast[Bound]]:
        """One page of broadcasts, newest first (the official Python SDK lacks this call).

        Args:
            offset: index of the first broadcast (0 is the most recent).
            count: page size, 1-1000 (the service's default when None).
            session_id: only this session's broadcasts.

        Returns:
            A Page: ``page.items`` and ``page.count`` (the total, not ``len(page)``).
        """
        return self.send(
            ops.ListBroadcasts(offset=offset, count=count, session_id=session_id),
        )

    def iter_broadcasts(
        self, session_id: str | None = None, *, page_size: int = 1000
    ) -> Iterator[Broadcast[Bound]]:
        """Every broadcast (of ``session_id`` when given), fetching ``page_size`` per request
        lazily as iteration proceeds. Stops on an empty page or at the first page's total.

        Raises:
            ValidationError: on a bad ``page_size`` (1-1000) or ``session_id``.
        """
        for broadcast in self._each(
            lambda at: ops.ListBroadcasts(
                offset=at.offset, count=at.page_size, session_id=session_id
            ),
            page_size,
        ):
            yield broadcast
            del broadcast  # held by nobody here while the next page is fetched

    def set_broadcast_layout(
        self,
        broadcast_id: str,
        layout_type: LayoutType | LayoutTypeValue | Layout | Mapping[str, Any],
        stylesheet: str | None = None,
        screenshare_type: ScreenshareType | ScreenshareTypeValue | None = None,
    ) -> None:
        """Change the layout of a live broadcast.

        Args:
            broadcast_id: the broadcast.
            layout_type: a LayoutType (or its string), or a whole Layout / layout dict.
            stylesheet: CSS, required with (and only with) ``custom``.
            screenshare_type: layout while screen sharing (only with ``bestFit``).

        Raises:
            ValidationError: before any request, on an inconsistent layout.
            BadRequest: the service refused the layout.
        """
        return self.send(
            ops.SetBroadcastLayout(
                broadcast_id=broadcast_id,
                layout=core.Layout.of(layout_type, stylesheet, screenshare_type),
            )
        )

    def add_broadcast_stream(
        self, broadcast_id: str, stream_id: str, has_audio: bool = True, has_video: bool = True
    ) -> None:
        """Include a stream in a broadcast started with ``stream_mode="manual"`` (call again to
        change which of its tracks are broadcast).

        Raises:
            MethodNotAllowed: the broadcast's stream mode is auto.
            NotFound: no such broadcast or stream.
        """
        return self.send(
            ops.AddBroadcastStream(
                broadcast_id=broadcast_id,
                stream_id=stream_id,
                has_audio=has_audio,
                has_video=has_video,
            )
        )

    def remove_broadcast_stream(self, broadcast_id: str, stream_id: str) -> None:
        """Stop including a stream in a manual-stream-mode broadcast.

        Raises:
            MethodNotAllowed: the broadcast's stream mode is auto.
            NotFound: no such broadcast or stream.
        """
        return self.send(
            ops.RemoveBroadcastStream(broadcast_id=broadcast_id, stream_id=stream_id),
        )
