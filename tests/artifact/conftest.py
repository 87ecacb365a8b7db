"""Artifact tests bring their own resources: one function's tables at a time, not every table."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def fresh_aws():
    """Overrides the suite's: each test resets the server and creates only its function's resources."""
    yield None
