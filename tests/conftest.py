"""Every server a test starts from this checkout is forked from a process that has already
imported it (`tests.forks`): the same `main` as `python -m`, without its start-up."""

from mock_server import testing
from tests import forks

testing.use_launcher(forks.launch)
