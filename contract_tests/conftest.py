"""Loads the suite's plugin so `pytest contract_tests --base-url URL` works."""

pytest_plugins = ["contract_tests.plugin"]
