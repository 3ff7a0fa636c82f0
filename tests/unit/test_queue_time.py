"""The gateway's queue time (X-Request-Start, as nginx stamps it) is measured, never trusted: a malformed,
future or absurd stamp records nothing."""

from __future__ import annotations

import time

import pytest
from prometheus_client import REGISTRY

from gateway.observability import _observe_queue_time


def _observed() -> tuple[float, float]:
    name = "maintfund_http_queue_seconds"
    return REGISTRY.get_sample_value(f"{name}_sum") or 0.0, REGISTRY.get_sample_value(f"{name}_count") or 0.0


@pytest.mark.parametrize("form", ["t={:.6f}", "{:.3f}"])
def test_a_stamp_from_a_moment_ago_is_the_time_the_request_queued(form: str) -> None:
    total, count = _observed()
    _observe_queue_time(form.format(time.time() - 0.2))
    new_total, new_count = _observed()
    assert new_count == count + 1
    assert 0.19 <= new_total - total < 1.0


@pytest.mark.parametrize("stamp", [None, "", "t=", "t=abc", "soon", "t=1e400", "t=9999999999", "t=0"])
def test_a_stamp_that_cannot_be_a_queue_time_records_nothing(stamp: str | None) -> None:
    before = _observed()
    _observe_queue_time(stamp)
    assert _observed() == before
