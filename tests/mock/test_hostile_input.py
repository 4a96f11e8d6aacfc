"""Hostile bodies against a correct mock, to create and to update: each gets a 4xx with the
error body, or, where a server may take it, a 2xx that stores exactly what was sent; never a
5xx, never a hang."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from .support import PATH, Api, mock_api, new_registry, seed_registries, write_seed

# Seconds an answer may take: a hang fails the test instead of stalling it.
PATIENCE = 10
TARGET = "seed00000"
# Where each write goes, and the body it starts from (a create needs every member).
WRITES = {"create": ("POST", PATH, new_registry()), "update": ("PUT", f"{PATH}/{TARGET}", {})}
NESTED = "[" * 500 + "]" * 500
TOO_WIDE = 2**70  # no 64-bit integer holds it


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    seed = write_seed(tmp_path_factory.mktemp("hostile") / "seed.json", seed_registries(1))
    with mock_api("--seed-file", seed) as running:
        yield running


def send(api: Api, write: str, raw: bytes) -> httpx.Response:
    method, path, _ = WRITES[write]
    headers = {"Content-Type": "application/json"}
    return api.http.request(method, path, content=raw, headers=headers, timeout=PATIENCE)


def with_members(write: str, members: str) -> bytes:
    """A write's usual body with `members` (raw JSON text) added after its own."""
    usual = json.dumps(WRITES[write][2])[1:-1]
    return ("{" + ", ".join(filter(None, [usual, members])) + "}").encode()


def assert_refused(answer: httpx.Response) -> None:
    """A 4xx with the documented error body."""
    assert 400 <= answer.status_code < 500, answer.text
    assert answer.headers["content-type"].startswith("application/json")
    body = answer.json()
    assert isinstance(body.get("code"), str) and isinstance(body.get("message"), str), body


def shown(api: Api, answer: httpx.Response) -> dict[str, Any]:
    """The registry a successful write made or changed, as a get shows it now."""
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = api.http.get(f"{PATH}/{answer.json()['id']}").json()
    return body


@pytest.fixture(params=sorted(WRITES))
def write(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


@pytest.mark.parametrize(
    "raw",
    [
        NESTED.encode(),  # as the body
        b'{"name": ' + NESTED.encode() + b"}",  # as a member the schema wants a string for
        b'{"unknown": ' + NESTED.encode() + b"}",  # as a member the server would ignore
        b'{"name": "\xff\xfe"}',  # invalid UTF-8
        b'"a string"',
        b"7",
        b"[]",
        b"null",
    ],
    ids=["nested", "nested-member", "nested-unknown", "utf8", "string", "number", "array", "null"],
)
def test_refused_with_the_error_body(api: Api, write: str, raw: bytes) -> None:
    before = api.stored()
    assert_refused(send(api, write, raw))
    assert api.stored() == before


def test_an_unknown_member_nested_500_deep_is_refused_even_in_a_valid_body(
    api: Api, write: str
) -> None:
    assert_refused(send(api, write, with_members(write, f'"unknown": {NESTED}')))


def test_a_body_of_5_mib_is_413(api: Api, write: str) -> None:
    raw = with_members(write, '"namespace": "' + "n" * (5 * 1024 * 1024) + '"')
    answer = send(api, write, raw)
    assert_refused(answer)
    assert answer.status_code == 413


def test_a_duplicate_key_stores_one_of_its_values(api: Api, write: str) -> None:
    answer = send(api, write, with_members(write, '"name": "first", "name": "second"'))
    assert shown(api, answer)["name"] in {"first", "second"}


def test_an_integer_beyond_64_bits_for_a_string_member_is_400(api: Api, write: str) -> None:
    answer = send(api, write, with_members(write, f'"name": {TOO_WIDE}'))
    assert_refused(answer)
    assert answer.status_code == 400


def test_an_integer_beyond_64_bits_in_an_unknown_member_is_ignored(api: Api, write: str) -> None:
    answer = send(api, write, with_members(write, f'"unknown": {TOO_WIDE}, "name": "wide"'))
    if answer.status_code != 200:
        assert_refused(answer)
        return
    stored = shown(api, answer)
    assert stored["name"] == "wide" and "unknown" not in stored


def test_a_byte_order_mark_is_refused_or_ignored(api: Api, write: str) -> None:
    answer = send(api, write, b"\xef\xbb\xbf" + with_members(write, '"name": "after-a-bom"'))
    if answer.status_code != 200:
        assert_refused(answer)
        return
    assert shown(api, answer)["name"] == "after-a-bom"


def test_nul_inside_a_member_is_refused_or_stored_exactly(api: Api, write: str) -> None:
    answer = send(api, write, with_members(write, '"name": "ab\\u0000cd"'))
    if answer.status_code != 200:
        assert_refused(answer)
        return
    assert answer.json()["name"] == shown(api, answer)["name"] == "ab\x00cd"


def test_the_mock_still_answers_after_all_of_it(api: Api) -> None:
    assert api.http.get(PATH, timeout=PATIENCE).status_code == 200


def test_nesting_within_the_limit_is_judged_by_the_schema(api: Api, write: str) -> None:
    answer = send(api, write, with_members(write, '"name": [[["deep"]]]'))
    assert answer.status_code == 400
    assert answer.json()["details"] == {"name": "must be a string, not an array"}
