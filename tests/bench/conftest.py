"""The bench smoke tests start their own processes (each with its own embedded moto): they need
none of the session's moto server."""

import pytest


@pytest.fixture(autouse=True)
def fresh_aws():
    yield None
