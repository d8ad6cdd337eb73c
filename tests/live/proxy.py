"""A fault-injecting HTTP proxy in front of the local CloudFront API server: it records every
request cfguard sends (as the CloudFront operation it is), and answers chosen requests itself
with an API error (403, throttling), a malformed body, or a rewritten query, the way a real
endpoint or network can misbehave."""

from __future__ import annotations

import http.client
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

_OPERATIONS = (
    ("GET", re.compile(r"^/2020-05-31/distribution$"), "ListDistributions"),
    ("GET", re.compile(r"^/2020-05-31/distribution/[^/]+/config$"), "GetDistributionConfig"),
    ("GET", re.compile(r"^/2020-05-31/distribution/[^/]+$"), "GetDistribution"),
)


def operation(method: str, path: str) -> str:
    """The CloudFront operation a request is, or `METHOD path` for anything else."""
    for verb, pattern, name in _OPERATIONS:
        if method == verb and pattern.match(path):
            return name
    return f"{method} {path}"


def api_error(status: int, code: str, message: str) -> tuple[int, bytes]:
    body = (
        '<?xml version="1.0"?>\n<ErrorResponse xmlns="http://cloudfront.amazonaws.com/doc/'
        f'2020-05-31/"><Error><Type>Sender</Type><Code>{code}</Code><Message>{message}'
        "</Message></Error><RequestId>cfguard-test</RequestId></ErrorResponse>"
    )
    return status, body.encode()


@dataclass
class Fault:
    """Answer requests whose path matches `path` with `status` and `body`, `times` times
    (None: always)."""

    path: str
    status: int
    body: bytes
    times: int | None = None
    answered: int = 0

    def applies(self, path: str) -> bool:
        return re.search(self.path, path) is not None and (
            self.times is None or self.answered < self.times
        )


@dataclass
class Proxy:
    upstream: str
    faults: list[Fault] = field(default_factory=list)
    #: Called with (operation, path) when a forwarded request has its answer, before cfguard
    #: receives it.
    after: Callable[[str, str], None] | None = None
    #: Rewrites the query string of forwarded requests (e.g. a small page size).
    query: Callable[[str, str], str] | None = None
    requests: list[tuple[str, str]] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def operations(self) -> list[str]:
        return [operation(method, path) for method, path in self.requests]

    def fault(self, path: str, status: int, body: bytes, times: int | None = None) -> None:
        self.faults.append(Fault(path, status, body, times))

    def answer(self, method: str, target: str) -> tuple[int, bytes] | None:
        path = urlsplit(target).path
        with self._lock:
            self.requests.append((method, path))
            for fault in self.faults:
                if fault.applies(path):
                    fault.answered += 1
                    return fault.status, fault.body
        return None

    def start(self) -> str:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                canned = owner.answer(self.command, self.path)
                if canned is None:
                    status, headers, payload = owner.forward(self, body)
                    if owner.after is not None:  # before cfguard has the answer: no race
                        owner.after(operation(self.command, urlsplit(self.path).path), self.path)
                else:
                    status, payload = canned
                    headers = [("Content-Type", "text/xml")]
                self.send_response(status)
                for name, value in headers:
                    if name.lower() not in {"content-length", "transfer-encoding", "connection"}:
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_DELETE = _serve

            def log_message(self, *args: object) -> None:  # quiet
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def forward(
        self, handler: BaseHTTPRequestHandler, body: bytes
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        upstream = urlsplit(self.upstream)
        target = handler.path
        if self.query is not None:
            parts = urlsplit(target)
            target = parts.path + "?" + self.query(parts.path, parts.query)
        connection = http.client.HTTPConnection(upstream.hostname, upstream.port, timeout=30)
        try:
            connection.request(handler.command, target, body, dict(handler.headers.items()))
            response = connection.getresponse()
            return response.status, response.getheaders(), response.read()
        finally:
            connection.close()
