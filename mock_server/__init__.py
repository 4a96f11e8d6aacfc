"""A stateful mock of the Paperspace container-registries API.

The package, one concept per module:

- `cli`: the command line (`python -m mock_server`) and start-up.
- `config`: the `Settings` every other module reads.
- `teams`: the teams served, as their tokens (options, environment, development tokens).
- `resource`: the members the mock assigns, and how it fills those a create left out (the
  API's parts come from `api_spec.registries`).
- `faults`: the catalogue of bugs the mock can plant (`--fault NAME`).
- `store`: registries in memory, with a sorted index per team for keyset pagination.
- `cursors`, `timestamps`: the opaque cursor and the timestamp formats; `cursor_table`: what
  the cursor faults keep of their cursors server-side.
- `validation`: what a request must look like, checked against the spec; `enum_matching`: how
  a value sent for an enum is matched against it.
- `body`: reading a request body (size limit, JSON); `stored_text`: the text a write stores.
- `representation`: a stored registry as the API shows it.
- `errors`: the error type handlers raise and its JSON rendering.
- `gate`: request log, throttling and bearer auth (the team a token acts for) in front of
  every operation.
- `operations`: the six API operations; `listing`: the list's page and its cursor;
  `connection`: the real test-connection; `creation_cache`: the stub test-connection of the
  `test-connection-stale-url` fault; `replays`: the bodies the faults that take a repeated
  body for a repeated request remember.
- `lookup`: which registry an id in a path names, for the team asking.
- `inspection`: the `/_mock/...` endpoints tests use to look inside.
- `seed`: `--seed-file` loading, and what a fault plants at start-up; `app`: the Starlette
  application.
- `testing`: `running_mock`, to start the real server from a test.
"""
