"""How a test of the suite says what it sends: `@sends(need(CREATE, ...), need(GET, asked=...))`,
operations and kinds of request, so a run of `--checks` runs only the tests that send what its
checks need (`contract_tests.selection`). Also `writes` (needs --allow-writes) and `second_team`
(needs a second team's token)."""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from api_spec import Operation
from contract_tests.engine.selection import SENDS
from contract_tests.rules.exchange import Asked
from contract_tests.rules.registry import EVERY_REQUEST, Need, Shape, need

writes = pytest.mark.writes
second_team = pytest.mark.second_team


def to(
    *operations: Operation,
    asked: Iterable[Asked] = (Asked.ALLOWED,),
    walks: bool = False,
    pages: bool = False,
) -> Need:
    """Requests to `operations` (every one when none) of the kinds `asked`; with `walks`, they
    walk the list to its end; with `pages`, they read one list twice to compare."""
    making = {*EVERY_REQUEST, *([Shape.WALK] if walks else []), *([Shape.PAGES] if pages else [])}
    return need(*(operation.label for operation in operations), asked=asked, making=making)


def sends(*needs: Need) -> pytest.MarkDecorator:
    decorator: pytest.MarkDecorator = getattr(pytest.mark, SENDS)(*needs)
    return decorator
