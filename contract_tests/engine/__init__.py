"""The engine: every exchange of the run passes here, whoever made it (schemathesis's fuzzing,
its state machine, a scenario, a near miss, a walk, an isolation probe), and every check that
applies judges it, by its declaration (`rules.registry`).

- `client`: the suite's requests: each predicted by the model, sent through the request layer,
  judged; a walk of the list; a create whose answer a gateway lost, looked for by its name;
- `engine`: `Engine`, which applies each check to what it can judge (an exchange, two answers
  about one registry, two reads of one list, a walk, the run) and books the verdicts;
- `walks`: the walks of the list and the first pages, followed from the exchanges;
- `consistency`: the consistency window, in which a read that shows an older state is read
  again before it can fail;
- `findings`: a problem made into a finding the reports show: what came back, the curl, the
  replay's requests.
"""
