"""The suite's options, declared once: `python -m contract_tests` (argparse) and `pytest
contract_tests` (pytest's parser) both build theirs from `OPTIONS`, each parses them once, and
`settings_from` turns the values into `Settings`.

Each option belongs to one group of the help (the target, safety, budget, output, selection),
and its help shows its default: where it differs for a server on this machine and one
elsewhere, both (read off `settings.LOCAL` and `settings.REMOTE`, never restated).

A value that cannot be right (a budget of 0, a rate of 0) is refused before any request, and
before anything heavy is imported: this module imports only the standard library and the
settings.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from contract_tests.settings import (
    LOCAL,
    REMOTE,
    Settings,
    checked_base_url,
    second_token_from_environment,
    token_from_environment,
)
from contract_tests.wire.errors import RunError
from contract_tests.wire.ledger import DEFAULT_LEDGER
from contract_tests.wire.pacing import parse_rate

RUN, CLEANUP = "run", "cleanup"
TARGET, SAFETY, BUDGET, OUTPUT, SELECTION = "target", "safety", "budget", "output", "selection"
GROUPS = {
    TARGET: "the server",
    SAFETY: "what a run may do to the account",
    BUDGET: "how much it sends, and how fast",
    OUTPUT: "what it writes",
    SELECTION: "what it judges",
}


def at_least_one(kind: Callable[[str], float]) -> Callable[[str], Any]:
    """A parser for a count or a number of seconds that must be 1 or more."""

    def parse(text: str) -> Any:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        if value < 1:
            raise argparse.ArgumentTypeError(f"{text} must be at least 1")
        return value

    return parse


def positive_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"{text} must be more than 0")
    return value


def non_negative_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not value >= 0:
        raise argparse.ArgumentTypeError(f"{text} must be 0 or more")
    return value


def rate(text: str) -> str:
    """A rate, checked here and kept as written (`5/s`)."""
    try:
        parse_rate(text)
    except RunError as error:
        raise argparse.ArgumentTypeError(str(error).split(": ", 1)[-1]) from None
    return text


def whole_number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None


def check_names(text: str) -> tuple[str, ...]:
    """`a,b`: check names (which exist is known once the checks are loaded)."""
    names = tuple(name.strip() for name in text.split(",") if name.strip())
    if not names or not all(re.fullmatch(r"[a-z_][a-z0-9_]*", name) for name in names):
        raise argparse.ArgumentTypeError(f"{text!r}: give check names separated by commas")
    return names


def _shown(value: Any, unit: str) -> str:
    if value is None:
        return "none"
    if unit == " s" and value >= 60 and value % 60 == 0:
        return f"{value / 60:g} min"
    if isinstance(value, float) and unit == "/s":
        return f"{value:g}/s"
    return f"{value:g}{unit}" if isinstance(value, float) else f"{value}{unit}"


def local_and_remote(name: str, unit: str = "") -> str:
    """The default of a setting that differs with the server's place."""
    here, there = _shown(getattr(LOCAL, name), unit), _shown(getattr(REMOTE, name), unit)
    return f"default: {here} on this machine, {there} against another host"


@dataclass(frozen=True)
class Option:
    flag: str
    help: str
    group: str
    parse: Callable[[str], Any] | None = None  # None: a switch
    metavar: str | None = None
    default: Any = None
    shown_default: str = ""  # the default, as the help says it
    hidden: bool = False
    commands: tuple[str, ...] = (RUN,)

    @property
    def dest(self) -> str:
        return self.flag.lstrip("-").replace("-", "_")

    @property
    def text(self) -> str:
        return f"{self.help} ({self.shown_default})" if self.shown_default else self.help


BOTH = (RUN, CLEANUP)
OPTIONS: tuple[Option, ...] = (
    Option("--base-url", "the server, e.g. https://api.paperspace.com/v1", TARGET, str, "URL",
           commands=BOTH),
    Option("--insecure", "allow plain http to a host that is not this machine", TARGET,
           commands=BOTH),
    Option("--timeout", "seconds to wait for one answer", TARGET, positive_seconds, "S",
           shown_default=local_and_remote("timeout", " s"), commands=BOTH),
    Option("--allow-writes", "send POST, PUT and DELETE: create registries, then delete them "
           "(default: read-only, GET only)", SAFETY),
    Option("--ledger", "where the ids of created registries are kept, for cleanup", SAFETY, Path,
           "PATH", DEFAULT_LEDGER, f"default: {DEFAULT_LEDGER}", commands=BOTH),
    Option("--run-id", "name this run's registries with this id", SAFETY, str, hidden=True),
    Option("--max-examples", "examples per property", BUDGET, at_least_one(int), "N",
           shown_default=local_and_remote("max_examples")),
    Option("--rate-limit", "at most N requests a second or minute: N/s or N/m", BUDGET, rate,
           "N/s", shown_default=local_and_remote("rate", "/s"), commands=BOTH),
    Option("--max-requests", "stop sending after N requests", BUDGET, at_least_one(int), "N",
           shown_default=local_and_remote("max_requests")),
    Option("--max-time", "stop sending after this many seconds", BUDGET, at_least_one(float),
           "S", shown_default=local_and_remote("max_time", " s")),
    Option("--consistency-window", "seconds after a write in which a read showing the state "
           "before it is read again, with backoff, before it can fail (0: never); each cause "
           "that outlasts it costs it once", BUDGET, non_negative_seconds, "S",
           shown_default=local_and_remote("consistency_window", " s")),
    Option("--seed", "repeat a run: the same requests against the same state", BUDGET,
           whole_number, "N", shown_default="default: a new one each run, shown at the end"),
    Option("--fast", "no shrinking: a failing example is reported as found, not minimised",
           BUDGET),
    Option("--report", "write a Markdown report (the per-operation matrix) here", OUTPUT, Path,
           "PATH"),
    Option("--report-json", "write the outcomes as JSON here", OUTPUT, Path, "PATH"),
    Option("--checks", "judge only these checks (names separated by commas); only the tests "
           "that send what they need run", SELECTION, check_names, "NAMES",
           shown_default="default: every check"),
    Option("--fail-fast", "stop at the first failed check (cleanup and reports still run)",
           SELECTION),
)  # fmt: skip


def add_to_argparse(parser: argparse.ArgumentParser, command: str) -> dict[str, Any]:
    """The options of `command` on `parser`, each in its group; returns the groups by name, for
    the command's own options to join."""
    groups = {name: parser.add_argument_group(name, title) for name, title in GROUPS.items()}
    for option in OPTIONS:
        if command not in option.commands:
            continue
        help_text = argparse.SUPPRESS if option.hidden else option.text
        group = groups[option.group]
        if option.parse is None:
            group.add_argument(option.flag, action="store_true", help=help_text)
        else:
            group.add_argument(
                option.flag,
                type=option.parse,
                metavar=option.metavar,
                default=option.default,
                help=help_text,
            )
    return groups


def add_to_pytest(group: Any) -> None:
    """The same options on pytest's command line (`pytest contract_tests --base-url URL`)."""
    for option in OPTIONS:
        if RUN not in option.commands:
            continue
        if option.parse is None:
            group.addoption(option.flag, action="store_true", help=option.text)
        else:
            group.addoption(
                option.flag,
                type=option.parse,
                metavar=option.metavar,
                default=option.default,
                help=option.text,
            )


def settings_from(values: Mapping[str, Any]) -> Settings:
    """The run's settings from the option values (by dest); RunError says what to fix."""
    url = values.get("base_url")
    if not url:
        raise RunError("no server: pass --base-url URL (e.g. https://api.paperspace.com/v1)")
    base_url = checked_base_url(str(url), insecure=bool(values.get("insecure")))
    given = {
        "allow_writes": bool(values.get("allow_writes")),
        "fast": bool(values.get("fast")),
        "max_examples": values.get("max_examples"),
        "seed": values.get("seed"),
        "rate": parse_rate(values["rate_limit"]) if values.get("rate_limit") else None,
        "max_requests": values.get("max_requests"),
        "max_time": values.get("max_time"),
        "timeout": values.get("timeout"),
        "consistency_window": values.get("consistency_window"),
        "fail_fast": bool(values.get("fail_fast")),
        "ledger": values.get("ledger"),
        "run_id": values.get("run_id"),
        "report": values.get("report"),
        "report_json": values.get("report_json"),
        "checks": values.get("checks"),
        "second_token": second_token_from_environment(),
    }
    return Settings.build(base_url, token_from_environment(), **given)
