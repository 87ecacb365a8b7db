"""Small statistics for noisy machines: medians and p90s, in milliseconds."""

from __future__ import annotations

import math
import statistics


def summary(seconds: list[float]) -> dict:
    """median / p90 (nearest rank) / min / n of samples given in seconds, reported in ms."""
    if not seconds:
        return {"median_ms": None, "p90_ms": None, "min_ms": None, "n": 0}
    ordered = sorted(seconds)
    p90 = ordered[max(0, math.ceil(0.9 * len(ordered)) - 1)]
    return {
        "median_ms": round(statistics.median(ordered) * 1000, 3),
        "p90_ms": round(p90 * 1000, 3),
        "min_ms": round(ordered[0] * 1000, 3),
        "n": len(ordered),
    }


def ratio(value: float | None, base: float | None) -> float | None:
    if value is None or not base:
        return None
    return round(value / base, 2)
