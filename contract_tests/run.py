"""The composition root: each layer of a run built from the settings, each part handed to what
needs it (the request layer, the book, the model, the observer, the suite's client).

    request (wire) -> answer judged (rules, against the model) -> finding (record)
        -> outcome (the book) -> report
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from contract_tests.record.observer import Observer
from contract_tests.record.results import ResultBook
from contract_tests.record.transcript import Transcript
from contract_tests.rules.model import Model
from contract_tests.rules.registry import CHECKS, Check
from contract_tests.settings import Settings
from contract_tests.suite.bodies import Marker
from contract_tests.suite.calls import Client
from contract_tests.wire.client import Wire
from contract_tests.wire.credentials import VARIABLE, Team, valid
from contract_tests.wire.errors import RunError
from contract_tests.wire.ledger import Ledger
from contract_tests.wire.pacing import Pacer
from contract_tests.wire.policy import WritePolicy
from contract_tests.wire.redaction import Secrets
from contract_tests.wire.session import Guards
from contract_tests.wire.stopping import Stopper


def wire_for(settings: Settings, *, allow_writes: bool | None = None) -> Wire:
    """The request layer for `settings`: both teams' credentials, the guards they share."""
    if allow_writes is not None:
        settings = replace(settings, allow_writes=allow_writes)
    secrets = Secrets()
    teams = {Team.FIRST: valid(settings.token, Team.FIRST)}
    if settings.second_token:
        teams[Team.SECOND] = valid(settings.second_token, Team.SECOND)
    for team, credentials in teams.items():
        assert credentials.token is not None
        secrets.add_token(credentials.token, f"${VARIABLE[team]}")
    guards = Guards(
        policy=WritePolicy(settings.allow_writes, settings.base_path),
        pacer=Pacer(settings.rate, settings.max_requests, settings.max_time),
        ledger=Ledger(settings.ledger, settings.run_id, settings.base_url),
        secrets=secrets,
        stopper=Stopper(),
        timeout=settings.timeout,
    )
    return Wire(settings.base_url, guards, teams)


def selected(names: tuple[str, ...]) -> tuple[Check[..., Any], ...]:
    """The checks --checks names (every check when none); RunError for a name no check has."""
    if not names:
        return tuple(CHECKS)
    known = {check.name: check for check in CHECKS}
    unknown = [name for name in names if name not in known]
    if unknown:
        raise RunError(f"--checks: no check named {', '.join(unknown)} (docs/checks.md lists them)")
    return tuple(check for check in CHECKS if check.name in names)


@dataclass
class Run:
    settings: Settings
    wire: Wire
    book: ResultBook
    model: Model
    observer: Observer
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
    observer = Observer(book, model, Transcript(secrets), secrets, settings.base_url, checks)
    return Run(
        settings=settings,
        wire=wire,
        book=book,
        model=model,
        observer=observer,
        client=Client(wire, observer),
        marker=Marker(settings.name_prefix, settings.seed),
    )
