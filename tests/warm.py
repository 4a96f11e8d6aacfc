"""Imported once by the fork server of `tests.forks`, before any fork: work every run of the
suite would otherwise redo, done once and inherited by each child.

Schemathesis searches, once per process, for values outside any enum that its coverage phase
offers as invalid (a second and a half); the suite's fuzzing tests need them at collection.
The search is a private function of schemathesis: if it is gone, nothing is warmed, and runs
are only slower.
"""

from __future__ import annotations

import contextlib
import warnings

# Hypothesis's pytest plugin first: it warns when strategies are evaluated before it loads.
import _hypothesis_pytestplugin  # type: ignore[import-untyped]  # noqa: F401

import contract_tests.plugin  # noqa: F401 (the suite, imported once)

with contextlib.suppress(ImportError, AttributeError), warnings.catch_warnings():
    # Hypothesis warns that this is slow work at start-up: here, that is the point.
    warnings.simplefilter("ignore")
    from schemathesis.specs.openapi.coverage import _schema

    _schema._invalid_enum_candidates()
