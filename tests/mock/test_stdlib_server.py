"""The independent http.server implementation, over real HTTP on loopback.

Each test starts its own server subprocess (`running_stdlib_server`), so counts and walks see
only the test's own requests and registries. The tests of the API use `--nodelay` for speed;
those of the HTTP layer run the server as it starts by default.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from api_spec import SPEC, Pagination, ProviderRules
from mock_server.testing import running_stdlib_server

from . import support

TOKEN = "stdlib-test-token"
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


@contextmanager
def api_of(*args: str, timeout: float = 10) -> Iterator[Api]:
    with running_stdlib_server(*args, token=TOKEN) as server:
        api = Api(server, timeout)
        try:
            yield api
        finally:
            api.http.close()


@pytest.fixture
def api() -> Iterator[Api]:
    """A fresh server with TCP_NODELAY: its default two writes stall each kept-alive request
    about 40 ms on the client's delayed ACK, which the HTTP tests below keep and these skip."""
    with api_of("--nodelay") as running:
        yield running


def items(pages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [item for page in pages for item in page[PAGINATION.results]]


def sort_key(item: dict[str, Any]) -> tuple[datetime, str]:
    return (datetime.fromisoformat(item["dtCreated"]), item["id"])


# --- Start-up -------------------------------------------------------------------------------


def test_serving_line_names_the_port_and_the_base_path() -> None:
    with api_of("--base-path", "/api/v9/", "--nodelay") as api:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/api/v9", api.mock.base_url)
        assert api.http.get(PATH).status_code == 200
        elsewhere = api.http.get(api.origin + "v1" + PATH)
        assert elsewhere.status_code == 404
        assert elsewhere.json()["code"] == "NOT_FOUND"


def test_refuses_to_start_without_a_token_or_on_a_taken_port() -> None:
    env = {k: v for k, v in os.environ.items() if k != "API_TOKEN"}
    command = [sys.executable, "-m", "mock_server.stdlib_server", "--port", "0"]
    no_token = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=30, check=False)  # fmt: skip
    assert no_token.returncode == 2
    assert len(no_token.stderr.strip().splitlines()) == 1, no_token.stderr
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        busy = subprocess.run([*command[:-1], port, "--token", "t"], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=30, check=False)  # fmt: skip
    assert busy.returncode == 2
    assert "--port 0" in busy.stderr and len(busy.stderr.strip().splitlines()) == 1


def test_sigterm_stops_it_with_status_zero() -> None:
    with running_stdlib_server(token=TOKEN) as server:
        server.process.terminate()
        assert server.process.wait(timeout=10) == 0


# --- Auth -----------------------------------------------------------------------------------


@pytest.mark.parametrize("authorization", [None, "Bearer wrong-token", f"Basic {TOKEN}"])
def test_refuses_a_missing_or_wrong_token(api: Api, authorization: str | None) -> None:
    headers = {} if authorization is None else {"Authorization": authorization}
    answer = httpx.get(api.mock.base_url + PATH, headers=headers)
    assert answer.status_code == 401
    assert answer.json()["code"] == "UNAUTHORIZED"
    assert answer.headers["WWW-Authenticate"].startswith("Bearer")
    assert api.http.get(PATH).status_code == 200  # the right token is taken


# --- The resource ---------------------------------------------------------------------------


def test_create_get_update_delete(api: Api) -> None:
    created = api.create(extra="ignored")
    assert uuid.UUID(created["id"]).version == 4
    assert "password" not in created and "extra" not in created
    assert created["kind"] == KINDS_WITHOUT_RULES[0]  # no kind sent: the first without rules
    assert api.http.get(f"{PATH}/{created['id']}").json() == created

    renamed = api.http.put(f"{PATH}/{created['id']}", json={"name": "renamed"})
    assert renamed.status_code == 200, renamed.text
    updated = renamed.json()
    assert updated == {**created, "name": "renamed", "dtModified": updated["dtModified"]}
    assert updated["dtCreated"] == created["dtCreated"]
    assert sort_key(updated)[0] == sort_key(created)[0]
    assert datetime.fromisoformat(updated["dtModified"]) > datetime.fromisoformat(
        created["dtModified"]
    )

    same = api.http.put(f"{PATH}/{created['id']}", json={"name": "renamed", "url": created["url"]})
    assert same.status_code == 200, same.text
    assert same.json()["dtModified"] > updated["dtModified"]

    deleted = api.http.delete(f"{PATH}/{created['id']}")
    assert deleted.status_code == 200
    assert deleted.json() == same.json()
    assert api.http.get(f"{PATH}/{created['id']}").status_code == 404
    assert api.http.delete(f"{PATH}/{created['id']}").status_code == 404
    assert api.page()[PAGINATION.results] == []


def test_timestamps_are_utc_with_microseconds_and_an_offset(api: Api) -> None:
    created = api.create()
    for member in ("dtCreated", "dtModified"):
        assert TIMESTAMP.fullmatch(created[member]), created[member]
        assert datetime.fromisoformat(created[member]).utcoffset() == timedelta(0)


def test_test_connection_fails_naming_the_host_not_the_secrets(api: Api) -> None:
    created = api.create(url="https://registry.example.com/acme")
    answer = api.http.get(f"{PATH}/{created['id']}/test-connection")
    assert answer.status_code == 200
    body = answer.json()
    assert body["success"] is False
    assert "registry.example.com" in body["error"]
    sent = new_registry()
    assert sent["username"] not in answer.text and sent["password"] not in answer.text
    assert api.http.get(f"{PATH}/{uuid.uuid4()}/test-connection").status_code == 404


def test_concurrent_creates_are_all_kept(api: Api) -> None:
    def create_five() -> None:
        with httpx.Client(base_url=api.mock.base_url, headers=api.http.headers) as client:
            for _ in range(5):
                assert client.post(PATH, json=new_registry()).status_code == 200

    threads = [threading.Thread(target=create_five) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    listed = items(api.walk(limit=7))
    assert len(listed) == len({item["id"] for item in listed}) == 40


# --- Lists ----------------------------------------------------------------------------------


@pytest.mark.parametrize("limit", [1, 2, 3])
def test_walks_yield_each_registry_once_in_order(api: Api, limit: int) -> None:
    made = [api.create(name=f"r{i}") for i in range(7)]
    ascending = sorted(made, key=sort_key)
    for order, expected in (
        (PAGINATION.ascending, ascending),
        (PAGINATION.descending, ascending[::-1]),
    ):
        walk = api.walk(limit=limit, order=order, unknownParameter="ignored")
        assert [item["id"] for item in items(walk)] == [item["id"] for item in expected]
        assert all(len(page[PAGINATION.results]) <= limit for page in walk)
    default = items(api.walk(limit=limit))
    by_default = ascending if PAGINATION.ascending == ORDER_DEFAULT else ascending[::-1]
    assert [item["id"] for item in default] == [item["id"] for item in by_default]


def test_a_list_without_limit_gets_pages_of_ten(api: Api) -> None:
    for i in range(12):
        api.create(name=f"r{i}")
    first = api.page()
    assert len(first[PAGINATION.results]) == 10
    assert first[PAGINATION.has_more] is True


@pytest.mark.parametrize("order", ["asc", "desc"])
def test_a_walk_stays_exact_while_registries_come_and_go(api: Api, order: str) -> None:
    made = sorted((api.create(name=f"r{i}") for i in range(6)), key=sort_key)
    expected = made if order == PAGINATION.ascending else made[::-1]
    first = api.page(limit=2, order=order)
    assert [i["id"] for i in first[PAGINATION.results]] == [i["id"] for i in expected[:2]]
    newcomer = api.create(name="newcomer")  # the newest: after the walk's end in asc only
    api.http.delete(f"{PATH}/{expected[1]['id']}")  # the item the cursor stands for
    api.http.delete(f"{PATH}/{expected[4]['id']}")  # one the walk has not reached
    pages = [first]
    while pages[-1][PAGINATION.has_more]:
        cursor = pages[-1][PAGINATION.next_cursor]
        pages.append(api.page(limit=2, order=order, **{PAGINATION.cursor: cursor}))
    seen = [item["id"] for item in items(pages)]
    rest = [item["id"] for item in expected[2:] if item is not expected[4]]
    tail = [newcomer["id"]] if order == PAGINATION.ascending else []
    assert seen == [item["id"] for item in expected[:2]] + rest + tail


@pytest.mark.parametrize("offset", [-1, 1])
def test_a_limit_outside_the_spec_bounds_is_refused(api: Api, offset: int) -> None:
    assert LIMIT.minimum is not None and LIMIT.maximum is not None
    bound = int(LIMIT.minimum) if offset < 0 else int(LIMIT.maximum)
    answer = api.http.get(PATH, params={PAGINATION.limit: bound + offset})
    assert answer.status_code == 400
    assert answer.json()["code"] == "BAD_REQUEST"
    assert PAGINATION.limit in answer.json()["details"]
    assert api.http.get(PATH, params={PAGINATION.limit: bound}).status_code == 200


def test_a_cursor_this_server_did_not_issue_is_refused(api: Api) -> None:
    for i in range(3):
        api.create(name=f"r{i}")
    issued = api.page(limit=1)[PAGINATION.next_cursor]
    assert isinstance(issued, str)
    assert api.http.get(PATH, params={PAGINATION.cursor: issued}).status_code == 200
    with api_of() as other:  # a well-formed cursor, from another server
        for i in range(3):
            other.create(name=f"r{i}")
        foreign = other.page(limit=1)[PAGINATION.next_cursor]
    for cursor in (foreign, "not-a-cursor", ""):
        answer = api.http.get(PATH, params={PAGINATION.cursor: cursor})
        assert answer.status_code == 400, cursor
        assert PAGINATION.cursor in answer.json()["details"]


@pytest.mark.parametrize("kind", KINDS_WITH_RULES)
def test_provider_rules_refuse_a_url_off_the_kinds_hosts(api: Api, kind: str) -> None:
    good = RULES.accepted_host(kind)
    assert good is not None
    refused = api.http.post(PATH, json=new_registry(kind=kind, url="elsewhere.example"))
    assert refused.status_code == 400
    assert RULES.member in refused.json()["details"]
    created = api.create(kind=kind, url=f"https://{good}/team")
    moved = api.http.put(f"{PATH}/{created['id']}", json={RULES.member: "elsewhere.example"})
    assert moved.status_code == 400
    assert api.http.get(f"{PATH}/{created['id']}").json()[RULES.member] == created[RULES.member]
    free = api.create(kind=KINDS_WITHOUT_RULES[0])
    assert api.http.put(f"{PATH}/{free['id']}", json={RULES.member: "x.example"}).status_code == 200


# --- HTTP -----------------------------------------------------------------------------------


def test_refusals_are_json_with_the_live_apis_codes(api: Api) -> None:
    cases = [
        (api.http.post(PATH, content=b"{not json"), 400, "PARSE_ERROR"),
        (api.http.post(PATH, json=[new_registry()]), 400, "BAD_REQUEST"),
        (api.http.post(PATH, json={"name": 1}), 400, "BAD_REQUEST"),
        (api.http.patch(PATH), 405, "METHOD_NOT_SUPPORTED"),
        (api.http.get(PATH + "/"), 404, "NOT_FOUND"),
        (api.http.post(PATH, content=b" " * (64 * 1024 + 1)), 413, "PAYLOAD_TOO_LARGE"),
    ]
    for answer, status, code in cases:
        assert (answer.status_code, answer.json()["code"]) == (status, code), answer.text
        assert answer.json()["issues"][0]["message"]
    assert cases[2][0].json()["details"].keys() >= {"name", "url"}
    assert set(cases[3][0].headers["Allow"].split(", ")) == {"GET", "POST"}
    assert api.http.get(PATH).status_code == 200  # the connection survived the 413


def test_one_client_keeps_one_connection_alive(api: Api) -> None:
    answers = [api.http.get(PATH), api.http.post(PATH, json=new_registry()), api.http.get(PATH)]
    answers += [api.http.get(f"{PATH}/missing"), api.http.patch(PATH)]
    inspected = api.http.get(api.origin + "_stdlib/connections")
    assert inspected.status_code == 200
    assert inspected.json()["connections"] == [
        {"peer": inspected.json()["connections"][0]["peer"], "requests": len(answers) + 1}
    ]
    for answer in [*answers, inspected]:
        assert "connection" not in answer.headers, answer.headers
        assert int(answer.headers["Content-Length"]) == len(answer.content)
        assert "date" in answer.headers
    assert httpx.get(api.origin + "_stdlib/connections").status_code == 401


def test_a_client_asking_to_close_gets_its_answer_then_eof(api: Api) -> None:
    url = httpx.URL(api.mock.base_url)
    request = (
        f"GET {url.path}{PATH} HTTP/1.1\r\nHost: {url.host}\r\n"
        f"Authorization: Bearer {TOKEN}\r\nConnection: close\r\n\r\n"
    )
    with socket.create_connection((url.host, url.port or 80), timeout=5) as raw:
        raw.sendall(request.encode())
        received = b""
        while chunk := raw.recv(65536):
            received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200")
    assert json.loads(body)[PAGINATION.results] == []


def test_stop_answering_after_two_leaves_the_third_unanswered() -> None:
    with api_of("--stop-answering-after", "2", timeout=1.0) as api:
        assert api.http.get(PATH).status_code == 200
        assert api.http.post(PATH, json=new_registry()).status_code == 200
        with pytest.raises(httpx.ReadTimeout):
            api.http.get(PATH)


def test_pad_list_bytes_makes_a_huge_list_that_is_still_json() -> None:
    with api_of("--pad-list-bytes", "1000000") as api:
        api.create()
        answer = api.http.get(PATH)
        assert len(answer.content) > 1_000_000
        assert int(answer.headers["Content-Length"]) == len(answer.content)
        assert len(answer.json()[PAGINATION.results]) == 1
        assert len(api.http.post(PATH, json=new_registry()).content) < 1000  # lists only
