"""What a report says about the run itself: when, with which suite and spec, how long it took
and how many requests it sent, and its verdict."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from api_spec import SPEC
from contract_tests.exits import VERDICTS
from contract_tests.version import version


def spec_sha256() -> str:
    """The sha256 of the openapi.yaml the run judged by."""
    return hashlib.sha256(SPEC.path.read_bytes()).hexdigest()


@dataclass(frozen=True)
class RunFacts:
    started: datetime
    seconds: float
    requests: int
    exit_code: int

    @property
    def verdict(self) -> str:
        return VERDICTS.get(self.exit_code, "could not run")

    @property
    def version(self) -> str:
        return version()

    @property
    def spec_sha256(self) -> str:
        return spec_sha256()
