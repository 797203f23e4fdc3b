#!/usr/bin/env python3
"""Measure the HTTP emulator's throughput on loopback (prints figures; asserts nothing).

Starts ``opentok emulator`` in a subprocess, then drives it from this process with N
concurrent keep-alive connections (raw asyncio sockets, so the load generator stays cheap),
each sending signed REST calls: GET an archive (auth check + JSON) and, with ``--mix``,
also list streams and send a signal. Usage: ``python tools/emulator_load.py [-c 50] [-s 5]``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import time

from opentok_core import ProjectCredentials
from opentok_emulator import DEMO_API_KEY, DEMO_API_SECRET
from opentok_emulator.control import ConnectClient
from opentok_sync import Client


def _setup(url: str) -> tuple[list[bytes], str]:
    with Client(DEMO_API_KEY, DEMO_API_SECRET, api_url=url) as client:
        sid = client.create_session(media_mode="routed").session_id
        client.send(ConnectClient(session_id=sid, token=client.generate_token(sid)))
        archive = client.start_archive(sid)
    creds = ProjectCredentials(DEMO_API_KEY, DEMO_API_SECRET)
    _, jwt = creds.auth_header(time.time(), "load")
    base = f"/v2/project/{DEMO_API_KEY}"
    head = f"Host: 127.0.0.1\r\nAccept: application/json\r\nX-OPENTOK-AUTH: {jwt}\r\n"
    signal = json.dumps({"type": "t", "data": "x"}).encode()
    requests = [
        f"GET {base}/archive/{archive.id} HTTP/1.1\r\n{head}\r\n".encode(),
        f"GET {base}/session/{sid}/stream HTTP/1.1\r\n{head}\r\n".encode(),
        f"POST {base}/session/{sid}/signal HTTP/1.1\r\n{head}"
        f"Content-Type: application/json\r\nContent-Length: {len(signal)}\r\n\r\n".encode()
        + signal,
    ]
    return requests, sid


async def _load(port: int, requests: list[bytes], conns: int, seconds: float) -> tuple[int, int]:
    done = errors = 0
    stop = time.perf_counter() + seconds

    async def worker(offset: int) -> None:
        nonlocal done, errors
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        n = offset
        while time.perf_counter() < stop:
            writer.write(requests[n % len(requests)])
            n += 1
            head = await reader.readuntil(b"\r\n\r\n")
            if not head.startswith((b"HTTP/1.1 200", b"HTTP/1.1 204")):
                errors += 1
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            if length:
                await reader.readexactly(length)
            done += 1
        writer.close()

    await asyncio.gather(*(worker(i) for i in range(conns)))
    return done, errors


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("-c", "--connections", type=int, default=50)
    parser.add_argument("-s", "--seconds", type=float, default=5.0)
    parser.add_argument("--mix", action="store_true", help="archive get, stream list, signal")
    args = parser.parse_args()
    proc = subprocess.Popen(
        [sys.executable, "-m", "opentok_cli", "emulator", "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().split()[-1]
        port = int(url.rsplit(":", 1)[1])
        requests, _ = _setup(url)
        if not args.mix:
            requests = requests[:1]
        started = time.perf_counter()
        done, errors = asyncio.run(_load(port, requests, args.connections, args.seconds))
        elapsed = time.perf_counter() - started
        kind = "mixed" if args.mix else "GET archive"
        print(
            f"{kind}: {done / elapsed:,.0f} req/s with {args.connections} concurrent keep-alive "
            f"connections over {elapsed:.1f} s ({done} requests, {errors} non-2xx)"
        )
    finally:
        proc.terminate()
        proc.wait(10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
