"""Every member changed, in every run, at any budget (`contract_tests.suite.members`): each
awkward value in every string member, at create and at update; and the kind, to every kind with
provider rules, each with a host its rules accept, with an update that leaves the kind alone in
between. The engine judges every answer: each holds what was sent, exactly as sent, and an
update changes nothing it was not sent."""

from __future__ import annotations

from api_spec.registries import CREATE, DELETE, GET, LIMIT, LIST, PAGINATION, RULES, UPDATE
from contract_tests.engine.client import Client, created_id
from contract_tests.settings import Settings
from contract_tests.suite.bodies import Marker, plain_body
from contract_tests.suite.marks import sends, to, writes
from contract_tests.suite.members import AWKWARD, awkward, kinds_with_rules

pytestmark = [writes, sends(to(CREATE, UPDATE, GET, LIST, DELETE, walks=True))]
LARGEST = {PAGINATION.limit: int(LIMIT.maximum or 100)}


def test_awkward_values_come_back_as_sent(
    client: Client, marker: Marker, run_settings: Settings
) -> None:
    """A registry made with each awkward value in every string member, then each updated to
    the next value: every answer, the list's included, shows them as sent."""
    made = []
    for label, value in AWKWARD:
        body = marker.owned(plain_body(run_settings.run_id, label))
        body.update(awkward(value, marker.name() + "-"))
        registry = created_id(client.request(CREATE, body=body))
        if registry is not None:
            made.append(registry)
    # Updated newest first: the last modified is then the oldest made, and a list ordered by
    # the time of the last change instead of creation shows it.
    for index, registry in reversed(list(enumerate(made))):
        _, value = AWKWARD[(index + 1) % len(AWKWARD)]
        client.request(UPDATE, registry_id=registry, body=awkward(value, marker.name() + "-"))
        client.request(GET, registry_id=registry)
    client.walk(LARGEST, max_pages=20)
    client.walk({}, max_pages=1)  # the default order
    for registry in made:
        client.request(DELETE, registry_id=registry)


def test_the_kind_changes_to_every_kind(
    client: Client, marker: Marker, run_settings: Settings
) -> None:
    """A registry moved to each kind with provider rules, on a host those rules accept, a
    member changed without naming the kind in between (the kind stays), and back."""
    body = marker.owned(plain_body(run_settings.run_id, "kinds"))
    registry = created_id(client.request(CREATE, body=body))
    if registry is None:
        return  # the create was refused: its finding says why
    for kind, host in kinds_with_rules():
        client.request(UPDATE, registry_id=registry, body={RULES.kind_member: kind,
                                                           RULES.member: host})  # fmt: skip
        client.request(UPDATE, registry_id=registry, body={"namespace": f"kind-{kind}"})
    back = {key: body[key] for key in (RULES.kind_member, RULES.member)}
    client.request(UPDATE, registry_id=registry, body=back)
    client.request(GET, registry_id=registry)
    client.request(DELETE, registry_id=registry)
