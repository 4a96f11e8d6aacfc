"""Processes forked from one that has already imported the project: a server or a run of the
suite starts in milliseconds instead of the second or more Python takes to import starlette,
uvicorn, schemathesis, hypothesis and pytest again, once per process.

Each child runs the very `main` that `python -m MODULE` runs, with its own arguments,
environment, working folder and output file, in a process of its own that signals reach; only
the interpreter's start-up and the imports are shared, copied at the fork. A server from
another checkout still starts as a command, and the tests of a command's own start-up run it
as one.
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import signal
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

# The modules whose `main` a child may run, by the module `python -m` names.
MAINS = {
    "mock_server": "mock_server.cli",
    "reference_server": "reference_server.cli",
    "contract_tests": "contract_tests.cli",
}
# Beside a child's output, the status it exits with, in its own words: the fork server reports
# a child's status down a pipe, and a status it fails to read there reads as 255
# (multiprocessing's popen_forkserver), which the soak met twice in some 1,700 quick runs.
STATUS = ".status"
# One fork server per test process; it imports all of them once, before any fork.
_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload([*MAINS.values(), "tests.warm"])


def _main(
    module: str, argv: list[str], env: dict[str, str], cwd: str, output: str, errors: str
) -> None:
    os.chdir(cwd)
    os.environ.clear()
    os.environ.update(env)
    for fd, path in ((1, output), (2, errors or output)):
        os.dup2(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600), fd)
    # A fork server's children ignore nothing: a run's Ctrl-C and a server's SIGTERM act.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    code = importlib.import_module(MAINS[module]).main(argv) or 0
    sys.stdout.flush()
    sys.stderr.flush()
    Path(output + STATUS).write_text(str(code))
    os._exit(code)


class Forked:
    """A forked child, seen as Popen shows a process (what the tests use of one)."""

    def __init__(self, process: multiprocessing.process.BaseProcess) -> None:
        self._process = process
        self.pid = process.pid

    @property
    def returncode(self) -> int | None:
        return self._process.exitcode

    def poll(self) -> int | None:
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        self._process.join(timeout)
        if self._process.exitcode is None:
            raise subprocess.TimeoutExpired("forked child", timeout or 0)
        return self._process.exitcode

    def terminate(self) -> None:
        self._process.terminate()

    def kill(self) -> None:
        self._process.kill()

    def send_signal(self, number: int) -> None:
        if self.pid is not None:
            os.kill(self.pid, number)


def launch(
    module: str, argv: Sequence[str], env: Mapping[str, str], cwd: Path, output: Path,
    errors: Path | None = None,
) -> Forked:  # fmt: skip
    """`python -m MODULE ARGV`, as a forked child writing to `output` (and its stderr to
    `errors`, when given)."""
    output.touch()
    arguments = (module, list(argv), dict(env), str(cwd), str(output), str(errors or ""))
    child = _CONTEXT.Process(target=_main, args=arguments, daemon=False)
    child.start()
    return Forked(child)


def run(
    module: str, argv: Sequence[str], env: Mapping[str, str], cwd: Path, output: Path,
    errors: Path | None = None, timeout: float = 600,
) -> int:  # fmt: skip
    """Run it to its end (killed past `timeout`); its exit status, as the child wrote it if it
    ended by itself."""
    said = Path(f"{output}{STATUS}")
    said.unlink(missing_ok=True)
    child = launch(module, argv, env, cwd, output, errors)
    try:
        status = child.wait(timeout)
    except subprocess.TimeoutExpired:
        child.kill()
        return child.wait()
    return int(said.read_text()) if said.exists() else status
