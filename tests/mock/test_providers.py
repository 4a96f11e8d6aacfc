"""The provider rules: a registry that names its `kind` must be on that provider's hosts."""

from __future__ import annotations

from typing import Any

import pytest

from .support import PATH, Api, mock_api

ACCEPTED = [
    ("dockerhub", "docker.io"),
    ("dockerhub", "https://registry-1.docker.io/v2"),
    ("ghcr", "ghcr.io"),
    ("ghcr", "https://ghcr.io/acme"),
    ("gcr", "gcr.io"),
    ("gcr", "eu.gcr.io/project"),
    ("gcr", "europe-west1-docker.pkg.dev"),
    ("azure", "acme.azurecr.io"),
    ("digitalocean", "registry.digitalocean.com/acme"),
    ("other", "anything.example"),
]
REFUSED = [
    ("dockerhub", "ghcr.io"),
    ("dockerhub", "notdocker.io"),
    ("ghcr", "ghcr.io.evil.example"),
    ("gcr", "docker.pkg.dev"),
    ("azure", "azurecr.io"),
    ("digitalocean", "digitalocean.com"),
    ("ghcr", ""),
]


@pytest.fixture(scope="module")
def api() -> Any:
    with mock_api() as running:
        yield running


@pytest.mark.parametrize(("kind", "url"), ACCEPTED)
def test_a_url_of_the_provider_is_accepted(api: Api, kind: str, url: str) -> None:
    assert api.create(kind=kind, url=url)["kind"] == kind


@pytest.mark.parametrize(("kind", "url"), REFUSED)
def test_a_url_of_another_host_is_refused_with_the_rule(api: Api, kind: str, url: str) -> None:
    answer = api.http.post(PATH, json={"name": "p", "namespace": "n", "url": url,
                                       "username": "u", "password": "p", "kind": kind})  # fmt: skip
    assert answer.status_code == 400
    assert answer.json()["code"] == "BAD_REQUEST"
    assert f"a {kind} registry must be on" in answer.json()["details"]["url"]


def test_without_kind_any_url_is_accepted_as_other(api: Api) -> None:
    assert api.create(url="ghcr.io.evil.example")["kind"] == "other"


def test_updates_are_held_to_the_rules_of_the_kind(api: Api) -> None:
    registry = api.create(kind="ghcr", url="ghcr.io")
    one = f"{PATH}/{registry['id']}"
    assert api.http.put(one, json={"url": "docker.io"}).status_code == 400
    assert api.http.put(one, json={"kind": "azure"}).status_code == 400
    assert api.http.put(one, json={"kind": "dockerhub", "url": "docker.io"}).status_code == 200
    assert api.http.put(one, json={"kind": "other", "url": "x.example"}).status_code == 200
    assert api.http.get(one).json()["url"] == "x.example"
