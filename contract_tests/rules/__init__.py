"""The rules of the contract: every check, and what they judge by.

- `registry`: the `Check` objects, in one list (`CHECKS`); importing this package registers
  them all, in the order the reports show them:
  - `answers`: what every answer must be (schemathesis's built-in checks, and ours);
  - `requests`: how the server treats a kind of request (valid, invalid, made-up ids, tokens);
  - `pagination`: the pages of a list and the walk across them;
  - `state`: what the run wrote, read back, deleted, against the model's predictions;
  - `isolation`: one team never sees or touches another's registries.
- `model`: the reference model, which predicts each request's answer from what the run knows;
  `exchange`: a request, its prediction and its answer; `compare`: representations compared;
  `violations`: what a broken rule looks like.
"""

# In the order the reports list them.
from contract_tests.rules import answers, requests  # isort: skip
from contract_tests.rules import pagination, state  # isort: skip
from contract_tests.rules import isolation  # isort: skip

__all__ = ["answers", "isolation", "pagination", "requests", "state"]
