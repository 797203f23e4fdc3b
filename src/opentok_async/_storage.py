"""AsyncClient's archive download path: a storage URL streamed with httpx and written to a
file in chunks, each file operation in a worker thread (``anyio.to_thread``: the standard
library has no async file API). Apart from the API transport on purpose: its own client, no
auth header, no redirect followed by httpx (``download_archive`` checks each against the
host), and no 16 MiB cap on the body (memory stays at one chunk). Its connections follow the
client's ``verify``, ``proxy`` and ``trust_env`` as the transport's do."""

from __future__ import annotations

import os
import ssl
from collections.abc import AsyncIterator, Iterable
from typing import IO

import anyio
import httpx

from opentok_core import (
    CHUNK_SIZE,
    Timeout,
    TransportError,
    TransportTimeout,
    ValidationError,
    check_target,
)

__all__ = ["FileSink", "StorageFetcher", "StorageStream", "open_sink"]


class StorageStream:
    """One storage answer: ``status``, ``headers``, then the body a chunk at a time."""

    def __init__(self, reply: httpx.Response, chunk_size: int) -> None:
        self._reply = reply
        # As received (at most a socket read each): a chunk_size here would buffer that much
        # before yielding, and lose it all to a cut.
        self._chunks: AsyncIterator[bytes] = reply.aiter_raw()
        self.status = reply.status_code
        self.headers: list[tuple[str, str]] = reply.headers.multi_items()

    def header(self, name: str) -> str | None:
        value: str | None = self._reply.headers.get(name)
        return value

    async def read(self) -> bytes:
        """The next chunk, ``b""`` at the end; a cut body raises TransportError."""
        try:
            return await self._chunks.__anext__()
        except StopAsyncIteration:
            return b""
        except httpx.TimeoutException as exc:
            raise TransportTimeout(f"archive download timed out: {exc}") from exc
        except httpx.HTTPError as exc:
            raise TransportError(f"archive download broke off: {type(exc).__name__}") from exc

    async def aclose(self) -> None:
        await self._reply.aclose()


class StorageFetcher:
    """GETs on storage URLs, with the client's connect and read timeouts per chunk, and its
    TLS and proxy settings (``HTTPS_PROXY``/``NO_PROXY`` with ``trust_env``; ``proxy`` wins
    over them, as in ``HttpxTransport``)."""

    def __init__(
        self,
        timeout: Timeout,
        chunk_size: int = CHUNK_SIZE,
        *,
        verify: bool | ssl.SSLContext = True,
        proxy: str | None = None,
        trust_env: bool = True,
    ) -> None:
        limits = httpx.Timeout(
            connect=timeout.connect, read=timeout.read, write=timeout.connect, pool=None
        )
        self._client = httpx.AsyncClient(
            timeout=limits,
            follow_redirects=False,
            verify=verify,
            proxy=proxy,
            trust_env=trust_env and proxy is None,
        )
        self._chunk = chunk_size

    async def open(self, url: str, headers: Iterable[tuple[str, str]]) -> StorageStream:
        try:
            request = self._client.build_request("GET", url, headers=list(headers))
            reply = await self._client.send(request, stream=True, follow_redirects=False)
        except httpx.TimeoutException as exc:
            raise TransportTimeout(f"archive download timed out: {exc}") from exc
        except httpx.HTTPError as exc:
            raise TransportError(f"archive download failed: {type(exc).__name__}") from exc
        return StorageStream(reply, self._chunk)

    async def aclose(self) -> None:
        await self._client.aclose()


class FileSink:
    """Where the bytes go: a path (appended to when resuming) or a binary file object."""

    def __init__(self, file: IO[bytes], path: str | None, offset: int) -> None:
        self._file = file
        self.path = path
        self.offset = offset
        self._prefix_left = offset

    async def read_prefix(self) -> bytes:
        """The next chunk of what was already there (hashed before resuming), ``b""`` after."""
        if self.path is None or self._prefix_left <= 0:
            return b""
        if self._prefix_left == self.offset:
            await anyio.to_thread.run_sync(self._file.seek, 0)
        data = await anyio.to_thread.run_sync(self._file.read, min(CHUNK_SIZE, self._prefix_left))
        self._prefix_left -= len(data)
        if not data or self._prefix_left <= 0:
            self._prefix_left = 0
            await anyio.to_thread.run_sync(self._file.seek, 0, os.SEEK_END)
        return data

    async def write(self, data: bytes) -> None:
        await anyio.to_thread.run_sync(self._file.write, data)

    async def restart(self) -> None:
        """Start the file again (the server ignored Range)."""
        if self.path is None:
            raise TransportError("the storage ignored Range and a file object cannot rewind")
        await anyio.to_thread.run_sync(self._file.seek, 0)
        await anyio.to_thread.run_sync(self._file.truncate)

    async def aclose(self, discard: bool = False) -> None:
        if self.path is None:
            return
        await anyio.to_thread.run_sync(self._file.close)
        if discard:
            await anyio.to_thread.run_sync(os.remove, self.path)


def _open(path: str, resume: bool) -> FileSink:
    exists = os.path.isfile(path)
    file = open(path, "r+b" if resume and exists else "w+b")  # noqa: SIM115 - closed by aclose()
    file.seek(0, os.SEEK_END)
    return FileSink(file, path, file.tell())


async def open_sink(path_or_file: object, resume: bool) -> FileSink:
    """A sink for ``path_or_file`` (a str or PathLike path, or a writable binary file)."""
    if isinstance(path_or_file, (str, os.PathLike)):
        check_target(path_or_file)
        path = os.fspath(path_or_file)
        return await anyio.to_thread.run_sync(_open, path, resume)
    if callable(getattr(path_or_file, "write", None)):
        return FileSink(path_or_file, None, 0)  # type: ignore[arg-type]
    raise ValidationError("path_or_file", "must be a path or a writable binary file object")
