"""The reference server's HTTP layer over real sockets: JSON refusals, keep-alive, a client
that closes, and the two misbehaviours for tests of a client's manners."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator

import httpx
import pytest

from .support import PAGINATION, PATH, TOKEN, Api, Raw, api_of, new_registry

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


# --- Framing, over a raw socket --------------------------------------------------------------


@pytest.fixture
def raw(api: Api) -> Iterator[Raw]:
    connection = Raw(api)
    try:
        yield connection
    finally:
        connection.close()


def chunked(data: bytes, size: int = 7) -> bytes:
    pieces = [data[i : i + size] for i in range(0, len(data), size)]
    framed = b"".join(b"%x;ext=1\r\n%s\r\n" % (len(p), p) for p in pieces)
    return framed + b"0\r\nX-Trailer: dropped\r\n\r\n"


def test_a_chunked_body_is_read_and_the_connection_kept(raw: Raw) -> None:
    body = json.dumps(new_registry(name="chunked")).encode()
    raw.send("POST {path} HTTP/1.1\nTransfer-Encoding: chunked\nContent-Type: application/json",
             chunked(body))  # fmt: skip
    status, _, created = raw.answer()
    assert status.startswith("HTTP/1.1 200"), created
    assert json.loads(created)["name"] == "chunked"
    raw.send("GET {path} HTTP/1.1")
    status, _, listed = raw.answer()
    assert status.startswith("HTTP/1.1 200")
    assert [item["name"] for item in json.loads(listed)[PAGINATION.results]] == ["chunked"]


@pytest.mark.parametrize("size_line", [b"zz", b"-1", b"0x5", b""])
def test_a_chunk_size_that_is_not_hex_is_refused_and_closes(raw: Raw, size_line: bytes) -> None:
    raw.send("POST {path} HTTP/1.1\nTransfer-Encoding: chunked", size_line + b"\r\nabcde\r\n")
    status, headers, body = raw.answer()
    assert status.startswith("HTTP/1.1 400")
    assert headers["content-type"].startswith("application/json")
    assert json.loads(body)["code"] == "BAD_REQUEST"
    assert raw.closed()


def test_two_framings_at_once_are_answered_then_closed(raw: Raw) -> None:
    body = json.dumps(new_registry()).encode()
    head = f"POST {{path}} HTTP/1.1\nTransfer-Encoding: chunked\nContent-Length: {len(body)}"
    raw.send(head, chunked(body))
    status, _, _ = raw.answer()
    assert status.startswith("HTTP/1.1 200")
    assert raw.closed()


def test_a_refused_body_is_drained_so_the_next_request_is_read(raw: Raw) -> None:
    big = b"x" * (64 * 1024 + 10)
    raw.send(f"POST {{path}} HTTP/1.1\nContent-Length: {len(big)}", big)
    assert raw.answer()[0].startswith("HTTP/1.1 413")
    raw.send("GET {path} HTTP/1.1")
    assert raw.answer()[0].startswith("HTTP/1.1 200")


def test_any_method_and_a_broken_request_are_answered_in_json(raw: Raw) -> None:
    raw.send("FOO {path} HTTP/1.1")
    status, headers, body = raw.answer()
    assert status.startswith("HTTP/1.1 405")
    assert json.loads(body)["code"] == "METHOD_NOT_SUPPORTED" and headers["allow"]
    raw.sock.sendall(b"NONSENSE\r\n\r\n")
    status, headers, body = raw.answer()
    assert status.startswith("HTTP/1.1 400")
    assert "connection" not in headers
    assert json.loads(body)["code"] == "BAD_REQUEST"
    assert raw.closed()


def test_json_is_utf8_with_its_charset(api: Api) -> None:
    answer = api.http.post(PATH, json=new_registry(name="Zürich ☃"))
    assert answer.headers["Content-Type"] == "application/json; charset=utf-8"
    assert "Zürich ☃".encode() in answer.content


def test_a_wrong_token_is_told_it_is_invalid(api: Api) -> None:
    missing = httpx.get(api.mock.base_url + PATH)
    wrong = httpx.get(api.mock.base_url + PATH, headers={"Authorization": "Bearer nope"})
    assert missing.headers["WWW-Authenticate"] == "Bearer"
    assert wrong.headers["WWW-Authenticate"] == 'Bearer error="invalid_token"'
