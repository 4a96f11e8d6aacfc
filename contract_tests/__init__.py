"""Contract suite: certifies a server against the container-registries spec.

Run it with `python -m contract_tests --base-url URL` (`cli`) or `pytest contract_tests
--base-url URL` (`plugin`); both take their options from `options`, once, into `settings`, and
`run` assembles the layers. Each folder is one layer, and the data flows one way:

    wire/    the request ->  rules/   the answer judged  ->  record/  the finding, the outcome
                                                         ->  report/  what the run says
    suite/   the pytest modules, which choose the requests

- `wire`: the one request layer every request goes through, with the safety rules of a run
  against a real account (it imports neither `rules` nor `report`);
- `rules`: every check, one object each, in one registry; the reference model, which predicts
  each request's answer from what the run knows;
- `record`: the observer every exchange passes, the book of outcomes, the transcript;
- `report`: the summary, the Markdown and JSON reports, replay scripts, progress;
- `suite`: fuzzing, pagination properties, the scenario, the state machine, identity, near
  misses, isolation, auth;
- `baseline`: plain schemathesis, which `make bench` measures the suite against.
"""
