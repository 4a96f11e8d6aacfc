"""Helpers for the client tests: seed files for the mock (from `mock_server.testing`, with
ids `reg00000`...) and a client of a base URL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from paperspace_client import AuthenticatedClient
from paperspace_client.retries import RetryPolicy

from mock_server import testing

# Retries that wait briefly, so a test of a retried status stays quick.
QUICK_RETRY = RetryPolicy(max_retries=2, backoff=0.05, max_backoff=0.1, max_wait=5.0)
PREFIX = "reg"


def registry(index: int) -> dict[str, str]:
    """The seed entry `write_seed` writes at `index` (oldest first)."""
    return testing.seed_registries(index + 1, PREFIX)[index]


def write_seed(path: Path, count: int) -> list[str]:
    """Write `count` registries to `path` for `--seed-file`; return their ids, oldest first."""
    registries = testing.seed_registries(count, PREFIX)
    testing.write_seed(path, registries)
    return [entry["id"] for entry in registries]


def client_for(base_url: str, token: str, **kwargs: Any) -> AuthenticatedClient:
    return AuthenticatedClient(base_url=base_url, token=token, **kwargs)
