"""Time, as the docs word it: `dtModified` is "the date the container registry was last
modified". An update that changes a member, sent more than two seconds after the registry's
last write, must move it to the update's own time on the server's clock (the Date header, to
the second): a server whose clock counts whole seconds shows a frozen `dtModified` only then.
It runs last, so it rarely waits: the population was made at the run's start. The oldest
registry, updated, is then the latest modified: the list in its default order must still be in
creation order."""

from __future__ import annotations

import time

import pytest

from api_spec.registries import GET, LIST, UPDATE
from contract_tests.engine.client import Client
from contract_tests.suite.bodies import Marker
from contract_tests.suite.marks import sends, to, writes
from contract_tests.wire.credentials import Team

pytestmark = [writes, sends(to(UPDATE, GET, LIST))]
# Longer than a whole-second clock's tick and the Date header's, both at once.
SINCE_LAST_WRITE = 2.2


def test_an_update_moves_dtmodified_to_its_own_time(
    client: Client, marker: Marker, population: list[str]
) -> None:
    held = [k for k in client.engine.model.held_by(Team.FIRST) if k.written_at is not None]
    if not held:
        pytest.skip("the run holds no registry to update")
    known = min(held, key=lambda k: k.written_at or 0.0)  # the longest unwritten
    assert known.written_at is not None
    time.sleep(max(0.0, known.written_at + SINCE_LAST_WRITE - time.monotonic()))
    client.request(UPDATE, registry_id=known.id, body={"namespace": f"moved-{marker.hex(6)}"})
    client.request(GET, registry_id=known.id)
    client.walk({}, max_pages=1)  # the default order, after an update
