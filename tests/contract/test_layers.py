"""The suite's layout keeps its promises: each folder is one layer and imports only from the
layers below it (`wire` < `rules` < `record` < `engine` < `suite`, and `report` beside
`engine`), no module imports another that imports it back, the request layer loads no
schemathesis, no check is named by a string outside its registration, and no test of the suite
and nothing of the pytest plugin asks a check anything: the engine alone does."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from contract_tests.rules.registry import CHECKS

from .support import ROOT

PACKAGE = ROOT / "contract_tests"
# What each folder may import from, besides itself (top-level modules: the entry points and
# the data they share).
ALLOWED = {
    "wire": set(),
    "rules": {"wire"},
    "record": {"wire", "rules"},
    "engine": {"wire", "rules", "record"},
    "report": {"wire", "rules", "record", "version", "exits", "settings"},
    "suite": {"wire", "rules", "record", "engine", "settings"},
}
FOLDERS = set(ALLOWED)


def modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imports(path: Path) -> set[str]:
    """The contract_tests modules `path` imports (a `from X import y` names X and X.y)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return {name for name in names if name.split(".")[0] == "contract_tests"}


def layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


GRAPH = {
    module: {i for i in imports(path) if i in modules() and i != module}
    for module, path in modules().items()
}


@pytest.mark.parametrize("folder", sorted(FOLDERS))
def test_a_layer_imports_only_from_the_layers_below(folder: str) -> None:
    wrong = {
        (module, target)
        for module, targets in GRAPH.items()
        if layer(module) == folder
        for target in targets
        if layer(target) not in {folder, *ALLOWED[folder]}
    }
    assert not wrong, sorted(wrong)


def test_no_module_imports_one_that_imports_it_back() -> None:
    order: list[str] = []
    state: dict[str, str] = {}

    def visit(module: str, path: list[str]) -> None:
        if state.get(module) == "done":
            return
        assert state.get(module) != "open", " -> ".join([*path, module])
        state[module] = "open"
        for target in sorted(GRAPH[module]):
            visit(target, [*path, module])
        state[module] = "done"
        order.append(module)

    for module in sorted(GRAPH):
        visit(module, [])
    assert len(order) == len(GRAPH)


def test_the_request_layer_loads_no_schemathesis_nor_the_rules() -> None:
    wire = [m for m in modules() if layer(m) == "wire"]
    probe = (
        f"import sys\nfor m in {wire!r}: __import__(m)\n"
        "loaded = [m for m in sys.modules if m.split('.')[0] in ('schemathesis', 'hypothesis')\n"
        "          or m.startswith(('contract_tests.rules', 'contract_tests.report'))]\n"
        "print(loaded)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]", done.stdout


def _literals(path: Path) -> list[tuple[int, str]]:
    """The string constants of a module that are not docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


def test_no_check_is_named_by_a_string() -> None:
    names = re.compile(r"\b(" + "|".join(re.escape(c.name) for c in CHECKS) + r")\b")
    found = [
        f"{path.relative_to(ROOT)}:{line}: {text!r}"
        for path in modules().values()
        for line, text in _literals(path)
        if names.search(text)
    ]
    assert not found, found


# Where the checks are defined: their names, imported anywhere else, are checks.
CHECK_MODULES = {f"contract_tests.rules.{name}" for name in
                 ("answers", "requests", "pagination", "state", "isolation")}  # fmt: skip
# What may ask a check for its verdict: the engine.
ASKS = {"verdict_of", "judge_builtin"}


def _imported_checks(path: Path) -> list[str]:
    """The checks a module imports, and the engine's ways of asking one it imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {check.name for check in CHECKS} | {"SERVER_ERROR", "STATUS_CODE", "CONTENT_TYPE",
                                                 "RESPONSE_SCHEMA", "BUILTINS"}  # fmt: skip
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                if node.module in CHECK_MODULES and alias.name in names:
                    found.append(f"{node.module}.{alias.name}")
                if alias.name in ASKS:
                    found.append(alias.name)
            if node.module in CHECK_MODULES and any(a.name == "*" for a in node.names):
                found.append(node.module)
    return found


def test_no_test_of_the_suite_nor_the_plugin_asks_a_check() -> None:
    """A test only makes requests and the engine judges every answer: no module of the suite,
    nor the plugin, nor the end of the run, imports a check or the engine's way of asking one."""
    askers = [m for m in modules() if layer(m) == "suite"]
    askers += ["contract_tests.plugin", "contract_tests.ending", "contract_tests.cli"]
    found = {module: _imported_checks(modules()[module]) for module in askers}
    assert not {m: names for m, names in found.items() if names}, found
