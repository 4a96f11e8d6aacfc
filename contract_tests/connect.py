"""The request layer a run (or a cleanup sweep) sends through, built from the settings: both
teams' credentials and the guards they share. It loads the request layer only, so `cleanup`
starts without the rest of the suite."""

from __future__ import annotations

from dataclasses import replace

from contract_tests.settings import Settings
from contract_tests.wire.client import Wire
from contract_tests.wire.credentials import VARIABLE, Team, valid
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
