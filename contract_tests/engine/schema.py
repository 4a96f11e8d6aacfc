"""The schemathesis schema every request of the run is built from (the API's parts themselves
are named in `api_spec.registries`)."""

from __future__ import annotations

import copy
from typing import Any

import schemathesis
from schemathesis import Case
from schemathesis.config import SchemathesisConfig
from schemathesis.core import NOT_SET

from api_spec import SPEC, Operation
from api_spec.registries import CREATE, ID, LIST, OPERATIONS

# An explicit configuration, so a schemathesis.toml in the working directory changes nothing.
# The links-driven state machine sends valid requests only (fuzzing sends both kinds). Values
# are not drawn from earlier answers: those carry the server's own ids and times, and a run
# must repeat its requests for the same --seed (the suite replaces ids with its own anyway).
# Fuzzing sends every by-id request to an id made up to be missing, which the server refuses
# before it reads anything else: the coverage phase's variations of those requests would all
# meet the same 404. A list's query, valid or not, is the probes' (every page size and order,
# each near miss of each on every axis, every limit out of bounds), so its coverage phase
# would repeat them at some 40 requests a run. It runs for a create alone.
_SEEDED_ONLY = {"extra-data-sources": {"responses": False}}
CONFIG = SchemathesisConfig.from_dict(
    {
        "phases": {
            "examples": _SEEDED_ONLY,
            "coverage": _SEEDED_ONLY,
            "fuzzing": _SEEDED_ONLY,
            "stateful": {"generation": {"mode": "positive"}},
        },
        "operations": [
            *(
                {
                    "include-operation-id": op.operation_id,
                    "phases": {"coverage": {"enabled": False}},
                }
                for op in OPERATIONS
                if op.path_parameters or op is LIST
            ),
            # The valid variations of a create are the probes' (every member, every awkward
            # value, every kind): the coverage phase sends it the invalid ones alone.
            *(
                {
                    "include-operation-id": op.operation_id,
                    "phases": {"coverage": {"generation": {"mode": "negative"}}},
                }
                for op in (CREATE,)
            ),
        ],
    }
)
# Built from the document api_spec already parsed: the spec is read once.
SCHEMA = schemathesis.openapi.from_dict(copy.deepcopy(dict(SPEC.document)), config=CONFIG)


def case(
    operation: Operation,
    *,
    registry_id: str | None = None,
    query: dict[str, Any] | None = None,
    body: Any = NOT_SET,
) -> Case[Any]:
    """A request of the suite's own, as a schemathesis case of `operation`."""
    target = SCHEMA[operation.path][operation.method]
    path = {ID: registry_id} if registry_id is not None else None
    return target.Case(path_parameters=path, query=query, body=body)
