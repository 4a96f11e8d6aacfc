"""Answers the spec did not foresee parse, or fail with a typed error, never a crash."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from paperspace_client import AuthenticatedClient, errors
from paperspace_client.api.container_registries import (
    get_container_registry,
    list_container_registries,
)
from paperspace_client.models import ContainerRegistry, ContainerRegistryKind

from mock_server.testing import running_mock

from .support import client_for, write_seed

TOKEN = "compat-token"


@contextmanager
def _client_under_fault(tmp_path: Path, fault: str) -> Iterator[AuthenticatedClient]:
    """A client of a mock seeded with four registries and running `--fault fault`."""
    seed = tmp_path / "seed.json"
    write_seed(seed, 4)
    with (
        running_mock("--seed-file", str(seed), "--fault", fault, token=TOKEN) as mock,
        client_for(mock.base_url, mock.token) as client,
    ):
        yield client


def test_unknown_kind_parses_and_is_visible(tmp_path: Path) -> None:
    with _client_under_fault(tmp_path, "kind-out-of-enum") as client:
        registries = list(list_container_registries.iter_items(client=client))
    assert len(registries) == 4
    unknown = [r.kind for r in registries if not r.kind.is_known]
    assert unknown, "the fault should answer at least one kind outside the enum"
    for kind in unknown:
        assert isinstance(kind, ContainerRegistryKind)
        assert kind.value not in {member.value for member in ContainerRegistryKind}
        assert str(kind) == kind.value
    # Sent back unchanged, e.g. when the caller re-serialises the registry.
    first = next(r for r in registries if not r.kind.is_known)
    assert first.to_dict()["kind"] == first.kind.value


def test_known_kinds_stay_the_enum_members() -> None:
    assert ContainerRegistryKind("ghcr") is ContainerRegistryKind.GHCR
    assert ContainerRegistryKind.GHCR.is_known
    quay = ContainerRegistryKind("quay")
    assert (quay.value, quay.is_known, quay == "quay") == ("quay", False, True)


def test_extra_members_are_kept() -> None:
    body = {
        "dtCreated": "2026-11-27T10:00:00.000Z",
        "dtModified": "2026-11-27T10:00:00.000Z",
        "id": "r1",
        "kind": "acr-next",
        "name": "n",
        "namespace": "ns",
        "url": "u",
        "username": "x",
        "region": "eu",
    }
    registry = ContainerRegistry.from_dict(body)
    assert registry.additional_properties == {"region": "eu"}
    assert registry.kind.value == "acr-next"


@pytest.mark.parametrize("fault", ["missing-field", "timestamp-not-datetime"])
def test_unreadable_success_body_raises_a_typed_error_and_detailed_keeps_it(
    tmp_path: Path, fault: str
) -> None:
    with _client_under_fault(tmp_path, fault) as client:
        with pytest.raises(errors.MalformedResponseError) as raised:
            get_container_registry.sync("reg00001", client=client)
        detailed = get_container_registry.sync_detailed("reg00001", client=client)
    assert raised.value.status_code == 200
    assert isinstance(raised.value, errors.ServerError)
    assert "ContainerRegistry" in raised.value.message
    assert detailed.status_code == 200
    assert detailed.parsed is None
    assert detailed.content == raised.value.body


def test_plain_text_error_body_still_raises_its_family(tmp_path: Path) -> None:
    with (
        _client_under_fault(tmp_path, "error-plain-text") as client,
        pytest.raises(errors.NotFoundError) as raised,
    ):
        get_container_registry.sync("no-such-id", client=client)
    assert (raised.value.status_code, raised.value.code) == (404, None)
    assert raised.value.body.decode() in raised.value.message
