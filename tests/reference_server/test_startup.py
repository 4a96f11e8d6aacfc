"""The reference server's start-up: the serving line, one-line refusals with exit 2, and a
clean stop on SIGTERM."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys

import pytest

from mock_server.testing import running_reference_server

from .support import PATH, ROOT, SECOND_TOKEN, TOKEN, api_of


def test_serving_line_names_the_port_and_the_base_path() -> None:
    with api_of("--base-path", "/api/v9/", "--nodelay") as api:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/api/v9", api.mock.base_url)
        assert api.http.get(PATH).status_code == 200
        elsewhere = api.http.get(api.origin + "v1" + PATH)
        assert elsewhere.status_code == 404
        assert elsewhere.json()["code"] == "NOT_FOUND"


def test_refuses_to_start_without_a_token_or_on_a_taken_port() -> None:
    env = {k: v for k, v in os.environ.items() if k != "API_TOKEN"}
    command = [sys.executable, "-m", "reference_server", "--port", "0"]
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
    with running_reference_server(token=TOKEN) as server:
        server.process.terminate()
        assert server.process.wait(timeout=10) == 0


def _start(*args: str) -> subprocess.CompletedProcess[str]:
    """The server started with `args` and no token in the environment, expected to refuse."""
    env = {k: v for k, v in os.environ.items() if k not in ("API_TOKEN", "SECOND_API_TOKEN")}
    command = [sys.executable, "-m", "reference_server", "--port", "0", *args]
    return subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=30, check=False
    )


@pytest.mark.parametrize(
    "args",
    [
        ("--token", TOKEN, "--second-token", TOKEN),
        ("--token", TOKEN, "--pad-list-bytes", "-1"),
        ("--token", TOKEN, "--stop-answering-after", "many"),
        ("--token", TOKEN, "--no-such-option"),
        ("--second-token", SECOND_TOKEN),
        ("--token", TOKEN, "--list-lag", "-1"),
        ("--token", TOKEN, "--list-lag", "0.5"),
        ("--token", TOKEN, "--unavailable-every", "0"),
        ("--token", TOKEN, "--close-every", "0"),
        ("--token", TOKEN, "--preexisting", "-3"),
    ],
    ids=[
        "same tokens",
        "negative count",
        "not a number",
        "unknown option",
        "second token only",
        "negative lag",
        "fractional lag",
        "unavailable every 0",
        "close every 0",
        "negative preexisting",
    ],
)
def test_a_bad_start_is_one_line_and_exit_2(args: tuple[str, ...]) -> None:
    refused = _start(*args)
    assert refused.returncode == 2, refused.stdout
    lines = refused.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("reference_server: "), refused.stderr
    assert TOKEN not in refused.stderr and SECOND_TOKEN not in refused.stderr  # no secret echoed
