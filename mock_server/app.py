"""The Starlette application: routes, and the gate every API request passes."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from api_spec.registries import CREATE, DELETE, GET, LIST, TEST_CONNECTION, UPDATE
from mock_server import gate, inspection
from mock_server.config import Settings
from mock_server.errors import ApiError, error_response, json_response, not_found
from mock_server.operations import Operations
from mock_server.store import Store

Handler = Callable[[Request], Awaitable[Response]]
logger = logging.getLogger("mock_server")


class AnyMethod:
    """An endpoint for every method, `QUERY` or `FOO` included.

    Starlette answers a method outside a route's list with its own plain-text
    405; given an ASGI app instead of a function, a route takes every method,
    so the mock's JSON 405 (with `Allow`) is the only one a client can see.
    """

    def __init__(self, handler: Handler) -> None:
        self.handler = handler

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = await self.handler(Request(scope, receive))
        await response(scope, receive, send)


class Mock:
    """One mock: its settings, its registries and the requests it has seen."""

    def __init__(self, settings: Settings, store: Store) -> None:
        self.settings = settings
        self.store = store
        self.log = gate.RequestLog()
        self.operations = Operations(settings, store)

    async def _handle(self, request: Request, methods: Mapping[str, Handler]) -> Response:
        self.log.record(request.method, request.url.path)
        request.state.team = gate.authenticate(request.headers.get("authorization"), self.settings)
        gate.throttle(self.log.admit(), self.settings)
        handler = methods.get(request.method)
        if handler is None:
            if not methods:
                raise not_found(f"No route {request.url.path}")
            allow = ", ".join(methods)
            raise ApiError(
                405, "METHOD_NOT_SUPPORTED", f"{request.method} is not supported here; use {allow}",
                headers={"Allow": allow},
            )  # fmt: skip
        return await handler(request)

    def api(self, methods: Mapping[str, Handler]) -> Handler:
        """An endpoint of the API: logged, throttled, authenticated; errors as JSON."""

        async def endpoint(request: Request) -> Response:
            try:
                return await self._handle(request, methods)
            except ApiError as error:
                return error_response(error, self.settings)
            except Exception:
                # A bug (or a server-error fault): a JSON 500 for the client, the traceback here.
                logger.exception("internal error on %s %s", request.method, request.url.path)
                failure = ApiError(500, "INTERNAL_SERVER_ERROR", "Internal server error")
                return error_response(failure, self.settings)

        return endpoint

    def inspect(self, answer: Callable[[], object]) -> Handler:
        """An inspection endpoint: any team's real token, whatever the faults; it sees every
        team."""

        async def endpoint(request: Request) -> Response:
            token = gate.bearer_token(request.headers.get("authorization"))
            if gate.team_of(token, self.settings.tokens) is None:
                return json_response({"code": "UNAUTHORIZED", "message": "Unauthorized"}, 401)
            return json_response(answer())

        return endpoint

    def _reset(self) -> dict[str, bool]:
        self.log.reset()
        return {"reset": True}

    def _api_routes(self) -> list[Route]:
        """One route per path of the spec, answering the methods the spec gives it."""
        ops = self.operations
        handlers = [(LIST, ops.list), (CREATE, ops.create), (GET, ops.get), (UPDATE, ops.update),
                    (DELETE, ops.delete), (TEST_CONNECTION, ops.test_connection)]  # fmt: skip
        by_path: dict[str, dict[str, Handler]] = {}
        for operation, handler in handlers:
            by_path.setdefault(operation.path, {})[operation.method] = handler
        base = self.settings.base_path
        return [
            Route(base + path, AnyMethod(self.api(methods))) for path, methods in by_path.items()
        ]

    def routes(self) -> list[Route]:
        base = self.settings.base_path
        return [
            *self._api_routes(),
            Route("/_mock/registries", self.inspect(lambda: inspection.registries(self.store)),
                  methods=["GET"]),
            Route("/_mock/requests", self.inspect(lambda: inspection.requests(self.log)),
                  methods=["GET"]),
            Route("/_mock/tested", self.inspect(lambda: list(self.operations.tested)),
                  methods=["GET"]),
            Route("/_mock/reset", self.inspect(self._reset), methods=["POST"]),
            Route(f"{base}/{{rest:path}}", AnyMethod(self.api({}))),
            Route("/{rest:path}", AnyMethod(self._outside)),
        ]  # fmt: skip

    async def _outside(self, request: Request) -> Response:
        return error_response(not_found(f"No route {request.url.path}"), self.settings)


def build_app(settings: Settings, store: Store) -> Starlette:
    app = Starlette(routes=Mock(settings, store).routes())
    # `/container-registries/` is an unknown route, not a redirect to the real one.
    app.router.redirect_slashes = False
    return app
