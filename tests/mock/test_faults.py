"""Every fault of the catalogue plants the bug it describes, and only with --fault."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from mock_server.faults import CATALOGUE

from .fault_probes import PROBES, SEED_COUNT, WRITING
from .support import Api, mock_api, seed_registries, write_seed

NAMES = [fault.name for fault in CATALOGUE]


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> str:
    return write_seed(tmp_path_factory.mktemp("faults") / "seed.json", seed_registries(SEED_COUNT))


def test_every_fault_has_a_probe() -> None:
    assert sorted(PROBES) == sorted(NAMES), "a fault without a probe of its effect (or vice versa)"


@pytest.mark.parametrize("name", NAMES)
def test_the_fault_plants_its_bug(seed: str, name: str) -> None:
    with mock_api("--seed-file", seed, "--fault", name) as api:
        assert PROBES[name](api), f"--fault {name} did not show its effect"


@pytest.fixture(scope="module")
def correct(seed: str) -> Iterator[Api]:
    """One correct mock for the probes that only read (a fresh one each is slower)."""
    with mock_api("--seed-file", seed) as api:
        yield api


@pytest.mark.parametrize("name", sorted(set(NAMES) - WRITING))
def test_without_the_fault_a_reading_probe_sees_nothing(correct: Api, name: str) -> None:
    assert not PROBES[name](correct), f"a correct mock shows the effect of {name}"
    assert len(correct.stored()) == SEED_COUNT, f"the probe of {name} changed the mock"


@pytest.mark.parametrize("name", sorted(WRITING))
def test_without_the_fault_a_writing_probe_sees_nothing(seed: str, name: str) -> None:
    with mock_api("--seed-file", seed) as api:
        assert not PROBES[name](api), f"a correct mock shows the effect of {name}"


def test_faults_combine(tmp_path: Path) -> None:
    seed = write_seed(tmp_path / "seed.json", seed_registries(SEED_COUNT))
    with mock_api(
        "--seed-file", seed, "--fault", "missing-field", "--fault", "echo-password"
    ) as api:
        assert PROBES["missing-field"](api) and PROBES["echo-password"](api)
