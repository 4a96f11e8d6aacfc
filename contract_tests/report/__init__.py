"""What the run says: the terminal `summary`, the `markdown` and JSON (`machine`) reports,
the replay scripts (`repro`, written by `scripts`), `progress` while it runs, and the run's
`facts` (date, version, spec, time, requests)."""
