"""`make docs`: write the documentation that is read off the code, so it never drifts.

    python scripts/render_docs.py            # rewrite
    python scripts/render_docs.py --check    # exit 1, naming the files, when one is out of date

- docs/checks.md, whole, from the check registry (contract_tests.registry.CHECKS);
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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from api_spec.registries import CREATE_BODY, RULES  # noqa: E402
from contract_tests import checks  # noqa: E402, F401 (registers the checks)
from contract_tests.api import ALL_LABELS  # noqa: E402
from contract_tests.registry import CHECKS, Check, fault_table  # noqa: E402
from mock_server.faults import CATALOGUE  # noqa: E402


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _where(check: Check) -> str:
    if set(check.operations) >= set(ALL_LABELS):
        return "every operation"
    return "<br>".join(f"`{operation}`" for operation in check.operations)


def checks_page() -> str:
    rows = [
        f"| `{c.name}` | {_cell(c.rule)} | {_where(c)} | {'yes' if c.needs_writes else ''} | "
        f"{', '.join(f'`{f}`' for f in c.proven_by)} |"
        for c in CHECKS.values()
    ]
    return (
        "\n".join(
            [
                "# The checks",
                "",
                "Every rule the contract suite applies is one check, registered in",
                "`contract_tests/registry.py` with its rule, its function, whether it needs",
                "`--allow-writes`, the operations it applies to, and the faults of the mock's",
                "catalogue it must catch (`tests/contract/test_faults.py` runs each). The",
                "summary, the reports and this page are read off that registry: `make docs`",
                "writes this page.",
                "",
                "The built-in checks of schemathesis (`not_a_server_error`, the three",
                "`*_conformance`) run beside the suite's own on every answer of every operation.",
                "",
                "| check | rule | applies to | needs writes | proven by the faults |",
                "| --- | --- | --- | --- | --- |",
                *rows,
            ]
        )
        + "\n"
    )


def checks_table() -> str:
    rows = [f"| `{c.name}` | {_cell(c.rule)} |" for c in CHECKS.values()]
    return "\n".join(["| check | rule |", "| --- | --- |", *rows])


def faults_table() -> str:
    caught_by = fault_table()
    rows = [
        f"| {f.area} | `{f.name}` | {_cell(f.description)} | `{caught_by.get(f.name, '?')}` |"
        for f in CATALOGUE
    ]
    return "\n".join(
        ["| area | fault | the bug it plants | caught by |", "| --- | --- | --- | --- |", *rows]
    )


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
