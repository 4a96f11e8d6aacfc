"""Run settings: the options of a run, checked before anything is sent."""

from __future__ import annotations

import ipaddress
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from contract_tests.ledger import DEFAULT_LEDGER
from contract_tests.violations import RunError

TOKEN_VARIABLES = ("API_TOKEN", "PAPERSPACE_API_KEY")
# Every registry a run creates is named NAME_PREFIX + run id + "-" + a counter.
NAME_PREFIX = "contract-test-"
# Against a host that is not this machine, runs are small and slow unless told otherwise.
REMOTE_RATE = 2.0
REMOTE_MAX_EXAMPLES = 10
REMOTE_MAX_REQUESTS = 1500
REMOTE_MAX_TIME = 1800.0
LOCAL_MAX_EXAMPLES = 25


@dataclass(frozen=True)
class Settings:
    base_url: str
    token: str = field(repr=False)
    allow_writes: bool = False
    max_examples: int = LOCAL_MAX_EXAMPLES
    seed: int = 0
    fast: bool = False
    rate: float | None = None
    max_requests: int | None = None
    max_time: float | None = None
    ledger: Path = DEFAULT_LEDGER
    run_id: str = ""

    @property
    def base_path(self) -> str:
        return urlsplit(self.base_url).path.rstrip("/")

    @property
    def name_prefix(self) -> str:
        return f"{NAME_PREFIX}{self.run_id}-"


def token_from_environment() -> str:
    for name in TOKEN_VARIABLES:
        value = os.environ.get(name, "").strip()
        if value:
            return value
    raise RunError("no API token: export API_TOKEN (or PAPERSPACE_API_KEY) before running")


def checked_base_url(url: str, *, insecure: bool) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RunError(
            f"--base-url {url!r}: give an http(s) URL such as https://api.paperspace.com/v1"
        )
    if parts.scheme == "http" and not is_loopback(parts.hostname) and not insecure:
        raise RunError(
            f"--base-url {url!r}: plain http to a remote host would send the token in clear; "
            "use https, or --insecure if you really mean it"
        )
    return url.rstrip("/")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def is_local(url: str) -> bool:
    """True for a server on this machine: the suite's defaults are looser for it."""
    return is_loopback(urlsplit(url).hostname or "")


def new_run_id() -> str:
    return secrets.token_hex(4)


def new_seed() -> int:
    return secrets.randbelow(2**31)
