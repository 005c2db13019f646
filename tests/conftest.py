"""The fixtures every test may use: the corpora built once per session (tests/corpora.py)."""

pytest_plugins = ["tests.corpora"]
