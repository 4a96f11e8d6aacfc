"""Helpers for the reference server's tests: the spec's parts they use, a registry body, an
HTTP client of a running server for each of its two teams, and a raw connection (`Raw`) for
requests written by hand.

Each test starts its own server subprocess (`running_reference_server`), so counts and walks
see only the test's own requests and registries. The tests of the API use `--nodelay` for
speed; those of the HTTP layer run the server as it starts by default.
"""

from __future__ import annotations

import dataclasses
import re
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx

from api_spec import SPEC, Pagination, ProviderRules
from mock_server.testing import RunningMock, running_reference_server
from tests.mock import support

TOKEN = "reference-test-token"
SECOND_TOKEN = "reference-second-team-token"
ROOT = Path(__file__).resolve().parents[2]
LIST = SPEC.operation("listContainerRegistries")
CREATE = SPEC.operation("createContainerRegistry")


def _pagination() -> Pagination:
    assert LIST.pagination is not None, "the list has no x-pagination"
    return LIST.pagination


def _rules() -> ProviderRules:
    assert SPEC.provider_rules is not None, "the spec has no x-provider-rules"
    return SPEC.provider_rules


PAGINATION = _pagination()
LIMIT = LIST.query(PAGINATION.limit)
RULES = _rules()
PATH = LIST.path
ORDER_DEFAULT = LIST.query(str(PAGINATION.sort_direction)).default
KINDS_WITH_RULES = sorted(RULES.hosts)
KINDS_WITHOUT_RULES = [kind for kind in SPEC.kinds if not RULES.has_rules(kind)]
# ISO 8601, UTC, microseconds, a numeric zero offset.
TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00")
# The same in whole seconds (`--whole-second-timestamps`).
WHOLE_SECOND_TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00")


def new_registry(**overrides: Any) -> dict[str, Any]:
    """The mock tests' body, at a host with no provider rules (any credentials are valid)."""
    return support.new_registry(**{"url": "registry.example.com", **overrides})


class Api(support.Api):
    """The mock tests' client, creating registries of a kind without provider rules and
    checking the page invariants on every walk."""

    blank = staticmethod(new_registry)

    def walk(self, **params: Any) -> list[dict[str, Any]]:
        pages = super().walk(**params)
        for page in pages:
            assert page[PAGINATION.has_more] is isinstance(page[PAGINATION.next_cursor], str)
        for page in pages[1:]:
            assert page[PAGINATION.results], "an empty page after hasMore: true"
        return pages


@dataclasses.dataclass
class TwoTeams:
    first: Api
    second: Api


@contextmanager
def api_of(*args: str, timeout: float = 10) -> Iterator[Api]:
    with running_reference_server(*args, token=TOKEN) as server, client(server, timeout) as api:
        yield api


@contextmanager
def client(server: RunningMock, timeout: float = 10) -> Iterator[Api]:
    api = Api(server, timeout)
    try:
        yield api
    finally:
        api.http.close()


@contextmanager
def two_teams(*args: str) -> Iterator[TwoTeams]:
    """A server with both teams' tokens known, and a client of each."""
    with running_reference_server(*args, token=TOKEN, second_token=SECOND_TOKEN) as server:
        as_second = dataclasses.replace(server, token=SECOND_TOKEN)
        with client(server) as first, client(as_second) as second:
            yield TwoTeams(first, second)


def items(pages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [item for page in pages for item in page[PAGINATION.results]]


def sort_key(item: dict[str, Any]) -> tuple[datetime, str]:
    return (datetime.fromisoformat(item["dtCreated"]), item["id"])


class Raw:
    """One TCP connection to the server, requests written by hand, answers read by their
    Content-Length."""

    def __init__(self, api: Api) -> None:
        url = httpx.URL(api.mock.base_url)
        self.prefix, self.host = url.path, url.host
        self.sock = socket.create_connection((url.host, url.port or 80), timeout=5)
        self.stream = self.sock.makefile("rb")

    def send(self, head: str, body: bytes = b"", token: str = TOKEN) -> None:
        lines = head.replace("{path}", self.prefix + PATH).split("\n")
        lines[1:1] = [f"Host: {self.host}", f"Authorization: Bearer {token}"]
        self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode() + body)

    def answer(self) -> tuple[str, dict[str, str], bytes]:
        status = self.stream.readline().decode().strip()
        headers: dict[str, str] = {}
        while (line := self.stream.readline().decode().strip()) != "":
            name, _, value = line.partition(":")
            headers[name.lower()] = value.strip()
        return status, headers, self.stream.read(int(headers.get("content-length", 0)))

    def closed(self) -> bool:
        return self.stream.read() == b""

    def close(self) -> None:
        self.stream.close()
        self.sock.close()
