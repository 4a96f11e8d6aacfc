"""openapi.yaml for the foundation tests: the raw document and its resolved form, from the
project's one reader of the spec (`api_spec.document`)."""

from __future__ import annotations

import copy
from typing import Any

from api_spec.document import read, resolve
from api_spec.spec import DEFAULT_PATH

SPEC_PATH = DEFAULT_PATH


def load_raw() -> dict[str, Any]:
    # A copy: the reader caches the parsed document, and tests must not share edits to it.
    return copy.deepcopy(read(SPEC_PATH))


def load() -> dict[str, Any]:
    raw = load_raw()
    resolved: dict[str, Any] = resolve(raw, raw)
    return resolved
