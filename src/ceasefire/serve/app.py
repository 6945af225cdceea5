"""The FastAPI application: the JSON API under /api, the page at /, its files under /static.

``create_app(store_url, token=None, analyser_factory=...)`` opens the store
(migrating it) and builds the app. Reading is open; ingesting needs the
operator's token. Every response carries a Content-Security-Policy that
allows only the page's own scripts (no inline script, no other origin), and
every error has one JSON shape: ``{"error": {"status", "code", "message", "details"}}``.
"""
from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import CeasefireError, StoreError
from ..resolve.timeline import TimelineError
from ..store import Store
from .api import router
from .jobs import IngestJobs
from .pages import STATIC, mount_pages

if TYPE_CHECKING:
    from ..analyse.pipeline import Analyser

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 16 * 1024 * 1024
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
)
CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
         413: "too_large", 415: "unsupported_media_type", 422: "invalid", 429: "too_many_requests",
         500: "internal_error", 503: "unavailable"}


def default_analyser() -> Analyser:
    from ..analyse.pipeline import Analyser
    from ..analyse.resources import Resources
    return Analyser(Resources.load())


def error_response(status: int, message: str, details: Any = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    body = {"error": {"status": status, "code": CODES.get(status, "error"), "message": message, "details": details}}
    return JSONResponse(body, status_code=status, headers=headers)


class TooLarge(StarletteHTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body larger than {limit} bytes")


class SecurityHeaders:
    """Adds the Content-Security-Policy and friends to every response, API and files alike."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in SECURITY_HEADERS if k not in names]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyLimit:
    """Refuses a request body over ``limit`` bytes: by its Content-Length, or while it streams in."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    too_big = int(value) > self.limit
                except ValueError:
                    too_big = False
                if too_big:
                    await error_response(413, f"request body larger than {self.limit} bytes")(scope, receive, send)
                    return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise TooLarge(self.limit)
            return message

        await self.app(scope, counted, send)


def create_app(store_url: str, token: str | None = None,
               analyser_factory: Callable[[], Analyser] = default_analyser, *,
               allowed_hosts: list[str] | None = None, max_body: int = MAX_BODY_BYTES) -> FastAPI:
    """The application over the store at ``store_url``; ``allowed_hosts`` guards against DNS rebinding."""
    store = Store.open(store_url)
    jobs = IngestJobs(store, analyser_factory)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        # Both can be used again after closing (a test client may start the app more than once).
        jobs.close()
        store.close()

    app = FastAPI(
        title="ceasefire", version="0.1.0", lifespan=lifespan,
        summary="Talks, ceasefires, corridors, attacks and quotes tracked across news articles.",
        description="Reading is open. Ingesting needs the operator's token as `Authorization: Bearer TOKEN`. "
                    "Every error is `{\"error\": {\"status\", \"code\", \"message\", \"details\"}}`.",
        openapi_url="/api/openapi.json", docs_url=None, redoc_url=None,
    )
    app.state.store = store
    app.state.token = token or None
    app.state.jobs = jobs
    app.state.max_body = max_body
    app.include_router(router)
    mount_pages(app, STATIC)
    _add_error_handlers(app)
    if allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)
    app.add_middleware(BodyLimit, limit=max_body)
    app.add_middleware(SecurityHeaders)
    return app


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        return error_response(exc.status_code, str(exc.detail), headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        details = [{"loc": [str(x) for x in e.get("loc", ())], "message": e.get("msg", "")} for e in exc.errors()]
        where = "; ".join(f"{'.'.join(d['loc'])}: {d['message']}" for d in details)
        return error_response(422, f"invalid request: {where}", details)

    @app.exception_handler(TimelineError)
    async def bad_filter(_: Request, exc: TimelineError) -> JSONResponse:
        return error_response(400, str(exc))

    @app.exception_handler(StoreError)
    async def store_error(_: Request, exc: StoreError) -> JSONResponse:
        log.error("store error: %s", exc)
        return error_response(503, f"the store cannot answer: {exc}")

    @app.exception_handler(CeasefireError)
    async def ceasefire_error(_: Request, exc: CeasefireError) -> JSONResponse:
        return error_response(400, str(exc))

    @app.exception_handler(Exception)
    async def crash(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error", exc_info=exc)
        return error_response(500, f"internal error ({type(exc).__name__}); the server log has the details")
