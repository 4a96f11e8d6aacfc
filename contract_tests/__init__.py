"""Contract suite: certifies a server against the container-registries spec.

Run it with ``python -m contract_tests --base-url URL`` (``cli``) or
``pytest contract_tests --base-url URL`` (options and reports in ``plugin``).

How it is put together:

- ``session``: the one request layer every request goes through, schemathesis's included;
  it applies ``policy`` (read-only, own ids only), ``pacing`` (rate, budgets, Retry-After),
  the ``ledger`` of created ids, and teaches ``redaction`` the passwords it sends.
- ``checks/``: the named checks, one small function each, returning what was wrong or None.
- ``verdicts`` records each check's outcome in the ``results`` book; ``violations`` holds the
  exceptions a failed check or an impossible run raises.
- ``test_*.py``: fuzzing every operation (``operations``), auth, identity, malformed bodies,
  pagination properties, and the ``lifecycle`` state machine.
- ``cleanup``: deleting what a run created, and the ``cleanup`` sweep after a crash.
"""
