"""Contract suite: certifies a server against the container-registries spec.

Run it with ``python -m contract_tests --base-url URL`` (``cli``: options, preflight, exit
status) or ``pytest contract_tests --base-url URL`` (``plugin``); the options of both come
from ``options``.

How it is put together:

- ``api``: the schemathesis schema every request is built from (the API's parts are named in
  ``api_spec.registries``); ``calls``: the suite's own requests and walks.
- ``session``: the one request layer every request goes through, schemathesis's included:
  ``policy`` (read-only, own ids only), ``pacing`` (rate, budgets, Retry-After), the
  ``ledger`` of created ids, ``redaction`` (every secret sent, in every form), ``stopping``
  (signals held while a create is in flight), keep-alive, a capped body read.
- ``registry``: every check, one ``Check`` each; ``checks/`` holds them (``answers``: every
  answer; ``requests``; ``pagination``; ``state``: the model's rules).
- ``observer``: every answer passes here: schemathesis's runner applies the per-answer checks,
  then ``model``, the reference model of what the run knows, compares it.
- ``results`` is the book of outcomes; ``report`` renders the summary and the reports;
  ``repro`` writes replay scripts from the ``transcript``; ``progress`` shows the run going.
- ``test_*.py``: fuzzing (``fuzzing``), auth, pagination properties and writes between pages,
  the story scenario, the links-driven ``lifecycle``, identity, malformed bodies.
- ``cleanup``: deleting what a run created, and the ``cleanup`` sweep after a crash;
  ``baseline``: plain schemathesis, which ``make bench`` measures the suite against.
"""
