"""The run's request layer as one object: its guards, and a kept-alive session per set of
credentials (one per token for the whole run, so connections are reused across tests)."""

from __future__ import annotations

import os

from requests.utils import get_environ_proxies

from contract_tests.wire.credentials import Credentials, Team
from contract_tests.wire.session import GuardedSession, Guards


def ca_bundle() -> str | None:
    """The CA bundle the environment names for requests, as requests itself would read it."""
    return os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or None


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
            session = GuardedSession(self.guards, chosen)
            # The environment's proxies and CA bundle for this server, read once: requests
            # reads them again for every request otherwise (a tenth of its time here).
            session.proxies.update(get_environ_proxies(self.base_url))
            session.verify = ca_bundle() or True
            session.trust_env = False
            self._sessions[chosen] = session
        return self._sessions[chosen]

    def url(self, path: str) -> str:
        return self.base_url + path

    def close(self) -> None:
        for session in self._sessions.values():
            session.close()
        self._sessions.clear()
