"""Hypothesis strategies for the bodies the suite sends itself, and marking them as this run's."""

from __future__ import annotations

import secrets
from typing import Any

from hypothesis import strategies as st

from contract_tests.context import RunContext

KINDS = ["other", "dockerhub", "gcr", "ghcr", "digitalocean", "azure"]
# Values servers get wrong, offered next to arbitrary text so small runs still try them.
AWKWARD = ["", "ünïcødé", "名前", "emoji-🚀", "a b/c?d=e&f", "x" * 200]
FIELD_TEXT = st.one_of(
    st.sampled_from(AWKWARD),
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30),
)


# A URL each provider's rules accept, so a body naming a `kind` is usually accepted; the rules
# still get arbitrary URLs when `kind` is absent or "other".
PROVIDER_HOSTS = {
    "dockerhub": "docker.io",
    "ghcr": "ghcr.io",
    "gcr": "gcr.io",
    "azure": "contract.azurecr.io",
    "digitalocean": "registry.digitalocean.com",
}
MAYBE_KIND = st.none() | st.sampled_from(KINDS)


def with_provider(body: dict[str, Any], kind: str | None) -> dict[str, Any]:
    if kind is None:
        return body
    url = PROVIDER_HOSTS.get(kind)
    return {**body, "kind": kind, **({"url": url} if url else {})}


def create_bodies() -> st.SearchStrategy[dict[str, Any]]:
    # The password is a placeholder: `owned` replaces it with a fresh distinctive one.
    fields = st.fixed_dictionaries(
        {
            "name": FIELD_TEXT,
            "namespace": FIELD_TEXT,
            "url": FIELD_TEXT,
            "username": FIELD_TEXT,
            "password": st.just(""),
        }
    )
    return st.builds(with_provider, fields, MAYBE_KIND)


def update_bodies() -> st.SearchStrategy[dict[str, Any]]:
    fields = st.fixed_dictionaries(
        {},
        optional={
            "name": FIELD_TEXT,
            "namespace": FIELD_TEXT,
            "url": FIELD_TEXT,
            "username": FIELD_TEXT,
            "password": st.just(""),
        },
    )
    # An update that changes no field proves nothing about persistence.
    changes = st.builds(with_provider, fields, MAYBE_KIND)
    return changes.filter(lambda body: any(key != "password" for key in body))


def owned(run: RunContext, body: dict[str, Any]) -> dict[str, Any]:
    """The body with this run's name prefix on its name and a fresh, distinctive password."""
    marked = dict(body)
    if "name" in marked:
        # Renames keep the prefix too, so a sweep by name still finds the registry.
        marked["name"] = run.registry_name() + "-" + str(marked["name"])
    if "password" in marked:
        marked["password"] = "pw-" + secrets.token_hex(8)
    return marked


def plain_body(run: RunContext) -> dict[str, Any]:
    """A simple valid create body, for fixtures that only need registries to exist."""
    return owned(
        run,
        {
            "name": "",
            "namespace": "contract",
            "url": "registry.example.com",
            "username": "robot",
            "password": "",
        },
    )
