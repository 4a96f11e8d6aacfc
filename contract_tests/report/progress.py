"""Progress on stderr while a run goes on: on a terminal a status line refreshed every few
seconds (requests sent, budget left, the test running); elsewhere one line per test."""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any, TextIO

from contract_tests.report.summary import WIDTH, plural
from contract_tests.wire.pacing import Pacer

INTERVAL = 2.0


def fit(label: str, tail: str, width: int = WIDTH) -> str:
    """`label` and `tail` on one line within `width`: the label is shortened, never the tail."""
    room = width - len(tail)
    if len(label) > room:
        label = label[: max(room - 3, 0)] + "..."
    return label + tail


class Progress:
    def __init__(
        self,
        pacer: Pacer,
        stream: TextIO | None = None,
        uncaptured: Callable[[], AbstractContextManager[Any]] = contextlib.nullcontext,
    ) -> None:
        """`uncaptured`: a context in which writing reaches the terminal (pytest captures what
        a test writes; a status line written while a test runs must get past that)."""
        self.pacer = pacer
        self.uncaptured = uncaptured
        self.stream = stream if stream is not None else sys.stderr
        self.tty = self.stream.isatty()
        self.test = ""
        self._shown = 0.0
        self._test_started = time.monotonic()
        self._test_sent = 0

    def _status(self) -> str:
        left = self.pacer.requests_left
        budget = f", {left} left" if left is not None else ""
        head = f"{self.pacer.elapsed:5.0f} s  {plural(self.pacer.sent, 'request')}{budget}  "
        return head + fit(self.test, "", WIDTH - 1 - len(head))

    def request_sent(self) -> None:
        now = time.monotonic()
        if self.tty and now - self._shown >= INTERVAL:
            self._shown = now
            with self.uncaptured():
                self.stream.write("\r\x1b[K" + self._status())
                self.stream.flush()

    # --- pytest hooks ------------------------------------------------------------------

    def pytest_runtest_logstart(self, nodeid: str, location: Any) -> None:
        self.test = nodeid.split("::")[-1]
        self._test_started = time.monotonic()
        self._test_sent = self.pacer.sent

    def pytest_runtest_logreport(self, report: Any) -> None:
        done = report.when == "call" or (report.when == "setup" and report.outcome != "passed")
        if not done or self.tty:
            return
        sent = self.pacer.sent - self._test_sent
        seconds = time.monotonic() - self._test_started
        tail = f": {report.outcome} ({plural(sent, 'request')}, {seconds:.1f} s)"
        self.stream.write(fit(self.test, tail) + "\n")
        self.stream.flush()

    def clear(self) -> None:
        if self.tty:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
