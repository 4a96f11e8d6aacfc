"""The provider rules: when a request names a `kind`, the URL must be that provider's.

`RULES` is the table the README documents; `other` has no rule.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    hosts: str  # the accepted hosts, as the README and the error message say it
    accepts: Callable[[str], bool]


def _is_or_under(host: str, domain: str) -> bool:
    return host == domain or host.endswith("." + domain)


RULES: dict[str, Rule] = {
    "dockerhub": Rule("docker.io or *.docker.io", lambda h: _is_or_under(h, "docker.io")),
    "ghcr": Rule("ghcr.io", lambda h: h == "ghcr.io"),
    "gcr": Rule(
        "gcr.io, *.gcr.io or *-docker.pkg.dev",
        lambda h: _is_or_under(h, "gcr.io") or h.endswith("-docker.pkg.dev"),
    ),
    "azure": Rule("*.azurecr.io", lambda h: h.endswith(".azurecr.io")),
    "digitalocean": Rule("registry.digitalocean.com", lambda h: h == "registry.digitalocean.com"),
}


def host_of(url: str) -> str:
    """The host a registry URL names, with or without a scheme, path, user or port."""
    rest = url.split("://", 1)[-1]
    authority = rest.split("/", 1)[0].rsplit("@", 1)[-1]
    if authority.startswith("["):  # an IPv6 literal
        return authority[1:].split("]", 1)[0].lower()
    return authority.split(":", 1)[0].lower().rstrip(".")


def refusal(kind: str, url: str) -> str | None:
    """Why the provider rules refuse `url` for `kind`, or None when they accept it."""
    rule = RULES.get(kind)
    if rule is None or rule.accepts(host_of(url)):
        return None
    return f"a {kind} registry must be on {rule.hosts}, not {host_of(url) or 'an empty host'}"
