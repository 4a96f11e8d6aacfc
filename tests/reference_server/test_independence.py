"""The reference server stays a second implementation: it imports nothing of the mock, and
none of api_spec's request checks, so a bug there cannot make both servers agree.

api_spec may be read for facts (SPEC, the names in api_spec.registries, members' types, enums,
bounds, the provider rules' hosts); what it offers to judge a request may not be called. The
source is parsed, not grepped, so comments and docstrings may still name what is forbidden.
"""

from __future__ import annotations

import ast
import subprocess
import sys

import pytest

from .support import ROOT

PACKAGE = ROOT / "reference_server"
FORBIDDEN_MODULE = "mock_server"
# api_spec's checks of a request: ObjectSchema.problems/known, Member.problem,
# Parameter.parse/bounds_problem, ProviderRules.refusal/accepted_host/host_matches, and
# api_spec.extensions.host_of.
FORBIDDEN_NAMES = frozenset(
    {
        "problems",
        "known",
        "problem",
        "parse",
        "bounds_problem",
        "refusal",
        "accepted_host",
        "host_matches",
        "host_of",
    }
)


def _is_forbidden_module(name: str | None) -> bool:
    return name is not None and (
        name == FORBIDDEN_MODULE or name.startswith(FORBIDDEN_MODULE + ".")
    )


def violations(source: str, filename: str = "<source>") -> list[str]:
    """Each import of the mock and each use of a forbidden name, as `file:line: what`."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source, filename)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names if _is_forbidden_module(alias.name)]
        elif isinstance(node, ast.ImportFrom):
            imported = [alias.name for alias in node.names if alias.name in FORBIDDEN_NAMES]
            names = [str(node.module)] if _is_forbidden_module(node.module) else imported
        elif isinstance(node, ast.Attribute):
            names = [node.attr] if node.attr in FORBIDDEN_NAMES else []
        elif isinstance(node, ast.Name):
            names = [node.id] if node.id in FORBIDDEN_NAMES else []
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            # importlib.import_module("mock_server...") or getattr(schema, "problems")
            text = node.value
            names = [text] if _is_forbidden_module(text) or text in FORBIDDEN_NAMES else []
        else:
            names = []
        found += [f"{filename}:{getattr(node, 'lineno', '?')}: {name}" for name in names]
    return found


def test_the_package_uses_neither_the_mock_nor_api_spec_checks() -> None:
    files = sorted(PACKAGE.rglob("*.py"))
    assert len(files) > 10, files  # the package is where the test looks
    found = [v for path in files for v in violations(path.read_text(), path.name)]
    assert found == []


@pytest.mark.parametrize(
    "source",
    [
        "import mock_server",
        "import mock_server.store as store",
        "from mock_server import validation",
        "from mock_server.errors import ApiError",
        "from api_spec.extensions import host_of",
        "from api_spec.extensions import host_matches as matches",
        "CREATE_BODY.problems(body)",
        "CREATE_BODY.known(body)",
        "member.problem(value)",
        "LIMIT.parse(text)",
        "LIMIT.bounds_problem(5)",
        "RULES.refusal(kind, url)",
        "RULES.accepted_host(kind)",
        "extensions.host_matches(host, pattern)",
        "api_spec.extensions.host_of(url)",
        "check = host_of",
        "getattr(CREATE_BODY, 'problems')(body)",
        "importlib.import_module('mock_server.validation')",
    ],
)
def test_the_check_catches_each_way_in(source: str) -> None:
    assert violations(source), source


@pytest.mark.parametrize(
    "source",
    [
        "from api_spec.registries import CREATE_BODY, LIMIT, RULES",
        "types = CREATE_BODY.members['name'].types",
        "hosts = RULES.hosts",
        "low = LIMIT.minimum",
        "from urllib.parse import unquote",
        '"""Unlike the mock, whose validation lives in mock_server.validation."""',
    ],
)
def test_the_check_lets_the_spec_be_read(source: str) -> None:
    assert violations(source) == []


def test_importing_every_module_loads_nothing_of_the_mock() -> None:
    """At run time too: no module reaches the mock through another."""
    names = [f"reference_server.{path.stem}" for path in PACKAGE.glob("*.py")]
    modules = [name for name in names if not name.endswith(("__init__", "__main__"))]
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] == {FORBIDDEN_MODULE!r}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]", done.stdout
