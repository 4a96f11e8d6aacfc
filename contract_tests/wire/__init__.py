"""Everything on the wire: the one request layer every request of a run goes through.

- `session`: `GuardedSession`, which every request passes; `client`: `Wire`, a session per
  set of credentials; `credentials`: the teams and tokens a request carries;
- the guards: `policy` (read-only, own ids only), `pacing` (rate, budgets, Retry-After),
  `ledger` (ids created, on disk), `redaction` (every secret sent, in every form), `stopping`
  (signals held while a create is in flight), `quickack` (keep-alive without a stall);
- `preflight` (the URL and the tokens, before any test), `cleanup` (delete what runs created);
- `errors`: why a run cannot go on.

It imports `api_spec` and nothing of schemathesis or of the suite's other layers.
"""
