"""The rules of the reference model (`contract_tests.model`), checked across answers: what
the run wrote, what it reads back, and how the same registry looks in different answers.

Each is decided by one method of the model; the model reports the outcome under the name
registered here.
"""

from __future__ import annotations

from api_spec.registries import CREATE, DELETE, GET, LIST, TEST_CONNECTION, UPDATE
from contract_tests.model import Model, differences
from contract_tests.registry import register

READS = (GET.label, LIST.label)
# Where a registry is seen again after its create or update: where consistency is judged.
SIGHTINGS = (GET.label, LIST.label, DELETE.label)
BY_ID = (GET.label, UPDATE.label, DELETE.label, TEST_CONNECTION.label)

register(
    "create_persists",
    Model.created,
    rule="the create's answer, and every answer after it, holds the members the create sent",
    operations=(CREATE.label, *READS),
    needs_writes=True,
    proven_by=("lost-create",),
)
register(
    "update_persists",
    Model.updated,
    rule="the update's answer, and every answer after it, holds the members the update sent",
    operations=(UPDATE.label, *READS),
    needs_writes=True,
    proven_by=("lost-update",),
)
register(
    "update_changes_only_what_was_sent",
    Model.updated,
    rule="an update changes the members it was sent and moves `dtModified` forward (or "
    "leaves it), and nothing else: `dtCreated`, `id` and every member not sent keep their value",
    operations=(UPDATE.label,),
    needs_writes=True,
    proven_by=("partial-update-clears", "update-moves-dtcreated", "dtmodified-regress"),
)
register(
    "update_accepted",
    Model.update_refused,
    rule="every update the docs allow is answered 2xx, one that sends the values already "
    "stored included (the provider's rules may refuse one that names a kind)",
    operations=(UPDATE.label,),
    needs_writes=True,
    proven_by=("update-refuses-unchanged",),
)
register(
    "one_representation",
    Model.seen,
    rule="a registry looks the same in every answer that carries it, member for member and "
    "timestamps as instants, until the run writes to it",
    operations=SIGHTINGS,
    proven_by=("list-timezone",),
)
register(
    "safe_methods_safe",
    Model.seen,
    rule="GET, the list and test-connection change no registry (RFC 9110 §9.2.1): a registry "
    "read again, or after a test, is as it was (judged on the read that follows)",
    operations=READS,
    proven_by=("get-touches", "test-connection-touches"),
)
register(
    "list_matches_get",
    differences,
    rule="everything a list shows can be fetched by its id, and the fetch returns what the "
    "list showed",
    operations=(GET.label,),
    proven_by=("list-shows-deleted",),
)
register(
    "get_returns_requested_id",
    Model.created,
    rule="an id names one registry: a get returns the registry with that id, and a create "
    "never answers with an id already in use",
    operations=(GET.label, CREATE.label),
    proven_by=("get-wrong-id",),
)
register(
    "timestamps_agree_with_server_clock",
    Model.created,
    rule="a registry created or updated in the run carries `dtCreated`/`dtModified` within "
    "2 minutes of the server's own clock (its Date header), compared as instants; "
    "`dtModified` is never before `dtCreated`",
    operations=(CREATE.label, UPDATE.label),
    needs_writes=True,
    proven_by=("clock-skew",),
)
register(
    "delete_returns_registry",
    Model.deleted,
    rule="a delete answers 200 with the registry it deleted",
    operations=(DELETE.label,),
    needs_writes=True,
)
register(
    "delete_removes",
    Model.gone,
    rule="after a delete, get and delete answer 404 and the list no longer shows the registry",
    operations=(*BY_ID, LIST.label),
    needs_writes=True,
    proven_by=("delete-noop",),
)
register(
    "test_connection_fails_for_unreachable_host",
    Model.tested,
    rule="test-connection of a registry whose host is under `.invalid` (RFC 6761, cannot "
    "exist) answers `success: false` with a non-empty `error`",
    operations=(TEST_CONNECTION.label,),
    needs_writes=True,
    proven_by=("test-connection-always-succeeds",),
)
