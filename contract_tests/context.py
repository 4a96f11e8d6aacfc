"""RunContext: everything one run shares: its settings, the request layer's guards, the book,
the reference model, the transcript and the observer, and its sessions."""

from __future__ import annotations

import random
from typing import Any

from api_spec.registries import WRITE_ONLY
from contract_tests import active
from contract_tests.ledger import Ledger
from contract_tests.model import Model
from contract_tests.observer import Observer
from contract_tests.pacing import Pacer
from contract_tests.policy import MISSING_ID_PREFIX, WritePolicy
from contract_tests.redaction import Secrets
from contract_tests.results import ResultBook
from contract_tests.session import GuardedSession, Guards
from contract_tests.settings import Settings
from contract_tests.stopping import Stopper
from contract_tests.transcript import Transcript


class RunContext:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.secrets = Secrets(settings.token)
        active.use(self.secrets)
        self.stopper = Stopper()
        self.guards = Guards(
            policy=WritePolicy(settings.allow_writes, settings.base_path),
            pacer=Pacer(settings.rate, settings.max_requests, settings.max_time),
            ledger=Ledger(settings.ledger, settings.run_id, settings.base_url),
            secrets=self.secrets,
            stopper=self.stopper,
            timeout=settings.timeout,
        )
        self.book = ResultBook(settings.seed, settings.base_url, settings.allow_writes)
        self.model = Model()
        self.transcript = Transcript(self.secrets)
        self.observer = Observer(self)
        # Names and passwords are drawn from the seed, so a seeded run repeats its requests.
        self.random = random.Random(settings.seed)
        self._names = 0
        self._sessions: dict[str | None, GuardedSession] = {}

    @property
    def policy(self) -> WritePolicy:
        return self.guards.policy

    @property
    def pacer(self) -> Pacer:
        return self.guards.pacer

    @property
    def ledger(self) -> Ledger:
        return self.guards.ledger

    def session(self, token: str | None = "") -> GuardedSession:
        """The session sending the run's token, another token, or none (`token=None`).

        One per token for the whole run, so connections are kept alive across tests.
        """
        chosen = self.settings.token if token == "" else token
        if chosen not in self._sessions:
            self._sessions[chosen] = GuardedSession(self.guards, chosen)
        return self._sessions[chosen]

    def close(self) -> None:
        for session in self._sessions.values():
            session.close()
        self._sessions.clear()

    def url(self, path: str) -> str:
        return self.settings.base_url + path

    def registry_name(self, label: str = "") -> str:
        """A name that marks a registry as this run's test data."""
        self._names += 1
        return f"{self.settings.name_prefix}{self._names}" + (f"-{label}" if label else "")

    def missing_id(self) -> str:
        """An id made up to be missing (the server assigns real ids), drawn from the seed."""
        return MISSING_ID_PREFIX + self._hex(12)

    def _hex(self, digits: int) -> str:
        return "".join(self.random.choice("0123456789abcdef") for _ in range(digits))

    def password(self) -> str:
        """A distinctive password: finding it in an answer cannot be a coincidence, and hex
        only, so no JSON escaping can hide an echo."""
        return "pw-" + self._hex(16)

    def owned(self, body: Any) -> Any:
        """A body to send, marked as this run's: the name prefix, a fresh password."""
        if not isinstance(body, dict):
            return body
        marked = dict(body)
        if "name" in marked:  # renames keep the prefix too, so a sweep by name still finds it
            marked["name"] = self.registry_name(str(marked.get("name", "")))
        for member in WRITE_ONLY:
            if member in marked:
                marked[member] = self.password()
        return marked
