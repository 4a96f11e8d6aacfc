"""What the near-miss probes draw beside the fixed table of `contract_tests.rules.near_misses`:
page sizes that start with digits but are not whole numbers (a server that parses a leading
integer, as JavaScript's parseInt does, pages with them), drawn from the run's seed; and the
free-text members a probe may change."""

from __future__ import annotations

from hypothesis import strategies as st

from api_spec.registries import RULES, UPDATE_BODY, WRITE_ONLY


def not_whole_numbers() -> st.SearchStrategy[str]:
    """Text that starts like a page size but is not a whole number."""
    return st.from_regex(r"[1-9][0-9]?[.a-z][0-9a-z]{0,3}", fullmatch=True)


def free_text_members() -> list[str]:
    """Members of an update that hold free text a server stores as given (not the name, which
    carries the run's prefix, nor the URL, which provider rules may judge)."""
    return [
        name
        for name, member in UPDATE_BODY.members.items()
        if "string" in member.types
        and member.enum is None
        and name not in WRITE_ONLY
        and name not in ("name", RULES.member)
    ]
