"""What the run under way knows that a check of one answer needs: the secrets it has sent.

Schemathesis calls a check with `(ctx, response, case)` only, so the run's secrets are set
here once, when the run starts (a run is one process).
"""

from __future__ import annotations

from contract_tests.redaction import Secrets

_secrets = Secrets("")


def use(secrets: Secrets) -> None:
    global _secrets
    _secrets = secrets


def secrets() -> Secrets:
    return _secrets
