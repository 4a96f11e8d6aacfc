"""Input a little off a valid one, against a correct mock: refused as what it is (an id it does
not hold, a value outside an enum, a cursor it never issued, a token it does not know), never
taken for the valid one it resembles."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from .support import PATH, Api, mock_api, new_registry, seed_registries, write_seed

TARGET = "seed00001"
FULLWIDTH_GHCR = "\uff47\uff48\uff43\uff52"


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    seed = write_seed(tmp_path_factory.mktemp("near") / "seed.json", seed_registries(3))
    with mock_api("--seed-file", seed) as running:
        yield running


def refused(answer: httpx.Response, status: int) -> dict[str, Any]:
    assert answer.status_code == status, answer.text
    body: dict[str, Any] = answer.json()
    assert isinstance(body["code"], str) and isinstance(body["message"], str)
    return body


BY_ID = [("GET", ""), ("PUT", ""), ("DELETE", ""), ("GET", "/test-connection")]


@pytest.mark.parametrize(("method", "tail"), BY_ID)
@pytest.mark.parametrize("near", [f"{TARGET}%00", f"{TARGET}%20%20", TARGET.upper()])
def test_an_id_a_little_off_is_404(api: Api, method: str, tail: str, near: str) -> None:
    body = {"name": "x"} if method == "PUT" else None
    answer = api.http.request(method, f"{PATH}/{near}{tail}", json=body)
    assert refused(answer, 404)["code"] == "NOT_FOUND"
    assert api.http.get(f"{PATH}/{TARGET}").json()["name"] == "seed-1"


@pytest.mark.parametrize(
    "query",
    ["order=DESC", "order=%20desc", "orderBy=DTCREATED", "limit=%205", "limit=5%00", "limit=5%20"],
)
def test_a_query_value_a_little_off_is_400(api: Api, query: str) -> None:
    name = query.partition("=")[0]
    assert set(refused(api.http.get(f"{PATH}?{query}"), 400)["details"]) == {name}


@pytest.mark.parametrize("kind", ["GHCR", "Ghcr", FULLWIDTH_GHCR, "ghcr "])
def test_a_kind_a_little_off_is_400(api: Api, kind: str) -> None:
    before = api.stored()
    created = api.http.post(PATH, json=new_registry(kind=kind, url="ghcr.io"))
    updated = api.http.put(f"{PATH}/{TARGET}", json={"kind": kind})
    for answer in (created, updated):
        assert set(refused(answer, 400)["details"]) == {"kind"}
    assert api.stored() == before


def cursor(api: Api) -> str:
    issued: str = api.page(limit=1)["nextPage"]
    assert issued != issued.swapcase(), "the test needs a cursor with letters"
    return issued


@pytest.mark.parametrize(
    "bend",
    [str.swapcase, lambda c: c + " ", lambda c: c + "x", lambda c: c + "A", lambda c: c + "="],
    ids=["case", "space", "x", "A", "padding"],
)
def test_a_cursor_a_little_off_is_400(api: Api, bend: Any) -> None:
    answer = api.http.get(PATH, params={"limit": 1, "after": bend(cursor(api))})
    assert set(refused(answer, 400)["details"]) == {"after"}


def test_the_cursor_as_issued_is_taken(api: Api) -> None:
    assert api.http.get(PATH, params={"limit": 1, "after": cursor(api)}).status_code == 200


@pytest.mark.parametrize(
    "bend",
    [
        str.swapcase,
        lambda t: t + "\u00a0",  # a no-break space: not a blank HTTP strips from the value
        lambda t: t + " x",
        lambda t: t + "x",
    ],
    ids=["case", "no-break-space", "space-inside", "extra"],
)
def test_a_token_a_little_off_is_401(api: Api, bend: Any) -> None:
    header = f"Bearer {bend(api.mock.token)}".encode("latin-1")
    answer = api.http.get(PATH, headers={b"Authorization": header})
    assert refused(answer, 401)["code"] == "UNAUTHORIZED"


def test_blanks_http_allows_around_the_token_are_not_part_of_it() -> None:
    with mock_api() as api:
        answer = api.http.get(PATH, headers={"Authorization": f"Bearer \t {api.mock.token}"})
    assert answer.status_code == 200
