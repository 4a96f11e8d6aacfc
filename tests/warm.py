"""Imported once by the fork server of `tests.forks`, before any fork: work every run of the
suite would otherwise redo, done once and inherited by each child.

Schemathesis searches, once per process, for values outside any enum that its coverage phase
offers as invalid (a second and a half); the suite's fuzzing tests need them at collection.
The search is a private function of schemathesis: if it is gone, nothing is warmed, and runs
are only slower.
"""

from __future__ import annotations

import contextlib
import importlib
import warnings

# Hypothesis's pytest plugin first: it warns when strategies are evaluated before it loads.
import _hypothesis_pytestplugin  # type: ignore[import-untyped]  # noqa: F401

import contract_tests.plugin  # noqa: F401 (the suite, imported once)

# What every run of the suite imports after it starts, here once instead: pytest's default
# plugins, schemathesis's pytest layer and its rate limiter (with what that pulls in), and the
# suite's helper modules. Its test modules are left to each run's own collection.
for _module in (
    "_pytest.faulthandler", "_pytest.helpconfig", "_pytest.pastebin", "_pytest.setuponly",
    "_pytest.setupplan", "_pytest.skipping", "_pytest.threadexception", "_pytest.tracemalloc",
    "_pytest.unittest", "_pytest.warnings", "pdb",
    "schemathesis.pytest.plugin", "schemathesis.generation.hypothesis.builder",
    "hypothesis.strategies._internal.regex", "pyrate_limiter",
    "contract_tests.conftest", "contract_tests.suite.fuzzing", "contract_tests.suite.lifecycle",
    "contract_tests.suite.near_misses",
):  # fmt: skip
    with contextlib.suppress(ImportError):
        importlib.import_module(_module)

with contextlib.suppress(ImportError, AttributeError), warnings.catch_warnings():
    # Hypothesis warns that this is slow work at start-up: here, that is the point.
    warnings.simplefilter("ignore")
    from schemathesis.specs.openapi.coverage import _schema

    _schema._invalid_enum_candidates()
