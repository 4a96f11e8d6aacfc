"""The suite's manners with servers that are not the mock: HTTP done as a good client does it
(keep-alive, never a request after `Connection: close`), Retry-After in both of its forms, a
server that stops answering or sends a huge body ends the run quickly and clearly, and a long
run shows its progress."""

from __future__ import annotations

import os
import pty
import re
import resource
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from contract_tests.connect import wire_for
from contract_tests.settings import Settings
from mock_server.testing import running_reference_server
from tests.loopback import serve

from .support import FAST, ROOT, run_against, suite_command, suite_env

TOKEN = "manners-token"


def connections(base_url: str) -> list[dict[str, int]]:
    origin = httpx.URL(base_url).copy_with(path="/")
    answer = httpx.get(f"{origin}_stdlib/connections", headers={"Authorization": f"Bearer {TOKEN}"})
    found: list[dict[str, int]] = answer.json()["connections"]
    return found


@pytest.mark.parametrize("nodelay", [False, True], ids=["no TCP_NODELAY", "TCP_NODELAY"])
def test_a_correct_keep_alive_server_passes_over_few_connections(
    nodelay: bool, tmp_path: Path
) -> None:
    args = ["--nodelay"] if nodelay else []
    with running_reference_server(*args, token=TOKEN) as server:
        outcome = run_against(server.base_url, TOKEN, tmp_path, "--allow-writes", *FAST)
        opened = connections(server.base_url)
    assert outcome.status == 0, outcome.output
    requests = sum(connection["requests"] for connection in opened)
    # Kept alive: a handful of connections (one per credential, the preflight, the odd answer
    # cut short) carry hundreds of requests.
    assert requests > 100 and len(opened) < requests / 20, (len(opened), requests)


def test_a_server_that_stops_answering_ends_the_run_with_exit_2(tmp_path: Path) -> None:
    with running_reference_server("--stop-answering-after", "40", token=TOKEN) as server:
        started = time.monotonic()
        outcome = run_against(
            server.base_url, TOKEN, tmp_path, "--allow-writes", "--timeout", "1", *FAST
        )
        took = time.monotonic() - started
    assert outcome.status == 2, outcome.output
    last = outcome.output.strip().splitlines()[-1]
    assert "the server stopped answering" in outcome.output and "Traceback" not in outcome.output
    assert took < 60, took
    assert last  # the run ends with a line, not a hang
    # Each request that got no answer is a finding, with the request that shows it.
    assert "FAILED answers_every_request: no answer" in outcome.stdout, outcome.stdout
    group = next(g for g in outcome.report["failures"] if g["check"] == "answers_every_request")
    assert group["example"]["curl"].startswith("curl -H"), group


def test_a_huge_body_is_a_finding_read_no_further(tmp_path: Path) -> None:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    with running_reference_server("--pad-list-bytes", str(50 * 1024 * 1024), token=TOKEN) as server:
        started = time.monotonic()
        outcome = run_against(server.base_url, TOKEN, tmp_path, *FAST)
        took = time.monotonic() - started
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert outcome.status == 1, outcome.output
    assert "response_size_bounded" in outcome.failed_checks
    assert took < 120, took
    # The suite reads 4 MiB of an answer at most; 50 MiB bodies never sit in its memory.
    assert max(peak_kib, before) < 400 * 1024, peak_kib


def throttling_app(hits: list[float]) -> Starlette:
    """Answers the first request 429 with Retry-After as an HTTP-date two seconds ahead."""

    async def page(request: Request) -> Response:
        hits.append(time.monotonic())
        if len(hits) == 1:
            when = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(time.time() + 2))
            return JSONResponse(
                {"code": "TOO_MANY_REQUESTS", "message": "slow down"}, 429, {"Retry-After": when}
            )
        return JSONResponse({"items": [], "hasMore": False, "nextPage": None})

    return Starlette(routes=[Route("/container-registries", page)])


def test_retry_after_as_a_date_is_waited_out(tmp_path: Path) -> None:
    hits: list[float] = []
    with serve(lambda _: throttling_app(hits)) as url:
        wire = wire_for(Settings(url, "layer-token", ledger=tmp_path / "ledger"))
        answer = wire.session().get(wire.url("/container-registries"))
    assert answer.status_code == 200
    assert len(hits) == 2 and hits[1] - hits[0] >= 0.9, hits
    assert wire.guards.pacer.recovered == {("GET", "/container-registries")}


def test_progress_off_a_terminal_is_one_line_per_test(tmp_path: Path) -> None:
    with running_reference_server("--nodelay", token=TOKEN) as server:
        # The auth tests have names too long for a line, and one request each.
        select = "test_walk or test_refuses"
        outcome = run_against(server.base_url, TOKEN, tmp_path, *FAST, "-k", select)
    assert outcome.status == 0, outcome.output
    lines = [line for line in outcome.output.splitlines() if line.startswith("test_")]
    assert any("..." in line for line in lines) and any("(1 request," in line for line in lines)
    assert any(line.startswith("test_walk") for line in lines), outcome.output
    # Whole: the test's name is shortened to fit, never its outcome; one request is singular.
    ending = re.compile(r": (passed|failed|skipped) \((1 request|\d+ requests), \d+\.\d s\)$")
    assert all(ending.search(line) and len(line) <= 100 for line in lines), lines


def on_a_terminal(command: list[str]) -> Iterator[str]:
    """Run `command` with its stderr on a pseudo-terminal; yield what it writes there."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        command, cwd=ROOT, env=suite_env(TOKEN), stdout=subprocess.DEVNULL, stderr=follower
    )
    os.close(follower)
    try:
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:
                break
            if not chunk:
                break
            yield chunk.decode("utf-8", "replace")
    finally:
        process.wait(timeout=120)
        os.close(leader)


def test_progress_on_a_terminal_is_a_status_line(tmp_path: Path) -> None:
    # A server without TCP_NODELAY and a slow rate: the run lasts the few seconds a status
    # line needs to refresh.
    with running_reference_server("--nodelay", token=TOKEN) as server:
        command = suite_command(
            server.base_url, tmp_path, *FAST, "--rate-limit", "40/s", "-k", "test_walk"
        )
        written = "".join(on_a_terminal(command))
    assert "\r" in written and re.search(r" \d+ requests?", written), written[-500:]
    assert "test_walk" in written, written[-500:]
