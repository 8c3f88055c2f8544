"""Fixtures of the reliability tests (the short versions of bench/soak_reliability.py).

``reference`` (session): the org a fault-free apply of the demo's desired state leaves behind,
computed once on the shared emulator (harness.scenarios.reference); every experiment compares
its org with it.
"""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import scenarios  # noqa: E402


@pytest.fixture(scope='session')
def reference(emulator_session, tmp_path_factory):
    found = scenarios.reference(emulator_session, str(tmp_path_factory.mktemp('reference')))
    emulator_session.reset()
    return found
