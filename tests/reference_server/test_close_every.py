"""`--close-every N` over real HTTP: a connection's Nth request is answered with
`Connection: close`, then the connection is closed, as proxies recycle kept-alive ones."""

from __future__ import annotations

import json

from .support import PAGINATION, PATH, Raw, api_of


def test_the_third_answer_says_close_and_the_connection_ends() -> None:
    with api_of("--nodelay", "--close-every", "3") as api:
        raw = Raw(api)
        try:
            for _ in range(2):
                raw.send("GET {path} HTTP/1.1")
                status, headers, body = raw.answer()
                assert status.startswith("HTTP/1.1 200") and "connection" not in headers
            raw.send("GET {path} HTTP/1.1")
            status, headers, body = raw.answer()
            assert status.startswith("HTTP/1.1 200")
            assert headers["connection"] == "close"
            assert json.loads(body)[PAGINATION.results] == []  # a whole answer, then the end
            assert raw.closed()
        finally:
            raw.close()


def test_a_client_reconnects_and_every_connection_carries_n_requests() -> None:
    with api_of("--nodelay", "--close-every", "3") as api:
        answers = [api.http.get(PATH) for _ in range(6)]
        assert all(answer.status_code == 200 for answer in answers)
        closing = [answer.headers.get("Connection") for answer in answers]
        assert closing == [None, None, "close"] * 2
        inspected = api.http.get(api.origin + "_stdlib/connections").json()  # every request counts
        assert [c["requests"] for c in inspected["connections"]] == [3, 3, 1]


def test_a_refusal_can_be_the_one_that_closes() -> None:
    with api_of("--nodelay", "--close-every", "1") as api:
        answer = api.http.get(f"{PATH}/missing")
        assert answer.status_code == 404 and answer.headers["Connection"] == "close"
        assert answer.json()["code"] == "NOT_FOUND"
