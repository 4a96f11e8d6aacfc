"""The composition root: each layer of a run built from the settings, each part handed to what
needs it (the request layer, the book, the model, the engine, the suite's client).

    request (wire) -> answer judged (engine: rules against the model) -> outcome (the book)
        -> report
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import get_close_matches
from typing import Any

from contract_tests.connect import wire_for
from contract_tests.engine.client import Client
from contract_tests.engine.consistency import Window
from contract_tests.engine.engine import Engine
from contract_tests.record.results import ResultBook
from contract_tests.record.transcript import Transcript
from contract_tests.rules.model import Model
from contract_tests.rules.registry import CHECKS, Check
from contract_tests.settings import Settings
from contract_tests.suite.bodies import Marker
from contract_tests.wire.client import Wire
from contract_tests.wire.errors import RunError
from contract_tests.wire.stopping import Stopper


def selected(names: tuple[str, ...]) -> tuple[Check[Any], ...]:
    """The checks --checks names (every check when none); RunError for a name no check has,
    with the closest one."""
    if not names:
        return tuple(CHECKS)
    known = {check.name: check for check in CHECKS}
    for name in names:
        if name not in known:
            guess = get_close_matches(name, known, n=1, cutoff=0.6)
            hint = f"; did you mean {guess[0]}?" if guess else " (docs/checks.md lists them)"
            raise RunError(f"--checks: no check named {name}{hint}")
    return tuple(check for check in CHECKS if check.name in names)


@dataclass
class Run:
    settings: Settings
    wire: Wire
    book: ResultBook
    model: Model
    engine: Engine
    client: Client
    marker: Marker

    @property
    def stopper(self) -> Stopper:
        return self.wire.guards.stopper


def assemble(settings: Settings) -> Run:
    checks = selected(settings.checks)
    wire = wire_for(settings)
    book = ResultBook(settings.seed, settings.base_url, settings.allow_writes)
    book.selected = frozenset(checks)
    model = Model()
    secrets = wire.guards.secrets
    engine = Engine(
        book, model, Transcript(secrets), secrets, settings.base_url, checks,
        Window(settings.consistency_window), settings.timeout,
    )  # fmt: skip
    return Run(
        settings=settings,
        wire=wire,
        book=book,
        model=model,
        engine=engine,
        client=Client(wire, engine),
        marker=Marker(settings.name_prefix, settings.seed),
    )
