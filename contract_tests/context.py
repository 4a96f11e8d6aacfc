"""RunContext: the shared parts of one run (policy, pacer, ledger, redactor) and its sessions."""

from __future__ import annotations

from contract_tests.ledger import Ledger
from contract_tests.pacing import Pacer
from contract_tests.policy import WritePolicy
from contract_tests.redaction import Redactor
from contract_tests.session import GuardedSession
from contract_tests.settings import Settings, is_local


class RunContext:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.policy = WritePolicy(settings.allow_writes, settings.base_path)
        self.pacer = Pacer(settings.rate, settings.max_requests, settings.max_time)
        self.ledger = Ledger(settings.ledger, settings.run_id, settings.base_url)
        self.redactor = Redactor(settings.token)
        self._names = 0

    def session(self, token: str | None = "") -> GuardedSession:
        """A session sending the run's token, another token, or none (`token=None`)."""
        chosen = self.settings.token if token == "" else token
        return GuardedSession(
            self.policy, self.pacer, self.ledger, self.redactor, chosen, self.local
        )

    @property
    def local(self) -> bool:
        return is_local(self.settings.base_url)

    def url(self, path: str) -> str:
        return self.settings.base_url + path

    def registry_name(self) -> str:
        """A name that marks a registry as this run's test data."""
        self._names += 1
        return f"{self.settings.name_prefix}{self._names}"
