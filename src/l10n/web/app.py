"""The Starlette application behind ``l10n-blog serve``.

Pages are rendered on the server; the vendored htmx swaps a unit or a paragraph after a save
(no build step, nothing fetched from a CDN). Handlers are plain functions, which Starlette
runs in its thread pool: saves of one PO file are serialized in :mod:`l10n.web.store`.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from starlette.applications import Starlette
from starlette.datastructures import FormData
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from l10n.config import Config
from l10n.errors import InputError, L10nError
from l10n.steps.report import Base
from l10n.web import store, views
from l10n.web.pages import render

STATIC = Path(__file__).with_name("static")
COOKIE = "l10n_token"
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1", "[::1]")
log = logging.getLogger(__name__)


@dataclass
class Settings:
    config: Config
    token: str | None = None  # required from every request when set
    base: str | None = None  # git revision whose reviewed English the stale units are compared with
    hosts: list[str] = field(default_factory=lambda: list(LOOPBACK_NAMES))
    warm: bool = False  # compute the site page's rows in the background at start


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class Guard:
    """Token (when set) and same-origin checks, before any page or save."""

    def __init__(self, app: ASGIApp, *, token: str | None) -> None:
        self.app, self.token = app, token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        if self.token is not None:
            given = request.query_params.get("token")
            if given is not None and hmac.compare_digest(given, self.token):
                rest = urlencode([(k, v) for k, v in request.query_params.multi_items() if k != "token"])
                answer: Response = RedirectResponse(request.url.path + (f"?{rest}" if rest else ""), 303)
                answer.set_cookie(COOKIE, self.token, httponly=True, samesite="strict")
                await answer(scope, receive, send)
                return
            if not hmac.compare_digest(request.cookies.get(COOKIE, ""), self.token):
                page = render("message.html", title="Token needed",
                              text="Open the address that `l10n-blog serve` printed (it ends with ?token=…).")
                await HTMLResponse(page, 401)(scope, receive, send)
                return
        origin = request.headers.get("origin")
        if request.method == "POST" and origin and origin != f"{request.url.scheme}://{request.url.netloc}":
            await HTMLResponse(render("message.html", title="Refused", text="cross-site request"), 403)(
                scope, receive, send)
            return
        await self.app(scope, receive, send)


def create_app(settings: Settings) -> Starlette:
    """The app for one site; ``settings.token`` is required on every request when set."""
    handlers = Handlers(settings)
    routes = [
        Route("/", handlers.site),
        Route("/post/{lang}/{path:path}", handlers.post),
        Route("/preview/{lang}/{path:path}", handlers.preview),
        Route("/approve/{lang}/{path:path}", handlers.approve, methods=["POST"]),
        Route("/paragraph/{lang}/{path:path}", handlers.paragraph, methods=["POST"]),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    middleware = [Middleware(TrustedHostMiddleware, allowed_hosts=settings.hosts),
                  Middleware(Guard, token=settings.token)]
    return Starlette(routes=routes, middleware=middleware, exception_handlers={L10nError: _error})


def _error(request: Request, exc: Exception) -> Response:
    status = 404 if isinstance(exc, InputError) and getattr(exc, "reason", "") == "no such post" else 400
    hint = getattr(exc, "hint", None) or ""
    return HTMLResponse(render("message.html", title="Error", text=str(exc), hint=hint), status)


class Handlers:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.config = settings.config
        self.rows: views.RowCache = {}
        if settings.warm:  # the first site page of a large site takes seconds: start on it at once
            threading.Thread(target=self._warm, daemon=True).start()

    def _warm(self) -> None:
        for lang in self.config.languages:
            try:
                views.site_rows(self.config, lang, cache=self.rows)
            except L10nError as exc:  # the page will show it when it is asked for
                log.warning("%s", exc)

    def _lang(self, lang: str | None) -> str:
        if lang is None:
            return self.config.languages[0]
        if lang not in self.config.languages:
            raise InputError(f"{lang!r} is not a configured language", path="config")
        return lang

    def site(self, request: Request) -> Response:
        lang = self._lang(request.query_params.get("lang"))
        show = request.query_params.get("show", "all")
        order = request.query_params.get("order", "post")
        text = request.query_params.get("q", "").strip()
        rows = views.site_rows(self.config, lang, cache=self.rows)
        shown = views.ordered([r for r in rows if r.matches(show, text)], order)
        return HTMLResponse(render("site.html", rows=shown, total=len(rows), lang=lang, show=show, q=text,
                                   filters=views.FILTERS, languages=self.config.languages, order=order,
                                   orders=views.ORDERS))

    def post(self, request: Request) -> Response:
        lang = self._lang(request.path_params["lang"])
        view = views.post_view(self.config, lang, request.path_params["path"], base=self._base())
        return HTMLResponse(render("post.html", post=view, lang=lang))

    def preview(self, request: Request) -> Response:
        lang = self._lang(request.path_params["lang"])
        path = request.path_params["path"]
        drafts = request.query_params.get("drafts") == "1"
        view = views.post_view(self.config, lang, path)
        body = views.preview_markdown(self.config, lang, path, drafts=drafts)
        return HTMLResponse(render("preview.html", post=view, lang=lang, body=body, drafts=drafts))

    def _base(self) -> Base | None:
        return Base(self.config, self.settings.base) if self.settings.base else None

    async def approve(self, request: Request) -> Response:
        form = await request.form()
        decision = store.Decision(_field(form, "uid"), _field(form, "msgstr"), _field(form, "base"),
                                  resolved=_field(form, "resolved") == "1")
        return await self._decide(request, form, [decision], paragraph_answer=False)

    async def paragraph(self, request: Request) -> Response:
        form = await request.form()
        uids = [str(u) for u in form.getlist("uid")]
        decisions = [store.Decision(u, _field(form, f"base-{u}"), _field(form, f"base-{u}"), pending_only=True)
                     for u in uids]
        return await self._decide(request, form, decisions, paragraph_answer=True)

    async def _decide(self, request: Request, form: FormData, decisions: list[store.Decision], *,
                      paragraph_answer: bool) -> Response:
        from starlette.concurrency import run_in_threadpool

        lang = self._lang(request.path_params["lang"])
        path = request.path_params["path"]
        saved = await run_in_threadpool(store.save_decisions, self.config, lang, path, decisions)
        if "hx-request" not in request.headers:
            return RedirectResponse(f"/post/{lang}/{path}#{_field(form, 'dom')}", 303)
        view = views.post_view(self.config, lang, path, base=self._base())
        results = {s.uid: s for s in saved}
        dom = _field(form, "dom")
        paragraph = next((p for p in view.paragraphs for u in p.units if u.dom_id == dom),
                         next((p for p in view.paragraphs if str(p.index) == _field(form, "index")), None))
        unit = next((u for p in view.paragraphs for u in p.units if u.dom_id == dom), None)
        return HTMLResponse(render("_saved.html", post=view, lang=lang, paragraph=paragraph, unit=unit,
                                   results=results, paragraph_answer=paragraph_answer))


def _field(form: FormData, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""
