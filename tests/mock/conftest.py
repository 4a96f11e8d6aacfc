"""Make the repo's `mock_server` package importable by these tests.

pytest runs with `--import-mode=importlib`, which leaves the repo root off
`sys.path`; `pythonpath = ["."]` in pytest's config would make this file unnecessary.
"""

import sys
from pathlib import Path

ROOT = str(Path(__file__).resolve().parents[2])
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)
