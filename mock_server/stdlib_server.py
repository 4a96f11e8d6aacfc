"""A second, independent implementation of the container-registries API on `http.server`.

What it is for: the contract suite's verdicts must not be artefacts of our one mock. This
server is written apart from the mock (no module of it is imported) and shares only the
spec reader, `api_spec.SPEC`, so a check that passes here and on the mock passes because the
API says so. Benchmarks use it too: it is HTTP/1.1 with keep-alive and, by default, writes
the headers and the body of an answer in two `send`s without TCP_NODELAY, the pattern of
many real servers that meets a client's delayed ACK (a 40 ms stall per request on loopback).
`--nodelay` turns Nagle's algorithm off.

Where it differs from the mock, always within what HTTP, ISO 8601 and the docs allow:

- ids are UUID4 strings; timestamps are ISO 8601 UTC with microseconds and a `+00:00` offset;
- cursors are random tokens kept in memory, each standing for the (dtCreated, id) of the last
  item of the page that issued it (keyset, so a walk stays exact while others write); any
  other string, the empty one included, is refused with 400;
- a list that names no `limit` gets pages of 10;
- error bodies always carry `issues` (as the live API's validation errors do), and a wrong
  token's 401 says `error="invalid_token"` (RFC 6750);
- JSON is sent as UTF-8 with `; charset=utf-8`, not ASCII-escaped;
- test-connection never touches the network: every registry answers `success: false`.

Two misbehaviours, off by default, let tests check the suite's manners: `--stop-answering-after
N` reads every request after the Nth API request and never answers it, and `--pad-list-bytes N`
appends N spaces to every list answer.

Run it as `python -m mock_server.stdlib_server [--port 0] [--token T]`; once listening it
prints `stdlib_server: serving <base URL>`.
"""

from __future__ import annotations

import argparse
import bisect
import hmac
import json
import os
import secrets
import signal
import socket
import socketserver
import sys
import threading
import traceback
import uuid
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import FrameType
from typing import Any, NoReturn
from urllib.parse import parse_qs, unquote, urlsplit

from api_spec import SPEC, ObjectSchema
from api_spec.extensions import host_of
from api_spec.registries import (
    CREATE,
    CREATE_BODY,
    CREATED,
    DELETE,
    GET,
    ID,
    LIMIT,
    LIST,
    MODIFIED,
    PAGINATION,
    RESOURCE,
    RULES,
    TEST_CONNECTION,
    UPDATE,
    UPDATE_BODY,
    WRITE_ONLY,
)
from api_spec.schema import MISSING

PROG = "stdlib_server"

# --- What the spec says (named once in api_spec.registries) ---------------------------------

# The secrets it keeps, and the member whose credentials test-connection would use.
USERNAME, PASSWORD = "username", "password"
SECRET_MEMBERS = frozenset(WRITE_ONLY)

# The docs leave the page size of a list without `limit` to the server (the mock uses 20).
DEFAULT_LIMIT = 10
MAX_BODY_BYTES = 64 * 1024
# A refused body is still read to its end (so the connection stays usable) up to this much;
# past it the connection is closed instead.
DRAIN_LIMIT = 16 * 1024 * 1024
# Issued cursors kept; the oldest is forgotten first (and then refused like a made-up one).
MAX_CURSORS = 200_000
IDLE_TIMEOUT = 90.0  # seconds a kept-alive connection may stay silent
JSON_TYPE = "application/json; charset=utf-8"


def _default_limit() -> int:
    """10, kept inside the spec's bounds should they ever exclude it."""
    low = int(LIMIT.minimum) if LIMIT.minimum is not None else 1
    high = int(LIMIT.maximum) if LIMIT.maximum is not None else DEFAULT_LIMIT
    return max(low, min(DEFAULT_LIMIT, high))


def _kind_without_rules() -> Any:
    """What a create that names no kind stores: the first kind the provider rules leave free."""
    for kind in SPEC.kinds:
        if not RULES.has_rules(kind):
            return kind
    raise KeyError(f"every kind in {SPEC.path.name} has provider rules")


def _fill_in(name: str) -> Any:
    """The value of a member the resource shows but a create may omit."""
    if name == RULES.kind_member:
        return _kind_without_rules()
    member = RESOURCE.members[name]
    if member.default is not MISSING:
        return member.default
    return member.enum[0] if member.enum else ""


# --- Errors ---------------------------------------------------------------------------------
# This section and the validation below look like the mock's on purpose: `duplicates` lists
# them as twins, and sharing them would defeat the point of a second implementation, since a
# bug in shared code would make both servers agree and the suite's verdict an artefact.


class ApiError(Exception):
    """An answer other than 2xx, raised anywhere while handling a request."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        details: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = dict(details or {})
        self.headers = dict(headers or {})

    def body(self) -> dict[str, Any]:
        """The live API's error shape: code and message, details per member, and `issues`
        (one per offending member, with its path, as a validation library reports them)."""
        body: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.details:
            body["details"] = self.details
        issues = [
            {"message": f"{member}: {problem}", "path": [member]}
            for member, problem in self.details.items()
        ]
        body["issues"] = issues or [{"message": self.message}]
        return body


def bad_request(details: Mapping[str, str], message: str = "Invalid input") -> ApiError:
    return ApiError(400, "BAD_REQUEST", message, details)


def not_found(message: str = "Container registry not found") -> ApiError:
    return ApiError(404, "NOT_FOUND", message)


def too_large() -> ApiError:
    return ApiError(413, "PAYLOAD_TOO_LARGE", f"The request body is over {MAX_BODY_BYTES} bytes")


# --- The store ------------------------------------------------------------------------------

Key = tuple[datetime, str]  # (dtCreated, id): the list's sort key, unique thanks to the id


def _now() -> datetime:
    return datetime.now(UTC)


def timestamp(moment: datetime) -> str:
    """`2026-11-27T10:00:00.123456+00:00`: ISO 8601, UTC, microseconds, a numeric offset."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


@dataclass(frozen=True)
class Registry:
    id: str
    fields: dict[str, Any]  # the body members stored, secrets included
    created: datetime
    modified: datetime

    @property
    def key(self) -> Key:
        return (self.created, self.id)

    def public(self) -> dict[str, Any]:
        """The registry as the API shows it: the resource's members, never a secret."""
        assigned = {
            ID: self.id,
            CREATED: timestamp(self.created),
            MODIFIED: timestamp(self.modified),
        }
        body: dict[str, Any] = {ID: self.id}
        for name in RESOURCE.members:
            if name in SECRET_MEMBERS or RESOURCE.members[name].write_only:
                continue
            if name in assigned:
                body[name] = assigned[name]
            elif name in self.fields:
                body[name] = self.fields[name]
        return body


@dataclass
class Page:
    items: list[Registry]
    next_cursor: str | None


@dataclass
class Store:
    """Registries by id, a sorted index of their keys, and the cursors issued; one lock."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    by_id: dict[str, Registry] = field(default_factory=dict)
    order: list[Key] = field(default_factory=list)  # ascending
    cursors: OrderedDict[str, Key] = field(default_factory=OrderedDict)

    def add(self, fields: dict[str, Any]) -> Registry:
        with self.lock:
            now = _now()
            registry = Registry(str(uuid.uuid4()), fields, now, now)
            self.by_id[registry.id] = registry
            bisect.insort(self.order, registry.key)
            return registry

    def get(self, registry_id: str) -> Registry:
        with self.lock:
            registry = self.by_id.get(registry_id)
        if registry is None:
            raise not_found()
        return registry

    def update(self, registry_id: str, merge: Callable[[Registry], dict[str, Any]]) -> Registry:
        """Apply `merge` (which may refuse) to the stored registry, atomically, so two
        concurrent partial updates both land; `dtModified` moves strictly forward."""
        with self.lock:
            registry = self.by_id.get(registry_id)
            if registry is None:
                raise not_found()
            fields = merge(registry)
            modified = max(_now(), registry.modified + timedelta(microseconds=1))
            updated = replace(registry, fields=fields, modified=modified)
            self.by_id[registry_id] = updated
            return updated

    def remove(self, registry_id: str) -> Registry:
        with self.lock:
            registry = self.by_id.pop(registry_id, None)
            if registry is None:
                raise not_found()
            index = bisect.bisect_left(self.order, registry.key)
            del self.order[index]
            return registry

    def cursor_key(self, cursor: str) -> Key | None:
        """The key a cursor we issued stands for; None for any other string."""
        with self.lock:
            return self.cursors.get(cursor)

    def page(self, after: Key | None, limit: int, descending: bool) -> Page:
        """Up to `limit` registries after `after` in the chosen order, and a cursor when more
        follow: keyset, so creating or deleting others never shifts a walk."""
        with self.lock:
            if descending:
                end = len(self.order) if after is None else bisect.bisect_left(self.order, after)
                keys = self.order[max(0, end - limit) : end][::-1]
                more = end - len(keys) > 0
            else:
                start = 0 if after is None else bisect.bisect_right(self.order, after)
                keys = self.order[start : start + limit]
                more = start + len(keys) < len(self.order)
            items = [self.by_id[key[1]] for key in keys]
            cursor = self._issue(keys[-1]) if more and keys else None
            return Page(items, cursor)

    def _issue(self, key: Key) -> str:
        """A fresh random token for `key` (lock held); the oldest are forgotten past a bound."""
        token = secrets.token_urlsafe(18)
        self.cursors[token] = key
        while len(self.cursors) > MAX_CURSORS:
            self.cursors.popitem(last=False)
        return token


# --- The server's own state -----------------------------------------------------------------


@dataclass(frozen=True)
class Options:
    token: str
    base_path: str
    stop_answering_after: int | None = None
    pad_list_bytes: int = 0


@dataclass
class Traffic:
    """The connections accepted and the requests each carried (for `/_stdlib/connections`),
    and the count of API requests (for `--stop-answering-after`)."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    connections: list[dict[str, Any]] = field(default_factory=list)
    api_requests: int = 0

    def opened(self, peer: tuple[Any, ...]) -> int:
        with self.lock:
            self.connections.append({"peer": f"{peer[0]}:{peer[1]}", "requests": 0})
            return len(self.connections) - 1

    def served(self, connection: int) -> None:
        with self.lock:
            self.connections[connection]["requests"] += 1

    def admit(self) -> int:
        """Count an API request; its number since start-up, from 1."""
        with self.lock:
            self.api_requests += 1
            return self.api_requests

    def snapshot(self) -> dict[str, Any]:
        with self.lock:
            return {"connections": [dict(c) for c in self.connections]}


class Server(ThreadingHTTPServer):
    """A thread per connection, carrying what every handler shares."""

    daemon_threads = True
    request_queue_size = 1024  # socketserver's 5 refuses a benchmark's burst of connections

    def __init__(self, address: tuple[str, int], handler: type[Handler], options: Options) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.options = options
        self.store = Store()
        self.traffic = Traffic()
        self.stopping = threading.Event()
        self.routes = Operations(self.store, options).routes()
        super().__init__(address, handler)

    def server_bind(self) -> None:
        """Bind without HTTPServer's reverse DNS lookup of the host (slow, and useless here)."""
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = str(self.server_address[0]), self.server_address[1]


# --- The operations -------------------------------------------------------------------------


@dataclass(frozen=True)
class Request:
    """What an operation needs of a request: path parameters, query and body."""

    params: Mapping[str, str]
    query: Mapping[str, str]
    body: bytes


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes
    headers: Mapping[str, str] = field(default_factory=dict)


def encode(value: Any) -> bytes:
    """UTF-8 JSON; ASCII escapes only when the text holds a lone surrogate UTF-8 cannot carry."""
    try:
        return json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(value, ensure_ascii=True).encode("ascii")


def parse_json(raw: bytes) -> Any:
    """The parsed body; PARSE_ERROR for bytes that are not JSON (NaN and Infinity included)."""

    def refuse(constant: str) -> Any:
        raise ValueError(f"{constant} is not JSON")

    try:
        return json.loads(raw.decode("utf-8"), parse_constant=refuse)
    except (ValueError, RecursionError):
        raise ApiError(400, "PARSE_ERROR", "The request body is not valid JSON") from None


def checked(schema: ObjectSchema, raw: bytes, *, enforce_required: bool) -> dict[str, Any]:
    """The members of a valid body the schema names (unknown ones ignored); 400 otherwise."""
    body = parse_json(raw)
    problems = schema.problems(body, enforce_required=enforce_required)
    if problems:
        raise bad_request(problems)
    assert isinstance(body, dict)  # problems() names a body that is not an object
    return schema.known(body)


def check_provider(kind: object, url: object) -> None:
    refusal = RULES.refusal(kind, url if isinstance(url, str) else "")
    if refusal is not None:
        raise bad_request(
            {RULES.member: refusal}, "The registry does not follow the provider's rules"
        )


def connection_error(registry: Registry) -> str:
    """Why the test failed, naming the host; a message that would spell the username or the
    password (a host that contains one) falls back to one that names no host."""
    url = registry.fields.get(RULES.member)
    host = host_of(url) if isinstance(url, str) else ""
    secrets_ = [str(registry.fields.get(m, "")) for m in (USERNAME, PASSWORD)]
    candidates = [
        f"Cannot reach {host or 'an empty host'}: this server never opens network connections",
        "This server never opens network connections",
    ]
    for message in candidates:
        if not any(secret and secret in message for secret in secrets_):
            return message
    return ""


class Operations:
    """The six operations of the spec, over one store."""

    def __init__(self, store: Store, options: Options) -> None:
        self.store = store
        self.options = options

    def list_page(self, request: Request) -> Answer:
        problems: dict[str, str] = {}

        def parsed(name: str | None) -> Any:
            if name is None:
                return None
            try:
                return LIST.query(name).parse(request.query.get(name))
            except ValueError as error:
                problems[name] = str(error)
                return None

        limit = parsed(PAGINATION.limit)
        direction = parsed(PAGINATION.sort_direction)
        sort_field = parsed(PAGINATION.sort_field)
        if sort_field not in (None, CREATED) and PAGINATION.sort_field is not None:
            problems[PAGINATION.sort_field] = f"cannot sort by {sort_field}"
        after: Key | None = None
        cursor = request.query.get(PAGINATION.cursor)
        if cursor is not None:
            after = self.store.cursor_key(cursor)
            if after is None:
                problems[PAGINATION.cursor] = "is not a cursor this server issued"
        if problems:
            raise bad_request(problems)
        size = _default_limit() if limit is None else int(limit)
        page = self.store.page(after, size, descending=direction == PAGINATION.descending)
        body = {
            PAGINATION.results: [registry.public() for registry in page.items],
            PAGINATION.has_more: page.next_cursor is not None,
            PAGINATION.next_cursor: page.next_cursor,
        }
        return Answer(200, encode(body) + b" " * self.options.pad_list_bytes)

    def create(self, request: Request) -> Answer:
        fields = checked(CREATE_BODY, request.body, enforce_required=True)
        if RULES.kind_member in fields:
            check_provider(fields[RULES.kind_member], fields.get(RULES.member))
        for name, member in RESOURCE.members.items():
            if member.required and name in CREATE_BODY.members and name not in fields:
                fields[name] = _fill_in(name)
        return self._answer(self.store.add(fields))

    def get(self, request: Request) -> Answer:
        return self._answer(self.store.get(request.params[ID]))

    def update(self, request: Request) -> Answer:
        self.store.get(request.params[ID])  # an unknown id is a 404 whatever the body
        changes = checked(UPDATE_BODY, request.body, enforce_required=True)

        def merge(registry: Registry) -> dict[str, Any]:
            merged = {**registry.fields, **changes}
            stored_kind = registry.fields.get(RULES.kind_member)
            if RULES.kind_member in changes or (
                RULES.member in changes and RULES.has_rules(stored_kind)
            ):
                check_provider(merged.get(RULES.kind_member), merged.get(RULES.member))
            return merged

        return self._answer(self.store.update(request.params[ID], merge))

    def delete(self, request: Request) -> Answer:
        return self._answer(self.store.remove(request.params[ID]))

    def test_connection(self, request: Request) -> Answer:
        registry = self.store.get(request.params[ID])
        body: dict[str, Any] = {"success": False}
        error = connection_error(registry)
        if error:
            body["error"] = error
        return Answer(200, encode(body))

    def _answer(self, registry: Registry) -> Answer:
        return Answer(200, encode(registry.public()))

    def routes(self) -> list[tuple[tuple[str, ...], dict[str, Callable[[Request], Answer]]]]:
        """(path template split in segments, handlers by method), one per path of the spec."""
        handlers = [(LIST, self.list_page), (CREATE, self.create), (GET, self.get),
                    (UPDATE, self.update), (DELETE, self.delete),
                    (TEST_CONNECTION, self.test_connection)]  # fmt: skip
        by_path: dict[str, dict[str, Callable[[Request], Answer]]] = {}
        for operation, handler in handlers:
            by_path.setdefault(operation.path, {})[operation.method] = handler
        return [(tuple(path[1:].split("/")), methods) for path, methods in by_path.items()]


def match(template: Sequence[str], segments: Sequence[str]) -> dict[str, str] | None:
    """The path parameters when `segments` fit the template (`{id}` takes one non-empty
    segment, percent-decoded), else None."""
    if len(template) != len(segments):
        return None
    params: dict[str, str] = {}
    for expected, actual in zip(template, segments, strict=True):
        if expected.startswith("{") and expected.endswith("}"):
            if not actual:
                return None
            params[expected[1:-1]] = unquote(actual)
        elif expected != actual:
            return None
    return params


def bearer_token(authorization: str | None) -> str | None:
    if authorization is None:
        return None
    scheme, _, token = authorization.strip().partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def authenticate(authorization: str | None, expected: str) -> None:
    """401 unless the request carries the token (compared in constant time)."""
    token = bearer_token(authorization)
    if token is None:
        raise ApiError(401, "UNAUTHORIZED", "Unauthorized", headers={"WWW-Authenticate": "Bearer"})
    if not hmac.compare_digest(token.encode("utf-8", "replace"), expected.encode("utf-8")):
        challenge = 'Bearer error="invalid_token"'
        raise ApiError(401, "UNAUTHORIZED", "Unauthorized", headers={"WWW-Authenticate": challenge})


# --- HTTP -----------------------------------------------------------------------------------


class BodyError(Exception):
    """A body that cannot be taken: too large (413) or badly framed (400, connection closed)."""

    def __init__(self, error: ApiError, *, close: bool) -> None:
        super().__init__(error.message)
        self.error = error
        self.close = close


class Handler(BaseHTTPRequestHandler):
    """One connection: HTTP/1.1, kept alive, every answer with a Content-Length."""

    protocol_version = "HTTP/1.1"
    server_version = "stdlib-registries/1"
    timeout = IDLE_TIMEOUT
    server: Server
    _connection: int

    def setup(self) -> None:
        super().setup()
        self._connection = self.server.traffic.opened(self.client_address)

    def parse_request(self) -> bool:
        """Route every method (`GET`, `QUERY`, `FOO`...) to `dispatch`, so a method the path
        does not take gets the API's JSON 405, not http.server's HTML 501."""
        if not super().parse_request():
            return False
        setattr(self, "do_" + self.command, self.dispatch)
        return True

    def log_message(self, format: str, *args: Any) -> None:
        """Silent: a benchmark's million requests should not cost a million stderr lines."""

    def dispatch(self) -> None:
        self.server.traffic.served(self._connection)
        target = urlsplit(self.path)
        try:
            body = self.read_body()
        except BodyError as failure:
            body = b""
            if failure.close:
                self.close_connection = True
            framing: ApiError | None = failure.error
        else:
            framing = None
        if target.path == "/_stdlib/connections":
            self.inspect()
            return
        base = self.server.options.base_path
        if not (target.path == base or target.path.startswith(base + "/")):
            self.answer_error(not_found(f"No route {target.path}"))
            return
        if self.stalls():
            return
        try:
            self.answer(self.api(target.path[len(base) :], target.query, body, framing))
        except ApiError as error:
            self.answer_error(error)
        except Exception:
            traceback.print_exc(file=sys.stderr)
            self.answer_error(ApiError(500, "INTERNAL_SERVER_ERROR", "Internal server error"))

    def stalls(self) -> bool:
        """`--stop-answering-after N`: past the Nth API request, hold the request unanswered
        until the server stops (a hung server, for tests of a client's timeouts)."""
        limit = self.server.options.stop_answering_after
        if limit is None or self.server.traffic.admit() <= limit:
            return False
        self.server.stopping.wait()
        self.close_connection = True
        return True

    def api(self, path: str, query: str, body: bytes, framing: ApiError | None) -> Answer:
        """Authenticate, route, then run the operation; errors are raised as ApiError."""
        authenticate(self.headers.get("Authorization"), self.server.options.token)
        if framing is not None:
            raise framing
        # Split as is: `/container-registries/` or `//container-registries` match no route.
        segments = path[1:].split("/") if path.startswith("/") else [""]
        for template, methods in self.server.routes:
            params = match(template, segments)
            if params is None:
                continue
            handler = methods.get(self.command)
            if handler is None:
                allow = ", ".join(methods)
                raise ApiError(
                    405, "METHOD_NOT_SUPPORTED",
                    f"{self.command} is not supported here; use {allow}", headers={"Allow": allow},
                )  # fmt: skip
            values = parse_qs(query, keep_blank_values=True)
            first = {name: found[0] for name, found in values.items()}
            return handler(Request(params, first, body))
        raise not_found(f"No route {self.server.options.base_path}{path}")

    def inspect(self) -> None:
        """`/_stdlib/connections` (token required): each TCP connection accepted and how many
        requests it carried, so a test can see keep-alive from the server's side."""
        try:
            authenticate(self.headers.get("Authorization"), self.server.options.token)
        except ApiError as error:
            self.answer_error(error)
            return
        if self.command != "GET":
            self.answer_error(
                ApiError(405, "METHOD_NOT_SUPPORTED", "Use GET", headers={"Allow": "GET"})
            )
            return
        self.answer(Answer(200, encode(self.server.traffic.snapshot())))

    def read_body(self) -> bytes:
        """The request body, read to its end whatever it is, so the next request on the
        connection starts where it should (a refused body is read and dropped)."""
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            if "Content-Length" in self.headers:
                self.close_connection = True  # two framings: RFC 9112 6.3 says close after
            return self._read_chunked()
        declared = self.headers.get("Content-Length")
        if declared is None:
            return b""
        if not declared.strip().isdigit():
            raise BodyError(bad_request({}, "Content-Length is not a number"), close=True)
        length = int(declared)
        if length > MAX_BODY_BYTES:
            self._discard(length)
            raise BodyError(too_large(), close=length > DRAIN_LIMIT)
        return self.rfile.read(length)

    def _discard(self, length: int) -> None:
        remaining = min(length, DRAIN_LIMIT)
        while remaining > 0:
            chunk = self.rfile.read(min(remaining, 65536))
            if not chunk:
                break
            remaining -= len(chunk)

    def _read_chunked(self) -> bytes:
        """A chunked body (RFC 9112 7.1): chunk extensions and trailers are dropped."""
        chunks: list[bytes] = []
        size = 0
        while True:
            line = self.rfile.readline(1024)
            try:
                length = int(line.split(b";", 1)[0].strip(), 16)
            except ValueError:
                raise BodyError(bad_request({}, "Malformed chunked body"), close=True) from None
            if length == 0:
                break
            size += length
            if size > DRAIN_LIMIT:
                raise BodyError(too_large(), close=True)
            data = self.rfile.read(length)
            self.rfile.readline(8)  # the CRLF after the chunk
            if size <= MAX_BODY_BYTES:
                chunks.append(data)
        while self.rfile.readline(8192) not in (b"\r\n", b"\n", b""):
            pass  # trailer fields
        if size > MAX_BODY_BYTES:
            raise BodyError(too_large(), close=False)
        return b"".join(chunks)

    def answer_error(self, error: ApiError) -> None:
        self.answer(Answer(error.status, encode(error.body()), error.headers))

    def answer(self, answer: Answer) -> None:
        """Status and headers in one write, the body in a second (see the module docstring)."""
        self.send_response(answer.status)
        self.send_header("Content-Type", JSON_TYPE)
        self.send_header("Content-Length", str(len(answer.body)))
        for name, value in answer.headers.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD" and answer.body:
            self.wfile.write(answer.body)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """http.server's own refusals (a malformed request line, headers too long) as the
        API's JSON errors, without the `Connection: close` header http.server adds; the
        connection is closed all the same, since the request could not be framed. A request
        line too broken to name its version is answered in HTTP/1.1, status line and all
        (http.server would take it for HTTP/0.9 and send the bare body)."""
        self.close_connection = True
        if self.request_version == "HTTP/0.9":
            self.request_version = self.protocol_version
        codes = {400: "BAD_REQUEST", 404: "NOT_FOUND", 408: "TIMEOUT"}
        name = codes.get(code, "BAD_REQUEST" if code < 500 else "INTERNAL_SERVER_ERROR")
        self.answer_error(ApiError(code, name, message or "Bad request"))


class NoDelayHandler(Handler):
    """`--nodelay`: TCP_NODELAY on each accepted connection."""

    disable_nagle_algorithm = True


# --- Start-up -------------------------------------------------------------------------------


class OneLineParser(argparse.ArgumentParser):
    """A bad option ends with one line saying what to fix and exit 2, not a usage dump."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{PROG}: {message}\n")


def _count(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text} is negative")
    return value


def parser() -> argparse.ArgumentParser:
    p = OneLineParser(
        prog="python -m mock_server.stdlib_server",
        description="Serve the container-registries API from http.server (an independent "
        "implementation, to cross-check the contract suite).",
    )
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000, help="0 picks a free port")
    p.add_argument("--base-path", default="/v1", help="path prefix of the API (default /v1)")
    p.add_argument("--token", help="bearer token (default: $API_TOKEN; one is required)")
    p.add_argument("--nodelay", action="store_true", help="set TCP_NODELAY on connections")
    p.add_argument("--stop-answering-after", type=_count, metavar="N",
                   help="read but never answer every API request after the Nth")  # fmt: skip
    p.add_argument("--pad-list-bytes", type=_count, default=0, metavar="N",
                   help="append N spaces to every list answer")  # fmt: skip
    return p


def _base_path(text: str) -> str:
    stripped = text.strip("/")
    return "/" + stripped if stripped else ""


def _url(server: Server, base_path: str) -> str:
    host, port = str(server.server_address[0]), server.server_address[1]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}{base_path}"


def _stop_on_signals(server: Server) -> None:
    """SIGTERM and SIGINT stop serving; shutdown() runs in a thread, since it waits for the
    loop this very thread is running."""

    def stop(signum: int, frame: FrameType | None) -> None:
        server.stopping.set()
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)


def main(argv: Sequence[str]) -> int:
    args = parser().parse_args(argv)
    token = args.token or os.environ.get("API_TOKEN") or ""
    if not token:
        print(f"{PROG}: no token: pass --token or set API_TOKEN", file=sys.stderr)
        return 2
    options = Options(token, _base_path(args.base_path), args.stop_answering_after,
                      args.pad_list_bytes)  # fmt: skip
    handler = NoDelayHandler if args.nodelay else Handler
    try:
        server = Server((args.host, args.port), handler, options)
    except OSError as error:
        hint = "; --port 0 picks a free port" if args.port else ""
        print(f"{PROG}: cannot listen on {args.host}:{args.port}: {error}{hint}", file=sys.stderr)
        return 2
    _stop_on_signals(server)
    print(f"{PROG}: serving {_url(server, options.base_path)}", flush=True)
    try:
        # A short poll so a signal's shutdown() lands in milliseconds, not half a second.
        server.serve_forever(poll_interval=0.05)
    finally:
        server.stopping.set()
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
