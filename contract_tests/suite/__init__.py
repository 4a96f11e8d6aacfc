"""The pytest modules of the suite (`test_*.py`) and what only they use: the schemathesis
`schema` requests are built from, the `calls` client, `fuzzing` and the `lifecycle` state
machine, the `bodies` the suite sends and `near_misses`, and the `population` of registries."""
