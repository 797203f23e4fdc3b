"""Client's archive download path: a storage URL streamed with urllib3 and written to a file
in chunks. Apart from the API transport on purpose: its own pool, no auth header, no
redirect followed by urllib3 (``download_archive`` checks each against the host), and no
16 MiB cap on the body (memory stays at one chunk). Its connections follow the client's
``verify``, ``proxy`` and ``trust_env`` as the transport's do (``own_pools``)."""

from __future__ import annotations

import os
import ssl
from collections.abc import Iterable
from typing import IO, Any

import urllib3

from opentok_core import (
    CHUNK_SIZE,
    Timeout,
    TransportError,
    TransportTimeout,
    ValidationError,
    check_target,
)

from ._transport import own_pools

__all__ = ["FileSink", "StorageFetcher", "StorageStream", "open_sink"]


class StorageStream:
    """One storage answer: ``status``, ``headers``, then the body a chunk at a time."""

    def __init__(self, reply: Any, chunk_size: int) -> None:
        self._reply = reply
        self._chunk = chunk_size
        self.status: int = reply.status
        self.headers: list[tuple[str, str]] = list(reply.headers.items())

    def header(self, name: str) -> str | None:
        value: str | None = self._reply.headers.get(name)
        return value

    def read(self) -> bytes:
        """The next chunk, ``b""`` at the end; a cut body raises TransportError."""
        try:
            data: bytes = self._reply.read(self._chunk)
        except urllib3.exceptions.ReadTimeoutError as exc:
            raise TransportTimeout(f"archive download timed out: {exc}") from exc
        except urllib3.exceptions.HTTPError as exc:
            raise TransportError(f"archive download broke off: {type(exc).__name__}") from exc
        return data

    def close(self) -> None:
        self._reply.release_conn()


class StorageFetcher:
    """GETs on storage URLs, with the client's connect and read timeouts per chunk, and its
    TLS and proxy settings (``HTTPS_PROXY``/``NO_PROXY`` with ``trust_env``)."""

    def __init__(
        self,
        timeout: Timeout,
        chunk_size: int = CHUNK_SIZE,
        *,
        verify: bool | ssl.SSLContext = True,
        proxy: str | None = None,
        trust_env: bool = True,
    ) -> None:
        self._pool, self._routes = own_pools(verify, proxy, trust_env, retries=False)
        self._timeout = urllib3.Timeout(connect=timeout.connect, read=timeout.read)
        self._chunk = chunk_size

    def open(self, url: str, headers: Iterable[tuple[str, str]]) -> StorageStream:
        try:
            routed = None if self._routes is None else self._routes.route(url)
            reply = (routed or self._pool).request(
                "GET",
                url,
                headers=dict(headers),
                preload_content=False,
                decode_content=False,
                redirect=False,
                retries=False,
                timeout=self._timeout,
            )
        except urllib3.exceptions.HTTPError as exc:
            raise TransportError(f"archive download failed: {type(exc).__name__}") from exc
        return StorageStream(reply, self._chunk)

    def close(self) -> None:
        self._pool.clear()
        if self._routes is not None:
            self._routes.clear()


class FileSink:
    """Where the bytes go: a path (appended to when resuming) or a binary file object."""

    def __init__(self, file: IO[bytes], path: str | None, offset: int) -> None:
        self._file = file
        self.path = path
        self.offset = offset
        self._prefix_left = offset

    def read_prefix(self) -> bytes:
        """The next chunk of what was already there (hashed before resuming), ``b""`` after."""
        if self.path is None or self._prefix_left <= 0:
            return b""
        if self._prefix_left == self.offset:
            self._file.seek(0)
        data = self._file.read(min(CHUNK_SIZE, self._prefix_left))
        self._prefix_left -= len(data)
        if not data or self._prefix_left <= 0:
            self._prefix_left = 0
            self._file.seek(0, os.SEEK_END)
        return data

    def write(self, data: bytes) -> None:
        self._file.write(data)

    def restart(self) -> None:
        """Start the file again (the server ignored Range)."""
        if self.path is None:
            raise TransportError("the storage ignored Range and a file object cannot rewind")
        self._file.seek(0)
        self._file.truncate()

    def close(self, discard: bool = False) -> None:
        if self.path is None:
            return
        self._file.close()
        if discard:
            os.remove(self.path)


def open_sink(path_or_file: object, resume: bool) -> FileSink:
    """A sink for ``path_or_file`` (a str or PathLike path, or a writable binary file)."""
    if isinstance(path_or_file, (str, os.PathLike)):
        check_target(path_or_file)
        path = os.fspath(path_or_file)
        exists = os.path.isfile(path)
        file = open(path, "r+b" if resume and exists else "w+b")  # noqa: SIM115 - closed by close()
        file.seek(0, os.SEEK_END)
        return FileSink(file, path, file.tell())
    if callable(getattr(path_or_file, "write", None)):
        return FileSink(path_or_file, None, 0)  # type: ignore[arg-type]
    raise ValidationError("path_or_file", "must be a path or a writable binary file object")
