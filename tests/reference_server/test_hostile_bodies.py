"""Hostile request bodies and ids over real HTTP: each create (POST) and update (PUT of an
existing registry) gets a JSON 4xx, or, where a correct server may take it, a 2xx that keeps
exactly what was sent; never a 5xx, never a hang."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from .support import PATH, Api, TwoTeams, api_of, new_registry, two_teams

METHODS = ["POST", "PUT"]
VALID = json.dumps(new_registry()).encode()


@pytest.fixture(scope="module")
def api() -> Iterator[Api]:
    with api_of("--nodelay", timeout=30) as running:
        yield running


def _send(api: Api, method: str, body: bytes, **headers: str) -> tuple[httpx.Response, str]:
    """`body` sent to create a registry, or to update a fresh one; the answer and the id the
    update targets ("" for a create)."""
    target = api.create()["id"] if method == "PUT" else ""
    url = f"{PATH}/{target}" if target else PATH
    answer = api.http.request(
        method, url, content=body, headers={"Content-Type": "application/json", **headers}
    )
    assert answer.status_code < 500, answer.text
    return answer, target


def _refused(answer: httpx.Response, *statuses: int) -> dict[str, Any]:
    assert answer.status_code in (statuses or range(400, 500)), answer.text
    assert answer.headers["Content-Type"].startswith("application/json")
    body: dict[str, Any] = answer.json()
    assert isinstance(body["code"], str) and isinstance(body["message"], str)
    return body


def _unchanged(api: Api, target: str) -> None:
    """A refused update left the registry as `api.create()` made it."""
    if target:
        kept = api.http.get(f"{PATH}/{target}").json()
        assert kept["name"] == new_registry()["name"] and kept["dtModified"] == kept["dtCreated"]


def _with(member: str, raw_value: bytes) -> bytes:
    """The valid body with one more member whose value is written as given."""
    return VALID[:-1] + b', "' + member.encode() + b'": ' + raw_value + b"}"


def _nested(depth: int, opening: bytes) -> bytes:
    """Arrays in arrays, or objects in objects, `depth` deep."""
    if opening == b"[":
        return b"[" * depth + b"]" * depth
    return b'{"a": ' * (depth - 1) + b"{}" + b"}" * (depth - 1)


# --- Depth and size ---------------------------------------------------------------------------


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("opening", [b"[", b"{"])
@pytest.mark.parametrize("where", ["body", "member", "extra"])
def test_json_nested_500_deep_is_refused(api: Api, method: str, opening: bytes, where: str) -> None:
    deep = _nested(500, opening)
    body = {"body": deep, "member": _with("name", deep), "extra": _with("extra", deep)}[where]
    answer, target = _send(api, method, body)
    _refused(answer, 400)
    _unchanged(api, target)


@pytest.mark.parametrize("method", METHODS)
def test_a_body_nesting_a_little_is_taken(api: Api, method: str) -> None:
    answer, _ = _send(api, method, _with("extra", _nested(10, b"[")))
    assert answer.status_code == 200, answer.text


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_a_body_of_5_mib_is_refused(api: Api, method: str, chunked: bool) -> None:
    big = VALID[:-1] + b', "extra": "' + b"x" * (5 * 1024 * 1024) + b'"}'
    content: bytes | Iterator[bytes] = big
    if chunked:  # an iterator is sent chunked, without Content-Length
        content = iter([big[i : i + 65536] for i in range(0, len(big), 65536)])
    target = api.create()["id"] if method == "PUT" else ""
    answer = api.http.request(method, f"{PATH}/{target}" if target else PATH, content=content)
    _refused(answer, 400, 413)
    _unchanged(api, target)
    assert api.http.get(PATH).status_code == 200  # and the server goes on


# --- Odd JSON ---------------------------------------------------------------------------------


@pytest.mark.parametrize("method", METHODS)
def test_a_name_given_twice_keeps_one_of_the_values_sent(api: Api, method: str) -> None:
    answer, _ = _send(api, method, _with("name", b'"second"'))  # VALID names one first
    if answer.status_code >= 400:
        _refused(answer)
        return
    assert answer.status_code == 200
    kept = answer.json()["name"]
    assert kept in (new_registry()["name"], "second")
    assert api.http.get(f"{PATH}/{answer.json()['id']}").json()["name"] == kept


@pytest.mark.parametrize("method", METHODS)
def test_an_integer_beyond_64_bits_where_a_string_belongs_is_400(api: Api, method: str) -> None:
    body = json.dumps({**new_registry(), "name": 2**70}).encode()
    answer, target = _send(api, method, body)
    assert "name" in _refused(answer, 400)["details"]
    _unchanged(api, target)


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("digits", [str(2**70), "9" * 5000])
def test_a_huge_integer_in_an_unknown_member_is_ignored_or_refused(
    api: Api, method: str, digits: str
) -> None:
    answer, target = _send(api, method, _with("extra", digits.encode()))
    if answer.status_code >= 400:
        _refused(answer)
        _unchanged(api, target)
        return
    assert answer.status_code == 200 and "extra" not in answer.json()
    assert digits not in answer.text


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize(
    "body",
    [
        VALID.replace(b'"builds"', b'"b\xffuilds"'),  # a byte no UTF-8 text holds
        VALID.replace(b'"builds"', b'"\xc3("'),  # a lead byte without its continuation
        VALID.replace(b'"builds"', b'"\xed\xa0\x80"'),  # a surrogate, encoded
        VALID.decode().encode("utf-16"),
    ],
    ids=["0xff", "truncated", "surrogate", "utf-16"],
)
def test_bytes_that_are_not_utf8_are_refused(api: Api, method: str, body: bytes) -> None:
    answer, target = _send(api, method, body)
    _refused(answer, 400)
    _unchanged(api, target)


@pytest.mark.parametrize("method", METHODS)
def test_a_byte_order_mark_is_refused_or_ignored(api: Api, method: str) -> None:
    answer, target = _send(api, method, b"\xef\xbb\xbf" + VALID)
    if answer.status_code >= 400:
        _refused(answer)
        _unchanged(api, target)
    else:
        assert answer.json()["name"] == new_registry()["name"]


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("body", [b'"a string"', b"42", b"-1.5e3", b"[]", b"null", b"true", b""])
def test_a_body_that_is_not_an_object_is_400(api: Api, method: str, body: bytes) -> None:
    answer, target = _send(api, method, body)
    _refused(answer, 400)
    _unchanged(api, target)


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize(
    "text", ["a\u0000b", "\u0000", "x\ud800y"], ids=["nul", "only-nul", "lone"]
)
def test_a_string_with_nul_or_a_lone_surrogate_is_kept_exactly(
    api: Api, method: str, text: str
) -> None:
    answer, target = _send(api, method, json.dumps({**new_registry(), "name": text}).encode())
    if answer.status_code >= 400:
        _refused(answer)
        _unchanged(api, target)
        return
    assert answer.json()["name"] == text
    assert api.http.get(f"{PATH}/{answer.json()['id']}").json()["name"] == text


@pytest.mark.parametrize("method", METHODS)
def test_a_raw_control_character_in_a_string_is_refused(api: Api, method: str) -> None:
    answer, target = _send(api, method, VALID.replace(b'"builds"', b'"bu\x00ilds"'))
    _refused(answer, 400)
    _unchanged(api, target)


# --- Hostile ids ------------------------------------------------------------------------------

IDS = ["%00", "a%00b", "%20", "a%20b", "%20%20", "%ff", "%2F", "%2e%2e"]
BY_ID = [("GET", ""), ("PUT", ""), ("DELETE", ""), ("GET", "/test-connection")]


@pytest.mark.parametrize(("method", "suffix"), BY_ID)
@pytest.mark.parametrize("registry_id", IDS)
def test_an_id_holding_nul_or_spaces_is_not_found(
    api: Api, method: str, suffix: str, registry_id: str
) -> None:
    answer = api.http.request(method, f"{PATH}/{registry_id}{suffix}", json={"name": "x"})
    assert _refused(answer, 404)["code"] == "NOT_FOUND"


@pytest.fixture(scope="module")
def strict() -> Iterator[TwoTeams]:
    with two_teams("--nodelay", "--strict-ids") as teams:
        yield teams


@pytest.mark.parametrize(("method", "suffix"), BY_ID)
@pytest.mark.parametrize("registry_id", IDS)
def test_with_strict_ids_such_an_id_is_400(
    strict: TwoTeams, method: str, suffix: str, registry_id: str
) -> None:
    answer = strict.first.http.request(method, f"{PATH}/{registry_id}{suffix}", json={"n": 1})
    assert "id" in _refused(answer, 400)["details"]
