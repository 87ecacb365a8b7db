"""Sign-in pauses: counted per username and source within a window; keys never hold the address
or the username."""

from __future__ import annotations

from chalicelib.identity import domain


def test_a_pause_needs_the_failures_within_the_window():
    now = 10_000
    assert domain.is_locked([now - i for i in range(10)], now, 10, 900)
    assert not domain.is_locked([now - i for i in range(9)], now, 10, 900)
    assert not domain.is_locked([now - 901 - i for i in range(50)], now, 10, 900)   # old failures expire


def test_failure_keys_are_per_source_and_hide_what_they_count():
    one, two, anywhere = (domain.failure_key("s3cret", "dr.bhopal", src) for src in ("10.0.0.1", "10.0.0.2", None))
    assert len({one, two, anywhere}) == 3
    assert all(k.startswith("FAILS#") and "bhopal" not in k and "10.0" not in k for k in (one, two, anywhere))
    assert domain.failure_key("other", "dr.bhopal", None) != anywhere
