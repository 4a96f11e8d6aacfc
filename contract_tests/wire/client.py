"""The run's request layer as one object: its guards, and a kept-alive session per set of
credentials (one per token for the whole run, so connections are reused across tests)."""

from __future__ import annotations

from contract_tests.wire.credentials import Credentials, Team
from contract_tests.wire.session import GuardedSession, Guards


class Wire:
    def __init__(self, base_url: str, guards: Guards, teams: dict[Team, Credentials]) -> None:
        self.base_url = base_url
        self.guards = guards
        self.teams = teams  # each team's credentials: the first always, the second if given
        self._sessions: dict[Credentials, GuardedSession] = {}

    def session(self, credentials: Credentials | None = None) -> GuardedSession:
        """The session sending `credentials` (the first team's when None)."""
        chosen = self.teams[Team.FIRST] if credentials is None else credentials
        if chosen not in self._sessions:
            self._sessions[chosen] = GuardedSession(self.guards, chosen)
        return self._sessions[chosen]

    def url(self, path: str) -> str:
        return self.base_url + path

    def close(self) -> None:
        for session in self._sessions.values():
            session.close()
        self._sessions.clear()
