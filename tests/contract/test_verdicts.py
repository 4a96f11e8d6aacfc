"""Nothing reads "passed" unless it was checked: a check that judged nothing it applies to is
not judged or skipped, with the reason; a finding is reported on every operation that shows it;
a read-only run exercises every read; `--seed` repeats the run's requests."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import httpx

from api_spec.registries import CREATE, CREATED, DELETE, GET, ID, LIST, PAGINATION, RULES, UPDATE
from contract_tests.engine.schema import case
from contract_tests.rules.evidence import RunSeen
from contract_tests.rules.exchange import Request
from contract_tests.rules.model import Expected, Known, Model, Write
from contract_tests.run import assemble
from contract_tests.settings import Settings
from contract_tests.suite.bodies import kinds_without_rules, plain_body
from contract_tests.wire.credentials import Team, valid
from contract_tests.wire.policy import COLLECTION
from mock_server.testing import running_mock, running_reference_server

from .support import FAST, ROOT, run_against, run_suite

ECHOING = [
    "GET /container-registries",
    "POST /container-registries",
    "GET /container-registries/{id}",
    "PUT /container-registries/{id}",
    "DELETE /container-registries/{id}",
]


def outcomes(report: dict[str, Any], check: str) -> dict[str, str]:
    cells = next(c for c in report["checks"] if c["name"] == check)["operations"]
    return {operation: cell["outcome"] for operation, cell in cells.items()}


def test_an_echoed_password_fails_on_every_operation_that_echoes_it(tmp_path: Path) -> None:
    outcome = run_suite(tmp_path, ["--fault", "echo-password"], "--allow-writes", *FAST)
    assert outcome.status == 1
    cells = outcomes(outcome.report, "password_not_echoed")
    assert all(cells[operation] == "failed" for operation in ECHOING), cells


def test_a_deselected_check_never_reads_as_passed(tmp_path: Path) -> None:
    outcome = run_suite(tmp_path, [], *FAST, "-k", "test_operation")
    assert outcome.status == 0, outcome.output
    # Fuzzing fetches no registry a list showed (its ids are made up to be missing).
    shown = next(c for c in outcome.report["checks"] if c["name"] == "list_matches_get")
    assert shown["outcome"] == "skipped" and "-k" in shown["reason"], shown
    assert re.search(r"skipped +list_matches_get +not selected \(-k\)", outcome.stdout)


def test_a_vacuous_run_is_not_a_pass(tmp_path: Path) -> None:
    # Read-only, on an empty team: nothing to fetch by id from a list.
    outcome = run_suite(tmp_path, [], *FAST)
    identity = next(c for c in outcome.report["checks"] if c["name"] == "list_matches_get")
    assert identity["outcome"] in ("skipped", "not judged"), identity
    assert identity["reason"]


def test_a_read_only_run_exercises_every_read(tmp_path: Path) -> None:
    outcome = run_suite(tmp_path, [], *FAST)
    assert outcome.status == 0, outcome.output
    schema = outcomes(outcome.report, "response_schema_conformance")
    for operation in ("GET /container-registries", "GET /container-registries/{id}",
                      "GET /container-registries/{id}/test-connection"):  # fmt: skip
        assert schema[operation] == "passed", schema
    writes = outcomes(outcome.report, "create_persists")
    assert set(writes.values()) == {"skipped"}, writes


def request_sequence(base_url: str, token: str) -> list[str]:
    """The mock's log of requests, each registry id replaced by its order of appearance (a near
    miss of one, in another case, padded, cut short, extended, a look-alike, by the same name
    and the shape it was sent in)."""
    origin = httpx.URL(base_url).copy_with(path="/")
    log = httpx.get(
        str(origin.join("/_mock/requests")), headers={"Authorization": f"Bearer {token}"}
    )
    names: dict[str, str] = {}

    def name(segment: str) -> str:
        canonical = unicodedata.normalize("NFKC", segment).strip().strip("\x00").lower()
        shape = f"{len(segment)}{'U' if segment.isupper() else ''}{segment != canonical}"
        return names.setdefault(canonical[:7], f"<id{len(names)}>") + shape

    sequence = []
    for method, path in log.json()["log"]:
        head, found, rest = path.partition(COLLECTION + "/")
        segment, slash, tail = rest.partition("/")
        sequence.append(f"{method} {head}{found}{name(segment) if found else ''}{slash}{tail}")
    return sequence


def test_the_same_seed_repeats_the_same_requests(tmp_path: Path) -> None:
    # A fault whose effect does not hang on the server's own ids or clock, which no seed of
    # the suite's can repeat: the same requests then find the same violations.
    runs = []
    for attempt in range(2):
        with running_mock("--fault", "echo-password-base64", token="seeded") as mock:
            outcome = run_against(
                mock.base_url, "seeded", tmp_path / str(attempt), "--allow-writes", *FAST
            )
            runs.append((outcome.failed_checks, request_sequence(mock.base_url, "seeded")))
    (first_checks, first_requests), (second_checks, second_requests) = runs
    assert first_checks == second_checks and first_checks
    assert first_requests == second_requests


def test_a_stateful_failure_comes_with_a_script_that_replays_it(tmp_path: Path) -> None:
    with running_mock("--fault", "lost-update", token="replay") as mock:
        outcome = run_against(mock.base_url, "replay", tmp_path, "--allow-writes", *FAST)
        assert outcome.status == 1
        script = re.search(r"python3 (\S+\.py)", outcome.stdout)
        assert script is not None, outcome.stdout
        replayed = subprocess.run(
            [sys.executable, script.group(1)],
            env={**os.environ, "API_TOKEN": "replay"},
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    # The script shows the wrong answer, and says it reproduced: a test that fails.
    assert replayed.returncode == 1, replayed.stdout + replayed.stderr
    assert "<-- the answer the check found wrong" in replayed.stdout
    assert replayed.stdout.strip().splitlines()[-1].startswith("reproduced: ")
    assert "-> 200" in replayed.stdout and "DELETE" in replayed.stdout
    assert json.loads((tmp_path / "report.json").read_text())["failures"]
    assert str(ROOT) not in replayed.stdout


def test_an_update_the_stored_kinds_rules_refuse_is_a_documented_refusal() -> None:
    """A correct server refuses an update whose new URL breaks the rules of the kind it
    stores, though the body names no kind: the model predicts that the docs allow that 400
    (and still expects a create of a rule-free kind on any host accepted)."""
    kind = sorted(RULES.hosts)[0]
    free_kind = kinds_without_rules()[0]
    body = {"name": "n", "namespace": "team", "username": "robot", "password": "pw"}
    elsewhere = "registry.example.com"
    with (
        running_mock(token="t") as mock,
        httpx.Client(base_url=mock.base_url, headers={"Authorization": "Bearer t"}) as http,
    ):
        made = http.post(
            CREATE.path, json={**body, "kind": kind, RULES.member: RULES.accepted_host(kind)}
        )
        assert made.status_code == 200, made.text
        model = Model()
        stored = Known(made.json()["id"], Team.FIRST, owned=True)
        stored.members = {"kind": Expected(kind, Write.CREATE, 0)}
        model.registries[stored.id] = stored
        update = case(UPDATE, registry_id=stored.id, body={RULES.member: elsewhere})
        refused = http.put(update.formatted_path, json=update.body)
    assert refused.status_code == 400, refused.text
    prediction = model.predict(Request(update, valid("t0ken-t0ken", Team.FIRST)))
    assert prediction.success is None and 400 in prediction.allowed
    create = case(CREATE, body={**body, "kind": free_kind, RULES.member: elsewhere})
    assert model.predict(Request(create, valid("t0ken-t0ken", Team.FIRST))).success is True


def test_a_cursor_sent_with_another_order_does_not_continue_the_walk(tmp_path: Path) -> None:
    """A state machine's link may send a page's cursor with another order and page size: that
    asks for another list, so what it lists is no walk's next page, and a correct server that
    serves it (from where the cursor points, in the new order) repeats nothing of a walk."""
    with running_mock(token="walks") as mock:
        run = assemble(
            Settings(mock.base_url, "walks", allow_writes=True, ledger=tmp_path / "ledger")
        )
        client = run.client
        for number in range(5):
            body = run.marker.owned(plain_body(run.settings.run_id, f"walk-{number}"))
            client.request(CREATE, body=body)
        client.walk({PAGINATION.limit: 2})  # a walk that ends: later walks are held to it
        first = client.request(LIST, query={PAGINATION.limit: 2}).json()
        client.request(CREATE, body=run.marker.owned(plain_body(run.settings.run_id, "between")))
        other = {PAGINATION.limit: 40, str(PAGINATION.sort_direction): PAGINATION.ascending}
        client.request(LIST, query={**other, PAGINATION.cursor: first[PAGINATION.next_cursor]})
        run.engine.end(RunSeen(None, frozenset()), ())
    walk_checks = {"walk_yields_each_once", "walk_survives_writes"}
    assert not {check.name for check in run.book.failed_checks} & walk_checks, [
        (f.check.name, f.cause, f.received) for f in run.book.latest
    ]


def test_a_member_no_request_body_defines_is_not_held_to_what_was_sent(tmp_path: Path) -> None:
    """A create body carrying the registry's creation time (an unknown member to a create,
    which a server may ignore) is not failed because the server set the time itself. The
    soak found it: a fuzzed create carried `dtCreated`, and the reference server kept its own."""
    with running_reference_server("--nodelay", token="ignores") as server:
        run = assemble(
            Settings(server.base_url, "ignores", allow_writes=True, ledger=tmp_path / "ledger")
        )
        body = run.marker.owned(plain_body(run.settings.run_id, "unknown-member"))
        made = run.client.request(CREATE, body={**body, CREATED: 37081570686924813997441024})
        run.client.request(GET, registry_id=made.json()[ID])
        run.client.request(DELETE, registry_id=made.json()[ID])
        run.engine.end(RunSeen(None, frozenset()), ())
    persists = next(check for check in run.book.checks if check.name == "create_persists")
    assert run.book.check_outcome(persists)[0] == "passed", [
        (f.check.name, f.cause, f.received) for f in run.book.latest
    ]
