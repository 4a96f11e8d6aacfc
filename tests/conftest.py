"""Every server a test starts from this checkout is forked from a process that has already
imported it (`tests.forks`): the same `main` as `python -m`, without its start-up.

A test run started as a background job (`make test &`, or by a tool that does so) inherits
SIGINT ignored, as POSIX shells without job control leave it, and a program started with it
ignored keeps it so: the tests that Ctrl-C a command they started would see it ignore them.
The test process takes the default back, so every command it starts starts with it.
"""

import signal

from mock_server import testing
from tests import forks

if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)
testing.use_launcher(forks.launch)
