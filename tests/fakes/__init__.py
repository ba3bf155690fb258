"""Loopback HTTP servers that stand in for translation APIs in tests and benchmarks.

Each server listens on 127.0.0.1 (port 0, so tests can run in parallel), serves every
connection in its own thread, records every request, and can be told to misbehave:

    server.inject(status(429), status(503), slow(2.0), drop())   # one fault per request, in order
    server.inject(ok(), status(456), path="/v2/translate")        # 2nd translate request fails
    server.latency = 0.2                                          # added to every request
    server.inject(hang())                                         # never answers (until stop)

Counters for orchestrator tests and the benchmark: ``server.total_requests``,
``server.billed_chars``, ``server.max_in_flight`` (peak concurrent requests), and
``server.records`` (a list of :class:`Recorded`).
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
import urllib.parse
import zlib
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal

__all__ = ["Fault", "LoopbackServer", "Recorded", "Reply", "drop", "hang", "ok", "pseudo_english", "slow", "status"]


@dataclass(frozen=True)
class Fault:
    """What to do to one request instead of (or before) serving it."""

    kind: Literal["status", "slow", "drop", "reply"]
    status: int = 0
    body: Any = None
    seconds: float = 0.0
    headers: tuple[tuple[str, str], ...] = ()
    path: str | None = None  # only requests whose path starts with this; None: any
    mutate: Callable[[Any], Any] | None = None  # kind "reply": rewrite the normal reply


def status(code: int, body: Any = None, *, path: str | None = None, retry_after: float | None = None) -> Fault:
    """Answer with HTTP ``code`` (and a JSON ``body``, default ``{"message": ...}``)."""
    headers = (("Retry-After", f"{retry_after:g}"),) if retry_after is not None else ()
    return Fault("status", status=code, body=body, path=path, headers=headers)


def slow(seconds: float, *, path: str | None = None) -> Fault:
    """Wait ``seconds`` before answering normally (the client should time out first)."""
    return Fault("slow", seconds=seconds, path=path)


def hang(*, path: str | None = None) -> Fault:
    """Read the request and never answer (a dead upstream); the server's stop() ends it."""
    return Fault("slow", seconds=3600.0, path=path)


def ok(*, path: str | None = None) -> Fault:
    """Serve normally: queue it before faults that should hit a later request."""
    return Fault("reply", path=path)


def drop(*, path: str | None = None) -> Fault:
    """Close the connection without sending a response."""
    return Fault("drop", path=path)


@dataclass
class Recorded:
    """One request as the server saw it."""

    method: str
    path: str
    headers: dict[str, str]
    body: Any
    texts: list[str] = field(default_factory=list)
    context: str | None = None
    billed: int = 0
    fault: str | None = None
    status: int = 0  # set when the reply is sent: 0 while the request hangs
    at: float = field(default_factory=time.monotonic)  # arrival


@dataclass(frozen=True)
class Reply:
    """A route's answer: status, JSON body (None: empty) and extra headers."""

    status: int
    body: Any = None
    headers: tuple[tuple[str, str], ...] = ()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    request_queue_size = 128  # the default 5 drops SYNs under a concurrent benchmark (1 s retransmit)

    def __init__(self, owner: LoopbackServer) -> None:
        self.owner = owner
        self.sockets: set[socket.socket] = set()
        super().__init__(("127.0.0.1", 0), _Handler)

    def get_request(self) -> tuple[socket.socket, Any]:
        conn, address = super().get_request()
        self.sockets.add(conn)
        return conn, address

    def shutdown_request(self, request: Any) -> None:
        self.sockets.discard(request)
        super().shutdown_request(request)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, like the real APIs
    server: _Server

    def do_GET(self) -> None:
        self.server.owner.dispatch(self)

    do_POST = do_PATCH = do_PUT = do_DELETE = do_GET

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002  (stdlib signature)
        pass


class LoopbackServer:
    """Base class: threading, recording, latency and fault injection; subclasses route."""

    def __init__(self, *, latency: float = 0.0) -> None:
        self.latency = latency
        self.records: list[Recorded] = []
        self.max_in_flight = 0
        self._in_flight = 0
        self._faults: deque[Fault] = deque()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server = _Server(self)
        # A short poll interval makes stop() (and so every test's teardown) quick.
        serve = self._server.serve_forever
        self._thread = threading.Thread(target=serve, args=(0.02,), name=type(self).__name__, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> LoopbackServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # wakes handlers sleeping for latency or a slow fault
        self._server.shutdown()
        for conn in list(self._server.sockets):
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> LoopbackServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def inject(self, *faults: Fault, path: str | None = None) -> None:
        """Queue faults; each is used by the next request whose path it matches."""
        with self._lock:
            for fault in faults:
                self._faults.append(fault if path is None else _with_path(fault, path))

    @property
    def pending_faults(self) -> int:
        with self._lock:
            return len(self._faults)

    @property
    def total_requests(self) -> int:
        with self._lock:
            return len(self.records)

    @property
    def billed_chars(self) -> int:
        with self._lock:
            return sum(record.billed for record in self.records if record.status == 200)

    def paid_texts(self) -> list[str]:
        """Texts of the requests that were answered 200 (billed), in arrival order."""
        with self._lock:
            return [text for record in self.records if record.status == 200 for text in record.texts]

    def requests_to(self, path: str, method: str | None = None) -> list[Recorded]:
        """Recorded requests for ``path`` (and ``method``), in arrival order."""
        with self._lock:
            return [r for r in self.records if r.path == path and (method is None or r.method == method)]

    def reset(self) -> None:
        with self._lock:
            self.records.clear()
            self._faults.clear()
            self.max_in_flight = 0

    # -- serving -----------------------------------------------------------------

    def dispatch(self, handler: _Handler) -> None:
        record = self._read(handler)
        with self._lock:
            self.records.append(record)
            self._in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self._in_flight)
            fault = self._take_fault(record.path)
        try:
            self._serve(handler, record, fault)
        finally:
            with self._lock:
                self._in_flight -= 1

    def _serve(self, handler: _Handler, record: Recorded, fault: Fault | None) -> None:
        if self.latency:
            self._stopping.wait(self.latency)
        record.fault = fault.kind if fault else None
        if fault is not None and fault.kind == "drop":
            handler.close_connection = True
            handler.connection.shutdown(socket.SHUT_RDWR)
            return
        if fault is not None and fault.kind == "slow":
            if self._stopping.wait(fault.seconds):
                return  # stopped while hanging: never answered, never billed
        if fault is not None and fault.kind == "status":
            body = fault.body if fault.body is not None else self.error_body(fault.status)
            reply = Reply(fault.status, body, fault.headers)
        else:
            reply = self.route(record)
            if fault is not None and fault.kind == "reply" and fault.mutate is not None:
                reply = Reply(reply.status, fault.mutate(reply.body), reply.headers)
        record.status = reply.status
        _send(handler, reply)

    def _take_fault(self, path: str) -> Fault | None:
        for fault in self._faults:
            if fault.path is None or path.startswith(fault.path):
                self._faults.remove(fault)
                return fault
        return None

    def _read(self, handler: _Handler) -> Recorded:
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length) if length else b""
        path, _, query = handler.path.partition("?")
        body: Any = dict(urllib.parse.parse_qs(query)) if query else None
        kind = handler.headers.get("Content-Type", "")
        if raw and "json" in kind:
            body = json.loads(raw)
        elif raw:
            body = urllib.parse.parse_qs(raw.decode("utf-8"))
        headers = {name: value for name, value in handler.headers.items()}
        return Recorded(handler.command, path, headers, body)

    # -- for subclasses ------------------------------------------------------------

    def route(self, record: Recorded) -> Reply:
        raise NotImplementedError

    def error_body(self, code: int) -> Any:
        return {"message": f"injected fault {code}"}


def _with_path(fault: Fault, path: str) -> Fault:
    return Fault(fault.kind, fault.status, fault.body, fault.seconds, fault.headers, path, fault.mutate)


def _send(handler: _Handler, reply: Reply) -> None:
    payload = b"" if reply.body is None else json.dumps(reply.body).encode("utf-8")
    try:
        handler.send_response(reply.status)
        if payload:
            handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(payload)))
        for name, value in reply.headers:
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(payload)
    except OSError:
        handler.close_connection = True  # the client gave up (time-out) before we answered


# -- a deterministic pseudo-translation ------------------------------------------------

_TAG = re.compile(r"(<[^<>]*>)")
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f々〆ー]+")
_PUNCTUATION = str.maketrans(
    {"。": ". ", "、": ", ", "！": "! ", "？": "? ", "：": ": ", "（": "(", "）": ")", "「": '"', "」": '"'}
)
_WORDS = (
    "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike "
    "november oscar papa quebec romeo sierra tango uniform victor whiskey xray yankee zulu"
).split()


def pseudo_english(text: str, glossary: Iterable[tuple[str, str]] = ()) -> str:
    """Replace Japanese runs with stable pseudo-English words; tags come back unchanged.

    Glossary source terms become their target terms first, so a test can see them.
    """
    parts = _TAG.split(text)
    terms = list(glossary)
    for index in range(0, len(parts), 2):  # odd indexes are the tags
        part = parts[index]
        for source, target in terms:
            part = part.replace(source, target)
        part = _JAPANESE.sub(_words_for, part.translate(_PUNCTUATION))
        parts[index] = re.sub(r" ([.,!?:)])", r"\1", re.sub(r" {2,}", " ", part))
    parts[0] = parts[0].lstrip()
    parts[-1] = parts[-1].rstrip()
    return "".join(parts)


def _words_for(match: re.Match[str]) -> str:
    run = match.group(0)
    seed = zlib.crc32(run.encode("utf-8"))
    count = max(1, len(run) // 3)
    return " " + " ".join(_WORDS[(seed + i * 7) % len(_WORDS)] for i in range(count)) + " "
