"""The named checks, one small function each; importing this package registers them all in
`contract_tests.registry.CHECKS`.

- `answers`: what every single answer must be (schemathesis's built-in checks, and ours);
- `requests`: how the server treats a kind of request (invalid, valid, unauthenticated);
- `pagination`: the pages of a list and the walk across them;
- `state`: the rules of the reference model (`contract_tests.model`) across answers.
"""

from contract_tests.checks import answers, pagination, requests, state

__all__ = ["answers", "pagination", "requests", "state"]
