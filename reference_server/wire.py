"""HTTP/1.1 on `http.server`: one thread per connection, kept alive, every answer JSON with a
Content-Length.

An answer goes out in two `send`s, the status line and headers, then the body, and the socket
has Nagle's algorithm on unless `--nodelay`: the pattern of many real servers that meets a
client's delayed ACK (a 40 ms stall per kept-alive request on loopback), which the tests of a
client's manners need. Every method reaches the API, so one a path does not take is the API's
JSON 405 rather than http.server's HTML 501, and http.server's own refusals are JSON too.

Two behaviours of what stands in front of production services, off by default: with
`--close-every N` a connection's Nth request is answered with `Connection: close` and the
connection closed (proxies and load balancers recycle kept-alive connections), and with
`--unavailable-every N` a busy gateway answers some API requests 503 (`gateway`).
"""

from __future__ import annotations

import sys
import threading
import traceback
from collections.abc import Callable
from dataclasses import replace
from http.server import BaseHTTPRequestHandler
from typing import Any, Protocol
from urllib.parse import SplitResult, parse_qs, urlsplit

from reference_server import gateway
from reference_server.codec import CONTENT_TYPE, to_bytes
from reference_server.errors import (
    ApiError,
    HttpRefusal,
    InternalError,
    MethodNotAllowed,
    NotFound,
)
from reference_server.framing import Body, read_body
from reference_server.gateway import Outage
from reference_server.operations import Answer, Request
from reference_server.options import Options
from reference_server.routes import Router
from reference_server.teams import Teams
from reference_server.traffic import Traffic

IDLE_TIMEOUT = 90.0  # seconds a kept-alive connection may stay silent
INSPECTION_PATH = "/_stdlib/connections"


def _first_values(query: str) -> dict[str, str]:
    """Each query parameter's first value; a blank one kept (an empty cursor is refused)."""
    parsed = parse_qs(query, keep_blank_values=True)
    return {name: values[0] for name, values in parsed.items()}


class Shared(Protocol):
    """What every handler reads from the server that accepted its connection."""

    options: Options
    teams: Teams
    traffic: Traffic
    stopping: threading.Event
    router: Router


def error_answer(error: ApiError) -> Answer:
    return Answer(error.status, to_bytes(error.as_json()), error.headers)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "reference-registries/1"
    timeout = IDLE_TIMEOUT
    # typeshed types it as any socketserver; ours is the server.Server that accepted the call
    server: Shared  # type: ignore[assignment]
    _connection: int

    def setup(self) -> None:
        super().setup()
        self._connection = self.server.traffic.opened(self.client_address)

    def parse_request(self) -> bool:
        """Send every method (`GET`, `QUERY`, `FOO`...) to `dispatch`."""
        if not super().parse_request():
            return False
        setattr(self, "do_" + self.command, self.dispatch)
        return True

    def log_message(self, format: str, *args: Any) -> None:
        """Silent: a benchmark's million requests should not cost a million stderr lines."""

    def dispatch(self) -> None:
        served = self.server.traffic.served(self._connection)
        body = read_body(self.headers, self.rfile)
        if body.close:
            self.close_connection = True
        answer = self._answer(urlsplit(self.path), body)
        if answer is None:
            return
        every = self.server.options.close_every
        if every is not None and served % every == 0:
            # `--close-every N`: recycle the connection, as proxies and balancers do; send_header
            # closes it once this answer is sent.
            answer = replace(answer, headers={**answer.headers, "Connection": "close"})
        self.send_answer(answer)

    def _answer(self, target: SplitResult, body: Body) -> Answer | None:
        """The answer to a request; None for one held unanswered."""
        if target.path == INSPECTION_PATH:
            return self._inspection()
        base = self.server.options.base_path
        if target.path != base and not target.path.startswith(base + "/"):
            return error_answer(NotFound(f"No route {target.path}"))
        number = self.server.traffic.count_api_request()
        if self._stalls(number):
            return None
        return self._past_gateway(
            number, lambda: self._api(target.path[len(base) :], target.query, body)
        )

    def _past_gateway(self, number: int, service: Callable[[], Answer]) -> Answer:
        """The answer of API request `number`: the service's, or with `--unavailable-every`
        the gateway's 503, given before the service runs or after (`gateway`)."""
        outage = gateway.outage(number, self.server.options.unavailable_every)
        if outage is Outage.BEFORE:
            return error_answer(gateway.unavailable(self.server.options.retry_after))
        answer = service()
        return (
            error_answer(gateway.unavailable(self.server.options.retry_after))
            if outage is Outage.AFTER
            else answer
        )

    def _api(self, path: str, query: str, body: Body) -> Answer:
        """Authenticate, route and run the operation; every refusal as its JSON answer."""
        try:
            team = self.server.teams.of(self.headers.get("Authorization"))
            if body.rejection is not None:
                raise body.rejection
            handler, params = self.server.router.find(self.command, path)
            return handler(Request(team, params, _first_values(query), body.data))
        except ApiError as error:
            return error_answer(error)
        except Exception:
            traceback.print_exc(file=sys.stderr)
            return error_answer(InternalError("Internal server error"))

    def _stalls(self, number: int) -> bool:
        """`--stop-answering-after N`: past the Nth API request, hold the request unanswered
        until the server stops (a hung server, for tests of a client's timeouts)."""
        limit = self.server.options.stop_answering_after
        if limit is None or number <= limit:
            return False
        self.server.stopping.wait()
        self.close_connection = True
        return True

    def _inspection(self) -> Answer:
        """`/_stdlib/connections`, for either team's token: each connection accepted and how
        many requests it carried."""
        try:
            self.server.teams.of(self.headers.get("Authorization"))
            if self.command != "GET":
                raise MethodNotAllowed("Use GET", headers={"Allow": "GET"})
        except ApiError as error:
            return error_answer(error)
        return Answer(200, to_bytes(self.server.traffic.connections()))

    def send_answer(self, answer: Answer) -> None:
        """The status line and headers in one write, the body in a second."""
        self.send_response(answer.status)
        self.send_header("Content-Type", CONTENT_TYPE)
        self.send_header("Content-Length", str(len(answer.body)))
        for name, value in answer.headers.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD" and answer.body:
            self.wfile.write(answer.body)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """http.server's own refusals (a broken request line, headers too long) as JSON, and
        without its `Connection: close` header; the connection closes all the same, since the
        request could not be framed. A request line too broken to name a version is answered
        in HTTP/1.1 (http.server would take it for HTTP/0.9 and send a bare body)."""
        self.close_connection = True
        if self.request_version == "HTTP/0.9":
            self.request_version = self.protocol_version
        self.send_answer(error_answer(HttpRefusal(code, message or "Bad request")))


class NoDelayHandler(Handler):
    """`--nodelay`: TCP_NODELAY on each accepted connection."""

    disable_nagle_algorithm = True
