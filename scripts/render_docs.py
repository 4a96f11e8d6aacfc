"""`make docs`: write the documentation that is read off the code, so it never drifts.

    python scripts/render_docs.py            # rewrite
    python scripts/render_docs.py --check    # exit 1, naming the files, when one is out of date

- docs/checks.md, whole, from the check registry (contract_tests.rules.registry.CHECKS);
- the checks table of README.md, between its `checks` markers, from the same registry;
- the fault table of docs/mock.md, between its `faults` markers, from the mock's catalogue
  (mock_server.faults.CATALOGUE) and the check that claims each fault, and its provider-rules
  table, between its `rules` markers, from openapi.yaml's x-provider-rules.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from api_spec.registries import CREATE_BODY, RULES  # noqa: E402
from contract_tests import rules  # noqa: E402, F401 (registers the checks)
from contract_tests.rules.exchange import AUTHENTICATED, Asked  # noqa: E402
from contract_tests.rules.registry import (  # noqa: E402
    ALL_OPERATIONS,
    CHECKS,
    Check,
    fault_table,
)
from mock_server.faults import CATALOGUE  # noqa: E402


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _judges(check: Check[Any]) -> str:
    """What it judges, and of what kinds of request, as the declaration says."""
    shape = check.shape.value
    if check.source == "schemathesis":
        shape += " (schemathesis's own check)"
    asked = set(check.asked)
    if asked == set(Asked):
        kinds = "any request"
    elif asked == set(AUTHENTICATED):
        kinds = "any request with a valid token"
    else:
        kinds = "; ".join(kind.value for kind in Asked if kind in asked)
    lags = "; read again before it fails (lag)" if check.lags else ""
    return f"{shape}: {kinds}{lags}"


def _requires(check: Check[Any]) -> str:
    return ", ".join(condition.name for condition in check.requires)


def _where(check: Check[Any]) -> str:
    if set(check.operations) >= set(ALL_OPERATIONS):
        return "every operation"
    return "<br>".join(f"`{operation}`" for operation in check.operations)


def checks_page() -> str:
    rows = [
        f"| `{c.name}` | {_cell(c.rule)} | {_cell(_judges(c))} | {_where(c)} | "
        f"{_cell(_requires(c))} | {_needs(c)} | {', '.join(f'`{f}`' for f in c.proven_by)} |"
        for c in CHECKS
    ]
    return (
        "\n".join(
            [
                "# The checks",
                "",
                "Every rule the contract suite applies is one check: an object registered in",
                "`contract_tests/rules/registry.py` with its rule, the function that decides it,",
                "and where it applies: what it judges (one exchange, two answers about one",
                "registry, two reads of the list, a walk, the run), the kinds of request and the",
                'operations, its preconditions (one that fails is "not judged", with the',
                "reason), whether it needs `--allow-writes` or a second team's token, and the",
                "faults of the mock's catalogue it must catch (`tests/contract/test_faults.py`",
                "runs each). The engine applies every check to everything it can judge, whichever",
                "test sent the requests. The summary, the reports and this page are read off the",
                "registry: `make docs` writes this page.",
                "",
                "Most checks judge an answer against what the reference model",
                "(`contract_tests/rules/model.py`) predicted for its request before it went out:",
                "a 2xx, a refusal and for which reason, and for a 2xx the registry as far as the",
                "run knows it, a deleted one included. `--checks NAMES` judges only those checks",
                "and runs only the tests that send what they need.",
                "",
                "| check | rule | judges | operations | preconditions | needs "
                "| proven by the faults |",
                "| --- | --- | --- | --- | --- | --- | --- |",
                *rows,
            ]
        )
        + "\n"
    )


def _needs(check: Check[Any]) -> str:
    needs = ["writes"] * check.needs_writes + ["a second team"] * check.needs_second_team
    return ", ".join(needs)


def checks_table() -> str:
    rows = [f"| `{c.name}` | {_cell(c.rule)} |" for c in CHECKS]
    return "\n".join(["| check | rule |", "| --- | --- |", *rows])


def faults_table() -> str:
    caught_by = fault_table()
    rows = [
        f"| {f.area} | `{f.name}` | {_cell(f.description)} | `{_name(caught_by.get(f.name))}` |"
        for f in CATALOGUE
    ]
    return "\n".join(
        ["| area | fault | the bug it plants | caught by |", "| --- | --- | --- | --- |", *rows]
    )


def _name(check: Check[Any] | None) -> str:
    return check.name if check is not None else "?"


def rules_table() -> str:
    kinds = [kind for kind in (CREATE_BODY.members[RULES.kind_member].enum or ())]
    rows = [
        f"| `{kind}` | "
        + (
            " or ".join(f"`{host}`" for host in RULES.hosts[kind])
            if RULES.has_rules(kind)
            else "anything"
        )
        + " |"
        for kind in kinds
    ]
    return "\n".join(
        [f"| `{RULES.kind_member}` | the `{RULES.member}`'s host must be |", "| --- | --- |", *rows]
    )


def between(marker: str, render: Callable[[], str]) -> Callable[[str], str]:
    """Replace what stands between `<!-- marker:start -->` and `<!-- marker:end -->`."""
    pattern = re.compile(rf"(<!-- {marker}:start -->\n).*?(<!-- {marker}:end -->)", re.DOTALL)

    def rewrite(text: str) -> str:
        if not pattern.search(text):
            raise SystemExit(f"docs: no <!-- {marker}:start/end --> markers")
        return pattern.sub(lambda m: m.group(1) + render() + "\n" + m.group(2), text)

    return rewrite


TARGETS: dict[Path, Callable[[str], str]] = {
    ROOT / "docs" / "checks.md": lambda _: checks_page(),
    ROOT / "README.md": between("checks", checks_table),
    ROOT / "docs" / "mock.md": lambda text: between("rules", rules_table)(
        between("faults", faults_table)(text)
    ),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare instead of rewriting")
    args = parser.parse_args(argv)
    stale = []
    for path, render in TARGETS.items():
        current = path.read_text() if path.exists() else ""
        wanted = render(current)
        if wanted != current:
            stale.append(path.relative_to(ROOT))
            if not args.check:
                path.write_text(wanted)
    if args.check and stale:
        print("out of date (run make docs): " + ", ".join(map(str, stale)))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
