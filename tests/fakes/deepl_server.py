"""A loopback stand-in for the DeepL API subset that ``deepl`` 1.32 uses for us.

Endpoints: ``POST /v2/translate`` (JSON, as the client sends it, or a form), ``GET
/v2/usage``, glossaries in both APIs (``/v2/glossaries`` and the multilingual
``/v3/glossaries``: create, list, get, delete). Auth is the ``Authorization:
DeepL-Auth-Key <key>`` header; a wrong key gets 403 like the real service.

Use it from tests as a fixture or a context manager::

    from tests.fakes.deepl_server import deepl_server  # noqa: F401  (pytest fixture)

    def test_x(deepl_server):
        translator = DeepLTranslator(deepl_server.settings())
        deepl_server.inject(status(429))

    with run_deepl_server(latency=0.2) as server:   # e.g. in bench/
        ...
"""

from __future__ import annotations

import itertools
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from l10n.mt.backends import BackendSettings

from . import LoopbackServer, Recorded, Reply, pseudo_english

TEST_KEY = "0123abcd-fake-4e2f-9a1b-5c6d7e8f9a0b:fx"
MAX_TEXTS = 50
MAX_BODY = 128 * 1024
_CREATED = "2025-01-01T00:00:00.000000Z"


class FakeDeepLServer(LoopbackServer):
    """Serves a deterministic pseudo-translation; see the module docstring."""

    def __init__(self, *, auth_key: str = TEST_KEY, latency: float = 0.0, character_limit: int = 500_000) -> None:
        super().__init__(latency=latency)
        self.auth_key = auth_key
        self.character_limit = character_limit
        self.character_count = 0
        # id -> {"name", "api", "dictionaries": {(source, target): {term: translation}}}
        self.glossaries: dict[str, dict[str, Any]] = {}
        self._glossary_lock = threading.Lock()
        self._ids = itertools.count(1)

    def settings(self, *, target_lang: str = "EN-US", key: str | None = None, **options: Any) -> BackendSettings:
        """Backend settings pointing at this server, with fast retries and time-outs for tests."""
        merged = {"server_url": self.url, "max_retries": 2, "backoff": 0.0, "timeout": 1.0, **options}
        env = {"DEEPL_AUTH_KEY": self.auth_key if key is None else key}
        return BackendSettings(source_lang="JA", target_lang=target_lang, options=merged, env=env)

    def translate_requests(self) -> list[Recorded]:
        return self.requests_to("/v2/translate", "POST")

    @property
    def glossary_creations(self) -> int:
        return len(self.requests_to("/v2/glossaries", "POST")) + len(self.requests_to("/v3/glossaries", "POST"))

    def route(self, record: Recorded) -> Reply:
        if record.headers.get("Authorization") != f"DeepL-Auth-Key {self.auth_key}":
            return Reply(403, {"message": "Wrong endpoint or invalid auth key"})
        method, path = record.method, record.path
        if path == "/v2/translate" and method == "POST":
            return self._translate(record)
        if path == "/v2/usage":
            return Reply(200, {"character_count": self.character_count, "character_limit": self.character_limit})
        parts = path.strip("/").split("/")
        if len(parts) >= 2 and parts[1] == "glossaries" and parts[0] in ("v2", "v3"):
            return self._glossary(method, parts[0], parts[2:], record.body)
        return Reply(404, {"message": f"no route {method} {path}"})

    # -- /v2/translate -------------------------------------------------------------

    def _translate(self, record: Recorded) -> Reply:
        body = _fields(record.body)
        texts = body.get("text") or []
        if not body.get("target_lang") or not texts:
            return Reply(400, {"message": "Parameter 'text' and 'target_lang' are required"})
        if len(texts) > MAX_TEXTS:
            return Reply(400, {"message": f"Too many texts ({len(texts)} > {MAX_TEXTS})"})
        if int(record.headers.get("Content-Length") or 0) > MAX_BODY:
            return Reply(413, {"message": "Request Entity Too Large"})
        terms = self._terms(body.get("glossary_id"), body.get("source_lang"), body.get("target_lang"))
        if terms is None:
            return Reply(400, {"message": "Invalid glossary_id"})
        record.texts = list(texts)
        record.context = body.get("context")
        record.billed = sum(len(text) for text in texts)
        with self._lock:
            self.character_count += record.billed
        translations = [
            {"detected_source_language": "JA", "text": pseudo_english(text, terms), "billed_characters": len(text)}
            for text in texts
        ]
        return Reply(200, {"translations": translations})

    def _terms(self, glossary_id: Any, source: Any, target: Any) -> list[tuple[str, str]] | None:
        if not glossary_id:
            return []
        glossary = self.glossaries.get(str(glossary_id))
        if glossary is None:
            return None
        pair = (str(source).upper(), str(target).upper().split("-")[0])
        return list(glossary["dictionaries"].get(pair, {}).items())

    # -- glossaries ------------------------------------------------------------------

    def _glossary(self, method: str, api: str, rest: list[str], body: Any) -> Reply:
        if method == "POST" and not rest:
            return self._create_glossary(api, body)
        if method == "GET" and not rest:
            # v3 lists every glossary; v2 only those with one dictionary (like the real API).
            listed = [
                self._info(gid, api) for gid, g in self.glossaries.items() if api == "v3" or len(g["dictionaries"]) == 1
            ]
            return Reply(200, {"glossaries": listed})
        if rest and rest[0] in self.glossaries:
            if method == "GET" and len(rest) == 1:
                return Reply(200, self._info(rest[0], api))
            if method == "DELETE" and len(rest) == 1:
                with self._glossary_lock:
                    del self.glossaries[rest[0]]
                return Reply(204)
        return Reply(404, {"message": "Glossary not found"})

    def _create_glossary(self, api: str, body: Any) -> Reply:
        if not isinstance(body, dict) or not body.get("name"):
            return Reply(400, {"message": "Missing glossary name"})
        dictionaries = body.get("dictionaries") if api == "v3" else [body]
        parsed: dict[tuple[str, str], dict[str, str]] = {}
        for entry in dictionaries or []:
            pair = (str(entry["source_lang"]).upper(), str(entry["target_lang"]).upper())
            lines = [line.split("\t") for line in str(entry["entries"]).splitlines() if line]
            if any(len(fields) != 2 for fields in lines):
                return Reply(400, {"message": "Invalid glossary entries"})
            parsed[pair] = {source: target for source, target in lines}
        if not parsed:
            return Reply(400, {"message": "Missing glossary dictionaries"})
        glossary_id = str(uuid.UUID(int=next(self._ids)))
        with self._glossary_lock:
            self.glossaries[glossary_id] = {"name": body["name"], "api": api, "dictionaries": parsed}
        return Reply(201, self._info(glossary_id, api))

    def _info(self, glossary_id: str, api: str) -> dict[str, Any]:
        glossary = self.glossaries[glossary_id]
        dictionaries = [
            {"source_lang": source.lower(), "target_lang": target.lower(), "entry_count": len(entries)}
            for (source, target), entries in glossary["dictionaries"].items()
        ]
        info = {"glossary_id": glossary_id, "name": glossary["name"], "creation_time": _CREATED}
        if api == "v3":
            return {**info, "dictionaries": dictionaries}
        first = dictionaries[0]
        return {**info, "ready": True, **first}


def _fields(body: Any) -> dict[str, Any]:
    """The translate parameters, whether sent as JSON or as a form (lists of values)."""
    if not isinstance(body, dict):
        return {}
    if isinstance(body.get("target_lang"), list):  # a form: parse_qs gives a list for every field
        return {key: (value if key in ("text", "ignore_tags") else value[0]) for key, value in body.items()}
    return body


@contextmanager
def run_deepl_server(**kwargs: Any) -> Iterator[FakeDeepLServer]:
    """Start a :class:`FakeDeepLServer` for the duration of a ``with`` block."""
    server = FakeDeepLServer(**kwargs)
    with server:
        yield server


@pytest.fixture
def deepl_server() -> Iterator[FakeDeepLServer]:
    """A running fake DeepL server, stopped after the test."""
    with run_deepl_server() as server:
        yield server
