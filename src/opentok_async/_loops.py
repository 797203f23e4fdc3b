"""Which event loop is running: connections belong to the loop that opened them."""

from __future__ import annotations

import asyncio
import sys

import sniffio

__all__ = ["describe_loop", "running_loop"]


def running_loop() -> object:
    """The running event loop (asyncio's loop object, trio's run token), or None outside one."""
    try:
        library = sniffio.current_async_library()
    except sniffio.AsyncLibraryNotFoundError:
        return None
    if library == "trio":
        trio = sys.modules["trio"]
        return trio.lowlevel.current_trio_token()
    return asyncio.get_running_loop()


def describe_loop(loop: object) -> str:
    """``loop`` named for a message: its class, its id, and whether it is closed or running."""
    if loop is None:
        return "none (outside any event loop)"
    state = ""
    if isinstance(loop, asyncio.AbstractEventLoop):
        state = ", closed" if loop.is_closed() else ", running" if loop.is_running() else ""
    return f"{type(loop).__name__} {id(loop):#x}{state}"
