"""Start the real mock from a test: `with running_mock("--fault", "no-auth") as mock: ...`.

`running_reference_server(...)` starts the reference server (`reference_server`, the second
implementation, on http.server) the same way.
`RunningMock` reads what the mock holds and has seen (`/_mock/...`), and `seed_registries` /
`write_seed` build a `--seed-file`.

The mock serves two teams: `token` is the first's, `second_token` the second's (by default
`team-2-<token>`, which does not begin with the first token, so it says nothing about how a
server compares tokens).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

import httpx

SERVING = "mock_server: serving "
REFERENCE_MODULE = "reference_server"
SECOND_TOKEN = "SECOND_API_TOKEN"  # the variable that carries the second team's token
START_TIMEOUT = 30.0  # seconds; generous, since a 100,000-registry seed takes a while
# The folder holding the `mock_server` package, so `-m mock_server` works from any cwd.
_PACKAGE_PARENT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class RunningMock:
    base_url: str
    token: str  # the first team's
    process: ServerProcess
    second_token: str | None = None  # the second team's, if the caller knows one

    def inspect(self, what: str) -> Any:
        """`/_mock/<what>` of the mock: its inspection endpoints sit beside the API's base path
        and see every team."""
        origin = httpx.URL(self.base_url).copy_with(path="/")
        answer = httpx.get(
            str(origin.join(f"/_mock/{what}")), headers={"Authorization": f"Bearer {self.token}"}
        )
        answer.raise_for_status()
        return answer.json()

    def registries(self) -> list[dict[str, Any]]:
        """Every stored registry of every team in full, creation order, passwords as digests,
        each with `team`, its owner's index (0 the first team's)."""
        stored: list[dict[str, Any]] = self.inspect("registries")
        return stored

    def requests(self) -> dict[str, Any]:
        """The API requests seen: `{"counts": {method: n}, "log": [[method, path], ...]}`."""
        log: dict[str, Any] = self.inspect("requests")
        return log


SEED_EPOCH = datetime(2026, 1, 1, tzinfo=UTC)


def seed_registries(count: int, prefix: str = "seed") -> list[dict[str, str]]:
    """`count` registries for `--seed-file`, oldest first: ids `seed00000`..., names
    `seed-0`..., passwords `password-0`..., created one second apart from 2026-01-01."""
    return [
        {
            "id": f"{prefix}{i:05d}",
            "name": f"{prefix}-{i}",
            "namespace": "team",
            "url": "ghcr.io",
            "username": "robot",
            "password": f"password-{i}",
            "dtCreated": (SEED_EPOCH + timedelta(seconds=i)).strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        }
        for i in range(count)
    ]


def write_seed(path: Path, registries: list[dict[str, Any]]) -> str:
    """Write `registries` to `path`; return it as the `--seed-file` argument."""
    path.write_text(json.dumps(registries))
    return str(path)


class MockDidNotStart(RuntimeError):
    pass


def _serving_prefix(module: str) -> str:
    """What `module` prints before its URL: `mock_server: serving `, `reference_server: serving `
    (each server names itself by the last part of its module)."""
    return SERVING if module == "mock_server" else f"{module.rsplit('.', 1)[-1]}: serving "


class ServerProcess(Protocol):
    """What a test sees of a server's process: Popen's own few methods."""

    @property
    def returncode(self) -> int | None: ...

    def poll(self) -> int | None: ...

    def wait(self, timeout: float | None = None) -> int: ...

    def terminate(self) -> None: ...

    def kill(self) -> None: ...


# How a server process starts: (module, arguments, environment, working folder, the file its
# stdout and stderr go to) -> the process.
Launcher = Callable[[str, list[str], Mapping[str, str], Path, Path], ServerProcess]


def _as_command(
    module: str, argv: list[str], env: Mapping[str, str], cwd: Path, output: Path
) -> ServerProcess:
    """`python -m MODULE ARGV`, as a user starts it."""
    with output.open("w") as sink:
        return subprocess.Popen(
            [sys.executable, "-m", module, *argv], cwd=cwd, env=dict(env), text=True,
            stdout=sink, stderr=subprocess.STDOUT,
        )  # fmt: skip


_launcher: Launcher = _as_command


def use_launcher(launcher: Launcher | None) -> None:
    """Start the servers of this checkout with `launcher` (a test suite's faster one; None:
    as commands again). A server from another checkout (`root`) always starts as a command."""
    global _launcher
    _launcher = launcher or _as_command


def _wait_for_url(process: ServerProcess, output: Path, prefix: str) -> str | None:
    """The base URL from the first `serving` line, or None if the server exits first."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        for line in output.read_text(errors="replace").splitlines():
            if line.startswith(prefix):
                return line[len(prefix) :].strip()
        if process.poll() is not None:
            return None
        time.sleep(0.01)
    return None


def _stop(process: ServerProcess) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def running_mock(
    *args: str,
    token: str = "test-token",
    second_token: str | None = None,
    env: Mapping[str, str] | None = None,
    module: str = "mock_server",
    root: Path = _PACKAGE_PARENT,
) -> Iterator[RunningMock]:
    """The mock (or the server `module` runs) on a free loopback port, with `args` added;
    stopped and reaped on exit. `root` is the checkout it runs from (another copy of the
    project, with another openapi.yaml). The tokens reach it as API_TOKEN and SECOND_API_TOKEN
    (a `--token` or `--team-token` in `args` overrides them). The mock always gets a second
    token; another `module` gets SECOND_API_TOKEN only when `second_token` is given, else the
    one in `env`, if any (its own wrapper knows whether it serves a second team)."""
    if module == "mock_server":
        second_token = second_token or f"team-2-{token}"
    environment = {**(os.environ if env is None else env), "API_TOKEN": token}
    if second_token:
        environment[SECOND_TOKEN] = second_token
    argv = ["--host", "127.0.0.1", "--port", "0", *args]
    launch = _launcher if root == _PACKAGE_PARENT else _as_command
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "output.txt"
        process = launch(module, argv, environment, root, output)
        try:
            base_url = _wait_for_url(process, output, _serving_prefix(module))
            if base_url is None:
                _stop(process)
                who = "the mock" if module == "mock_server" else module
                said = output.read_text(errors="replace").strip()
                raise MockDidNotStart(f"{who} did not start: {said}")
            yield RunningMock(base_url, token, process, second_token)
        finally:
            _stop(process)


@contextmanager
def running_reference_server(
    *args: str,
    token: str = "test-token",
    second_token: str | None = None,
    env: Mapping[str, str] | None = None,
) -> Iterator[RunningMock]:
    """The reference server, as `running_mock` starts the mock. Its first team's token is
    `token`; its second team's is `second_token` (through `SECOND_API_TOKEN`), else one the
    server draws at random and no client knows (a `SECOND_API_TOKEN` in `env` is dropped)."""
    base = {k: v for k, v in (os.environ if env is None else env).items() if k != SECOND_TOKEN}
    with running_mock(
        *args, token=token, second_token=second_token, env=base, module=REFERENCE_MODULE
    ) as server:
        yield server
