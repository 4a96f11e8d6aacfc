"""One probe per fault: does this mock show the bug the catalogue says the fault plants?

A probe looks at a mock seeded with `SEED_COUNT` registries (`seed00000`, the
oldest, to `seed00004`, all of the first team, created on 2026-01-01) and answers
True when it sees the fault's effect. The tests run each probe with its fault (it
must see it) and without (it must not). `api.second` is the mock's second team.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

import httpx

from mock_server.faults import INT_BITS, NAME_CUT, SHORT_ID, TEAM_PARAMETER, TEXT_CUT, TOKEN_PREFIX

from .support import PATH, Api, new_registry

SEED_COUNT = 5
OLDEST = "seed00000"
OLDEST_CREATED = "2026-01-01T00:00:00.000Z"  # its dtModified too, until it is updated
Probe = Callable[[Api], bool]


# Probes that change the mock's state, on a correct mock too; the others only read.
WRITING = frozenset({
    "accept-invalid", "refuse-valid", "crash-on-unicode", "lost-create", "lost-update",
    "partial-update-clears", "delete-noop", "dtmodified-regress", "list-stale",
    "echo-password-header", "empty-string-500", "cursor-offset", "update-moves-dtcreated",
    "update-refuses-unchanged", "list-shows-deleted", "list-leaks-teams", "get-across-teams",
    "update-across-teams", "delete-across-teams", "id-prefix-match", "trims-strings",
    "update-applied-then-refused",
    "truncates-long-strings", "update-revives-deleted", "test-connection-after-delete",
    "test-connection-stale-url", "list-cache-misses-deletes", "default-sort-modified",
    "update-ignores-empty", "names-cut-short", "dtmodified-frozen", "create-deduplicates",
    "update-replay-409", "delete-twice-200", "test-connection-across-teams",
    "location-names-team", "kind-fullwidth", "nul-truncates",
})  # fmt: skip
# How long the probe of `hang-on-malformed-json` waits for an answer before calling it held.
PATIENCE = 2.0
# Nesting far past Python's recursion limit, in a body under the default size limit.
DEEP = 30_000


def first(api: Api) -> dict[str, Any]:
    item: dict[str, Any] = api.page(limit=1)["items"][0]
    return item


def walk_ids(api: Api, limit: int) -> list[str]:
    return [item["id"] for page in api.walk(limit=limit, order="asc") for item in page["items"]]


def get(api: Api, registry_id: str = OLDEST) -> httpx.Response:
    return api.http.get(f"{PATH}/{registry_id}")


def put(api: Api, body: dict[str, Any], registry_id: str = OLDEST) -> httpx.Response:
    return api.http.put(f"{PATH}/{registry_id}", json=body)


def post(api: Api, **overrides: Any) -> httpx.Response:
    return api.http.post(PATH, json=new_registry(**overrides))


def listing(api: Api, token: str | None) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}" if token else ""}
    return api.http.get(PATH, headers=headers)


def updated_then_read(api: Api, body: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The answer to an update of the oldest registry, and what a get shows afterwards."""
    answer = put(api, body)
    assert answer.status_code == 200, answer.text
    return answer.json(), get(api).json()


def created_then_listed(api: Api) -> tuple[str, list[str]]:
    created = post(api, name="probe").json()["id"]
    return created, [item["id"] for item in api.page(limit=120)["items"]]


def always_throttled(api: Api) -> bool:
    answers = [api.http.get(PATH) for _ in range(3)]
    return all(a.status_code == 429 and a.headers.get("retry-after") == "1" for a in answers)


def last_page(api: Api) -> dict[str, Any]:
    return api.page(limit=SEED_COUNT)


def repeated_after_a_create(api: Api) -> bool:
    """A create between two pages of a newest-first walk: does the second page repeat one?"""
    first_page = api.page(limit=2, order="desc")
    post(api, name="between-pages")
    second = api.page(limit=2, order="desc", after=first_page["nextPage"])
    return first_page["items"][-1]["id"] in [item["id"] for item in second["items"]]


def deleted_but_listed(api: Api) -> bool:
    assert api.http.delete(f"{PATH}/{OLDEST}").status_code == 200
    listed = [item["id"] for page in api.walk(limit=120) for item in page["items"]]
    return get(api).status_code == 404 and OLDEST in listed


def tested(api: Api, registry_id: str = OLDEST) -> dict[str, Any]:
    """A registry's test-connection answer (the seeds' host is not one the mock contacts)."""
    body: dict[str, Any] = api.http.get(f"{PATH}/{registry_id}/test-connection").json()
    return body


def modified_moves_after(api: Api, read: Callable[[], object]) -> bool:
    before = get(api).json()["dtModified"]
    read()
    return bool(get(api).json()["dtModified"] != before)


def docker_auth(api: Api) -> str:
    return base64.b64decode(first(api).get("auth", "")).decode()


def listed_ids(api: Api) -> list[str]:
    return [item["id"] for page in api.walk(limit=7) for item in page["items"]]


def theirs(api: Api) -> str:
    """The id of a registry the second team creates."""
    created: str = api.second.create(name="theirs")["id"]
    return created


def changed_across_teams(api: Api) -> bool:
    registry_id = theirs(api)
    answer = put(api, {"name": "changed-by-the-first"}, registry_id)
    seen = api.second.http.get(f"{PATH}/{registry_id}").json()
    return answer.status_code == 200 and seen["name"] == "changed-by-the-first"


def applied_then_refused(api: Api) -> bool:
    registry_id = theirs(api)
    answer = put(api, {"name": "changed-by-the-first"}, registry_id)
    seen = api.second.http.get(f"{PATH}/{registry_id}").json()
    return answer.status_code == 404 and seen["name"] == "changed-by-the-first"


def deleted_across_teams(api: Api) -> bool:
    registry_id = theirs(api)
    answer = api.http.delete(f"{PATH}/{registry_id}")
    return answer.status_code == 200 and get(api.second, registry_id).status_code == 404


def found_by_prefix(api: Api) -> bool:
    created: str = post(api, name="short-id").json()["id"]
    return bool(get(api, created[:SHORT_ID]).json().get("id") == created)


def near_tokens_accepted(api: Api) -> bool:
    token = api.mock.token
    assert len(token) > TOKEN_PREFIX, "the probe needs a token longer than the compared part"
    changed = token[:TOKEN_PREFIX] + "-not-" + token[TOKEN_PREFIX:]
    return all(listing(api, near).status_code == 200 for near in (token + "x", changed))


def limit_read_as_prefix(api: Api) -> bool:
    answers = [api.http.get(PATH, params={"limit": text}) for text in ("2abc", "1.5", "3 ")]
    sizes = [len(a.json()["items"]) if a.status_code == 200 else None for a in answers]
    return sizes == [2, 1, 3]


def deleted_then(api: Api, after: Callable[[], httpx.Response]) -> httpx.Response:
    """What `after` answers once the oldest registry is deleted."""
    assert api.http.delete(f"{PATH}/{OLDEST}").status_code == 200
    return after()


def revived(api: Api) -> bool:
    answer = deleted_then(api, lambda: put(api, {"name": "revived"}))
    return answer.status_code == 200 and get(api).status_code == 200 and OLDEST in listed_ids(api)


def tested_after_delete(api: Api) -> bool:
    answer = deleted_then(api, lambda: api.http.get(f"{PATH}/{OLDEST}/test-connection"))
    return answer.status_code == 200 and answer.json().get("success") is False


def tested_by_created_url(api: Api) -> bool:
    """A registry moved to a host that never resolves tests as reachable, while one created
    there does not (the stub judges the URL as created, not the current one)."""
    moved = post(api, name="moved", url="ghcr.io").json()["id"]
    assert put(api, {"url": "registry.example.invalid"}, moved).status_code == 200
    born = post(api, name="born", url="registry.example.invalid").json()["id"]
    outcomes = [tested(api, registry_id).get("success") for registry_id in (moved, born)]
    return outcomes == [True, False]


def archived(api: Api) -> bool:
    """The oldest seed, created 2026-01-01 (over 30 days before any run), is listed but get
    does not find it."""
    return get(api).status_code == 404 and OLDEST in listed_ids(api)


def held(api: Api) -> bool:
    """A body that is not JSON gets no answer within `PATIENCE`, while others are answered."""
    try:
        api.http.post(PATH, content=b"{", timeout=PATIENCE)
    except httpx.ReadTimeout:
        return api.http.get(PATH).status_code == 200
    return False


def stale_until_a_write(api: Api) -> bool:
    """The oldest, deleted, stays listed (get says 404) until the team's next create."""
    if not deleted_but_listed(api):
        return False
    post(api, name="refreshes-the-list")
    return OLDEST not in listed_ids(api)


def sorted_by_modified(api: Api) -> bool:
    """Once the oldest is updated, a list that names no `orderBy` opens with it."""
    assert put(api, {"name": "touched"}).status_code == 200
    return bool(first(api)["id"] == OLDEST)


def created_twice(api: Api) -> bool:
    """Two creates of one body make one registry."""
    ids = [post(api, name="twice").json()["id"] for _ in range(2)]
    return bool(ids[0] == ids[1])


def read_twice_differs(api: Api) -> bool:
    """The same cursor read twice gives two different pages."""
    cursor = api.page(limit=2, order="asc")["nextPage"]
    reads = [api.page(limit=2, order="asc", after=cursor)["items"] for _ in range(2)]
    return bool(reads[0] != reads[1])


def replay_refused(api: Api) -> bool:
    answers = [put(api, {"name": "again"}) for _ in range(2)]
    statuses = [answer.status_code for answer in answers]
    return statuses == [200, 409] and answers[1].json()["code"] == "CONFLICT"


def deleted_twice(api: Api) -> bool:
    answers = [api.http.delete(f"{PATH}/{OLDEST}") for _ in range(2)]
    statuses = [answer.status_code for answer in answers]
    return (
        statuses == [200, 200] and answers[1].json()["id"] == OLDEST and get(api).status_code == 404
    )


def walked_across_teams(api: Api) -> bool:
    """The first team's cursor, used by the second team, goes on with the first team's walk."""
    cursor = api.page(limit=2, order="asc")["nextPage"]
    items = api.second.page(limit=2, order="asc", after=cursor)["items"]
    return [item["id"] for item in items] == ["seed00002", "seed00003"]


def impersonating_location(api: Api) -> bool:
    """The second team's create names its team in `Location`; with that parameter the first
    team's get finds the registry."""
    created = api.second.http.post(PATH, json=new_registry(name="theirs"))
    registry_id = created.json()["id"]
    query = f"{TEAM_PARAMETER}=1"
    seen = get(api, f"{registry_id}?{query}")
    location = created.headers.get("location", "")
    return location.endswith(f"{PATH}/{registry_id}?{query}") and seen.status_code == 200


def ascending_in_capitals(api: Api) -> bool:
    answer = api.http.get(PATH, params={"order": "ASC"})
    return answer.status_code == 200 and answer.json()["items"][0]["id"] == OLDEST


def cursor_in_another_case(api: Api) -> bool:
    cursor = api.page(limit=2)["nextPage"]
    answer = api.http.get(PATH, params={"limit": 2, "after": cursor.swapcase()})
    return answer.status_code == 200 and answer.json() == api.page(limit=2, after=cursor)


def crash_on_every_non_object(api: Api) -> bool:
    bodies = (b"[]", b'"text"', b"7", b"null")
    return all(api.http.post(PATH, content=raw).status_code == 500 for raw in bodies)


PROBES: dict[str, Probe] = {
    "missing-field": lambda api: "namespace" not in first(api),
    "id-as-number": lambda api: isinstance(first(api)["id"], int),
    "kind-out-of-enum": lambda api: first(api)["kind"] == "Other",
    "timestamp-not-datetime": lambda api: isinstance(first(api)["dtCreated"], int),
    "null-required": lambda api: first(api)["username"] is None,
    "test-connection-shape": lambda api: (
        api.http.get(f"{PATH}/{OLDEST}/test-connection").json() == {"ok": True}
    ),
    "success-text-plain": lambda api: (
        api.http.get(PATH).headers["content-type"].startswith("text/plain")
    ),
    "error-plain-text": lambda api: (
        get(api, "missing").headers["content-type"].startswith("text/plain")
    ),
    "error-missing-code": lambda api: "code" not in get(api, "missing").json(),
    "unknown-id-500": lambda api: get(api, "missing").status_code == 500,
    "unknown-id-401": lambda api: (
        (answer := get(api, "missing")).status_code == 401
        and answer.json()["code"] == "UNAUTHORIZED"
    ),
    "accept-invalid": lambda api: (
        api.http.post(PATH, json={"name": "half"}).status_code == 200
        and api.stored()[-1]["namespace"] == ""
    ),
    "limit-unchecked": lambda api: api.http.get(PATH, params={"limit": 121}).status_code == 200,
    "refuse-valid": lambda api: post(api, name="nine-char").status_code == 400,
    "parse-error-500": lambda api: api.http.post(PATH, content=b"{").status_code == 500,
    "crash-on-unicode": lambda api: post(api, name="caf\u00e9").status_code == 500,
    "no-auth": lambda api: listing(api, None).status_code == 200,
    "any-token": lambda api: listing(api, "not-the-token").status_code == 200,
    "auth-wrong-status": lambda api: (
        listing(api, "not-the-token").status_code == 403
        and listing(api, None).json()["code"] == "FORBIDDEN"
    ),
    "page-overflow": lambda api: len(api.page(limit=2)["items"]) == 3,
    "wrong-order": lambda api: api.page(order="desc")["items"][0]["id"] == OLDEST,
    "default-order-asc": lambda api: api.page()["items"][0]["id"] == OLDEST,
    "cursor-skip": lambda api: len(set(ids := walk_ids(api, 2))) == len(ids) < SEED_COUNT,
    "cursor-repeat": lambda api: len(set(ids := walk_ids(api, 2))) < len(ids),
    "hasmore-without-next": lambda api: (
        (last_page(api)["hasMore"], last_page(api)["nextPage"]) == (True, None)
    ),
    "nextpage-on-last": lambda api: (
        last_page(api)["hasMore"] is False and isinstance(last_page(api)["nextPage"], str)
    ),
    "empty-last-page": lambda api: [len(p["items"]) for p in api.walk(limit=5)] == [5, 0],
    "cursor-ignored": lambda api: (
        api.page(limit=2, after=api.page(limit=2)["nextPage"]) == api.page(limit=2)
    ),
    "lost-create": lambda api: (
        post(api, name="lost").status_code == 200 and len(api.stored()) == SEED_COUNT
    ),
    "lost-update": lambda api: (
        (pair := updated_then_read(api, {"name": "renamed"}))[0]["name"] == "renamed"
        and pair[1]["name"] != "renamed"
    ),
    "partial-update-clears": lambda api: (
        updated_then_read(api, {"name": "renamed"})[1]["namespace"] == ""
    ),
    "delete-noop": lambda api: (
        api.http.delete(f"{PATH}/{OLDEST}").status_code == 200 and get(api).status_code == 200
    ),
    "dtmodified-regress": lambda api: (
        (body := updated_then_read(api, {"name": "x"})[1])["dtModified"] < body["dtCreated"]
    ),
    "list-stale": lambda api: (pair := created_then_listed(api))[0] not in pair[1],
    "get-wrong-id": lambda api: get(api).json()["id"] != OLDEST,
    "echo-password": lambda api: first(api).get("password") == "password-4",
    "echo-password-header": lambda api: (
        post(api, password="p@ss word").headers.get("x-debug-password") == "p%40ss%20word"
    ),
    "empty-string-500": lambda api: post(api, namespace="").status_code == 500,
    "max-limit-500": lambda api: api.http.get(PATH, params={"limit": 120}).status_code == 500,
    "throttle-forever": always_throttled,
    "cursor-offset": repeated_after_a_create,
    "update-moves-dtcreated": lambda api: (
        updated_then_read(api, {"name": "moved"})[1]["dtCreated"] != OLDEST_CREATED
    ),
    "update-refuses-unchanged": lambda api: put(api, {"namespace": "team"}).status_code == 400,
    "list-shows-deleted": deleted_but_listed,
    "echo-password-base64": lambda api: docker_auth(api) == "robot:password-4",
    "test-connection-leaks": lambda api: "password-0" in tested(api).get("error", ""),
    "list-timezone": lambda api: (
        first(api)["dtCreated"] != get(api, first(api)["id"]).json()["dtCreated"]
    ),
    "get-touches": lambda api: modified_moves_after(api, lambda: get(api)),
    "test-connection-touches": lambda api: modified_moves_after(api, lambda: tested(api)),
    "clock-skew": lambda api: get(api).json()["dtCreated"] == "2026-01-01T02:00:00.000Z",
    "test-connection-always-succeeds": lambda api: tested(api).get("success") is True,
    "huge-page": lambda api: len(api.http.get(PATH).content) > 8 * 1024 * 1024,
    "list-leaks-teams": lambda api: theirs(api) in listed_ids(api),
    "get-across-teams": lambda api: get(api, theirs(api)).status_code == 200,
    "update-across-teams": changed_across_teams,
    "update-applied-then-refused": applied_then_refused,
    "delete-across-teams": deleted_across_teams,
    "id-case-insensitive": lambda api: get(api, OLDEST.upper()).json().get("id") == OLDEST,
    "id-prefix-match": found_by_prefix,
    "token-prefix-match": near_tokens_accepted,
    "limit-parses-prefix": limit_read_as_prefix,
    "trims-strings": lambda api: (
        [post(api, name=name).json()["name"] for name in ("  padded \t", "   ")] == ["padded", ""]
    ),
    "truncates-long-strings": lambda api: (
        post(api, name="n" * (TEXT_CUT + 50)).json()["name"] == "n" * TEXT_CUT
    ),
    "echo-invalid-body": lambda api: (
        "password-in-a-bad-body" in post(api, name=7, password="password-in-a-bad-body").text
    ),
    "update-revives-deleted": revived,
    "test-connection-after-delete": tested_after_delete,
    "test-connection-stale-url": tested_by_created_url,
    "get-archived-404": archived,
    "hang-on-malformed-json": held,
    "cursor-advances-on-read": read_twice_differs,
    "update-ignores-empty": lambda api: all(
        body["namespace"] == "team" for body in updated_then_read(api, {"namespace": ""})
    ),
    "dtmodified-frozen": lambda api: (
        updated_then_read(api, {"name": "x"})[1]["dtModified"] == OLDEST_CREATED
    ),
    "create-deduplicates": created_twice,
    "update-replay-409": replay_refused,
    "default-sort-modified": sorted_by_modified,
    "list-leaks-newest-other-team": lambda api: get(api, first(api)["id"]).status_code == 404,
    "cursor-crosses-teams": walked_across_teams,
    "test-connection-across-teams": lambda api: (
        api.http.get(f"{PATH}/{theirs(api)}/test-connection").status_code == 200
    ),
    "location-names-team": impersonating_location,
    "names-cut-short": lambda api: (
        post(api, name="n" * (NAME_CUT + 10)).json()["name"] == "n" * NAME_CUT
    ),
    "nul-truncates": lambda api: post(api, name="ab\u0000cd").json()["name"] == "ab",
    "token-case-insensitive": lambda api: (
        listing(api, api.mock.token.swapcase()).status_code == 200
    ),
    "id-trailing-space": lambda api: get(api, OLDEST + "  ").json().get("id") == OLDEST,
    "enum-case-insensitive": ascending_in_capitals,
    "kind-fullwidth": lambda api: (
        post(api, kind="\uff47\uff48\uff43\uff52").json().get("kind") == "ghcr"
    ),
    "limit-whitespace": lambda api: (
        len(api.http.get(PATH, params={"limit": " 2 "}).json().get("items", [])) == 2
    ),
    "cursor-case-insensitive": cursor_in_another_case,
    "delete-twice-200": deleted_twice,
    "list-cache-misses-deletes": stale_until_a_write,
    "id-nul-500": lambda api: get(api, OLDEST + "%00").status_code == 500,
    "deep-json-500": lambda api: (
        api.http.post(PATH, content=b"[" * DEEP + b"]" * DEEP).status_code == 500
    ),
    "non-object-body-500": crash_on_every_non_object,
    "big-int-500": lambda api: post(api, name=2 ** (INT_BITS + 6)).status_code == 500,
}
