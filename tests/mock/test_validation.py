"""Refusals like the live API's: 400 with the fields, PARSE_ERROR, 413, 404, 405, 401."""

from __future__ import annotations

import json
from typing import Any

import pytest

from .support import PATH, Api, mock_api, new_registry

MAX_BODY = 2048


@pytest.fixture(scope="module")
def api() -> Any:
    with mock_api("--max-body-bytes", str(MAX_BODY)) as running:
        yield running


@pytest.fixture(scope="module")
def existing(api: Api) -> str:
    return str(api.create(name="validation-target")["id"])


def assert_error(answer: Any, status: int, code: str) -> dict[str, Any]:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"].startswith("application/json")
    body: dict[str, Any] = answer.json()
    assert body["code"] == code
    assert isinstance(body["message"], str) and body["message"]
    return body


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({k: v for k, v in new_registry().items() if k != "url"}, {"url"}),
        ({}, {"name", "namespace", "password", "url", "username"}),
        (new_registry(name=7), {"name"}),
        (new_registry(username=None, password=["x"]), {"username", "password"}),
        (new_registry(kind="quay"), {"kind"}),
        (new_registry(kind=None), {"kind"}),
        ([new_registry()], {"body"}),
        ("a string", {"body"}),
    ],
)
def test_create_refusals_name_the_offending_fields(
    api: Api, body: object, fields: set[str]
) -> None:
    before = len(api.stored())
    refused = assert_error(api.http.post(PATH, json=body), 400, "BAD_REQUEST")
    assert set(refused["details"]) == fields
    assert len(api.stored()) == before


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"name": None}, {"name"}),
        ({"kind": None}, {"kind"}),
        ({"url": 3, "kind": "nope"}, {"url", "kind"}),
        (["name"], {"body"}),
    ],
)
def test_update_refusals_name_the_offending_fields(
    api: Api, existing: str, body: object, fields: set[str]
) -> None:
    stored = api.http.get(f"{PATH}/{existing}").json()
    refused = assert_error(api.http.put(f"{PATH}/{existing}", json=body), 400, "BAD_REQUEST")
    assert set(refused["details"]) == fields
    assert api.http.get(f"{PATH}/{existing}").json() == stored


@pytest.mark.parametrize("raw", [b"{", b'{"name": NaN}', b"\xff\xfe", b"[1,]", b""])
def test_malformed_json_is_a_parse_error(api: Api, raw: bytes) -> None:
    headers = {"Content-Type": "application/json"}
    assert_error(api.http.post(PATH, content=raw, headers=headers), 400, "PARSE_ERROR")


def test_deeply_nested_json_is_a_parse_error_not_a_crash() -> None:
    with mock_api() as api:
        nested = b"[" * 30_000 + b"]" * 30_000  # deeper than Python's recursion limit
        assert_error(api.http.post(PATH, content=nested), 400, "PARSE_ERROR")


def test_a_body_over_the_size_limit_is_413(api: Api) -> None:
    body = json.dumps(new_registry(namespace="n" * MAX_BODY)).encode()
    assert_error(api.http.post(PATH, content=body), 413, "PAYLOAD_TOO_LARGE")

    def chunks() -> Any:  # no Content-Length: the limit holds while streaming too
        yield body[:1000]
        yield body[1000:]

    assert_error(api.http.post(PATH, content=chunks()), 413, "PAYLOAD_TOO_LARGE")


@pytest.mark.parametrize(
    ("params", "fields"),
    [
        ({"limit": 0}, {"limit"}),
        ({"limit": 121}, {"limit"}),
        ({"limit": "ten"}, {"limit"}),
        ({"order": "up"}, {"order"}),
        ({"orderBy": "name"}, {"orderBy"}),
        ({"after": "not-a-cursor"}, {"after"}),
        ({"limit": -1, "order": "x", "after": "?"}, {"limit", "order", "after"}),
    ],
)
def test_list_refusals_name_the_offending_parameters(
    api: Api, params: dict[str, Any], fields: set[str]
) -> None:
    refused = assert_error(api.http.get(PATH, params=params), 400, "BAD_REQUEST")
    assert set(refused["details"]) == fields


@pytest.mark.parametrize(
    "path", [f"{PATH}/missing", f"{PATH}/missing/test-connection", "/nothing", f"{PATH}/"]
)
def test_unknown_ids_and_routes_are_404(api: Api, path: str) -> None:
    assert_error(api.http.get(path), 404, "NOT_FOUND")


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("PATCH", PATH, "GET, POST"),
        ("DELETE", PATH, "GET, POST"),
        ("QUERY", PATH, "GET, POST"),  # outside HTTP's standard set: still the API's JSON 405
        ("POST", f"{PATH}/any", "GET, PUT, DELETE"),
        ("PUT", f"{PATH}/any/test-connection", "GET"),
    ],
)
def test_unsupported_methods_are_405_with_allow(
    api: Api, method: str, path: str, allow: str
) -> None:
    answer = api.http.request(method, path)
    assert_error(answer, 405, "METHOD_NOT_SUPPORTED")
    assert answer.headers["allow"] == allow


@pytest.mark.parametrize("authorization", [None, "Bearer wrong", "Basic bW9jaw==", "Bearer"])
@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", PATH), ("POST", PATH), ("GET", f"{PATH}/x"), ("PUT", f"{PATH}/x"),
     ("DELETE", f"{PATH}/x"), ("GET", f"{PATH}/x/test-connection")],
)  # fmt: skip
def test_every_operation_needs_the_token(
    api: Api, method: str, path: str, authorization: str | None
) -> None:
    headers = {"Authorization": authorization} if authorization else {}
    client = api.http
    answer = client.request(method, str(client.base_url) + path.lstrip("/"), headers=headers)
    if authorization is None:  # httpx would send the client's default header otherwise
        answer = client.request(
            method, str(client.base_url) + path.lstrip("/"), headers={"Authorization": ""}
        )
    assert_error(answer, 401, "UNAUTHORIZED")


def test_non_ascii_and_lone_surrogates_are_stored_and_echoed(api: Api) -> None:
    name = "r\u00e9gistre-\ud800-\U0001f433"
    raw = json.dumps(new_registry(name=name)).encode()
    answer = api.http.post(PATH, content=raw)
    assert answer.status_code == 200
    assert json.loads(answer.text)["name"] == name
