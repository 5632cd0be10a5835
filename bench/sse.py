"""A small client of server-sent events (the meetings' live streams) on asyncio, for the tests
and the bench: it reconnects as a browser's EventSource does, sending Last-Event-ID."""

import asyncio
import contextlib
import time
from urllib.parse import urlsplit


class Follower:
    """One screen following a meeting: every event it got (id, data, when), in order, across
    reconnections."""

    def __init__(self, url: str, since: str = ""):
        self.url, self.last_id = url, since
        self.events: list[tuple[str, str, float]] = []
        self.connections = 0
        self.statuses: list[int] = []
        self.retry_seconds = 0.2  # until the stream says (retry:)

    async def run(self) -> None:
        """Follow until cancelled, reconnecting after each end or failure."""
        while True:
            with contextlib.suppress(OSError, asyncio.IncompleteReadError, ValueError):
                await self._follow()
            await asyncio.sleep(self.retry_seconds)

    async def _follow(self) -> None:
        parts = urlsplit(self.url)
        reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
        try:
            last = f"Last-Event-ID: {self.last_id}\r\n" if self.last_id else ""
            writer.write(
                f"GET {parts.path}{'?' + parts.query if parts.query else ''} HTTP/1.1\r\nHost: {parts.netloc}\r\n"
                f"Accept: text/event-stream\r\n{last}Connection: close\r\n\r\n".encode()
            )
            await writer.drain()
            status = int((await reader.readline()).split()[1])
            self.statuses.append(status)
            chunked = False
            while (line := await reader.readline()) not in (b"\r\n", b""):
                chunked = chunked or line.lower().startswith(b"transfer-encoding: chunked")
            if status != 200:
                return
            self.connections += 1
            await self._read(_chunks(reader) if chunked else _plain(reader))
        finally:
            writer.close()

    async def _read(self, lines) -> None:
        event_id, data = None, []
        async for line in lines:
            if line == "":
                if data:
                    self.events.append((event_id or "", "\n".join(data), time.perf_counter()))
                    if event_id:
                        self.last_id = event_id
                event_id, data = None, []
            elif line.startswith("id:"):
                event_id = line[3:].strip()
            elif line.startswith("data:"):
                data.append(line[5:].strip())
            elif line.startswith("retry:"):
                self.retry_seconds = int(line[6:]) / 1000


async def _plain(reader):
    while line := await reader.readline():
        yield line.decode().rstrip("\r\n")


async def _chunks(reader):
    """The lines of a chunked body."""
    pending = ""
    while True:
        size = int((await reader.readline()).strip() or b"0", 16)
        if size == 0:
            return
        pending += (await reader.readexactly(size)).decode()
        await reader.readexactly(2)
        *lines, pending = pending.split("\n")
        for line in lines:
            yield line.rstrip("\r")
