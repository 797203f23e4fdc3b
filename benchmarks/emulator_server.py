"""The opentok-py emulator over loopback HTTP, for the REST benchmarks (its own process).

Run as a script it serves an emulator that knows the benchmark project on 127.0.0.1, port 0,
prints the port and serves until stdin closes.
"""

from __future__ import annotations

import asyncio
import sys

from fixtures import API_KEY, API_SECRET

from opentok_emulator import new_emulator
from opentok_emulator.server import EmulatorServer


async def _main() -> None:
    server = EmulatorServer(new_emulator(api_key=API_KEY, api_secret=API_SECRET))
    await server.start()
    print(server.port, flush=True)
    serving = asyncio.ensure_future(server.serve_forever())
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
    await server.aclose()
    await serving


if __name__ == "__main__":
    asyncio.run(_main())
