"""A static file server for the built site that records every request and the bytes it sent.

Used by the browser tests and by benchmarks/checker_bench.py. It binds 127.0.0.1 only.
"""

from __future__ import annotations

import functools
import http.server
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Hit:
    path: str
    status: int
    bytes: int
    started: float = 0.0  # when the request line arrived, in ms since the epoch (as performance.timeOrigin)


@dataclass
class Log:
    hits: list[Hit] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, hit: Hit) -> None:
        with self.lock:
            self.hits.append(hit)

    def clear(self) -> None:
        with self.lock:
            self.hits.clear()

    @property
    def total_bytes(self) -> int:
        with self.lock:
            return sum(h.bytes for h in self.hits)


class _Handler(http.server.SimpleHTTPRequestHandler):
    log: Log
    cache_control: str | None

    def __init__(self, *args: Any, log: Log, cache_control: str | None, **kwargs: Any) -> None:
        self.log = log
        self.cache_control = cache_control
        self._sent = 0
        super().__init__(*args, **kwargs)

    def end_headers(self) -> None:
        if self.cache_control:
            self.send_header("Cache-Control", self.cache_control)
        super().end_headers()

    def copyfile(self, source: Any, outputfile: Any) -> None:  # count body bytes
        while chunk := source.read(64 * 1024):
            outputfile.write(chunk)
            self._sent += len(chunk)

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        self._status = int(code) if str(code).isdigit() else 0

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def parse_request(self) -> bool:  # the request line has just been read
        self._started = time.time() * 1000
        return super().parse_request()

    def handle_one_request(self) -> None:
        self._sent = 0
        self._status = 0
        self._started = 0.0
        super().handle_one_request()
        if getattr(self, "path", None) and self._status:
            self.log.add(Hit(self.path, self._status, self._sent, self._started))


class SiteServer:
    """Serve `root` on 127.0.0.1:port in a background thread (port 0 = any free port)."""

    def __init__(self, root: Path, port: int = 0, cache_control: str | None = None) -> None:
        self.log = Log()
        handler = functools.partial(_Handler, directory=str(root), log=self.log, cache_control=cache_control)
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def __enter__(self) -> SiteServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
