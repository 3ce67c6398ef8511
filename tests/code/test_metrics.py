"""The metrics' batched tallies expose exactly what prometheus_client's own observe() would."""

import random

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest

from movierec.api.observability import BUCKETS, Metrics


def samples(text: bytes, prefix: str) -> dict[str, float]:
    found = {}
    for line in text.decode().splitlines():
        if line.startswith(prefix) and not line.startswith("#"):
            series, value = line.rsplit(" ", 1)
            found[series] = float(value)
    return found


def test_batched_tallies_equal_observing_one_by_one():
    rng = random.Random(0)
    reference = CollectorRegistry()
    requests = Counter("movierec_requests", "x", ["method", "route", "status"], registry=reference)
    duration = Histogram("movierec_request_duration_seconds", "x", ["route"], buckets=BUCKETS, registry=reference)
    metrics = Metrics()
    # bounds exactly, between them, beyond the last one, and zero
    values = [*BUCKETS, 0.0, 7.0] + [rng.uniform(0, 3) for _ in range(500)]
    for index, seconds in enumerate(values):
        method, route, status = rng.choice(["GET", "HEAD"]), rng.choice(["/a/{x}", "/b"]), rng.choice([200, 404])
        metrics.observe(method, route, status, seconds)
        requests.labels(method, route, str(status)).inc()
        duration.labels(route).observe(seconds)
        if index == 250:
            metrics.flush()  # flushing in the middle changes nothing
    ours, theirs = metrics.render(), generate_latest(reference)
    for prefix in ("movierec_requests_total", "movierec_request_duration_seconds"):
        expected = samples(theirs, prefix)
        found = samples(ours, prefix)
        assert found.keys() == expected.keys() and expected
        assert all(abs(found[key] - expected[key]) < 1e-9 for key in expected), prefix
    assert samples(ours, "movierec_requests_total") == samples(metrics.render(), "movierec_requests_total")


def test_only_the_served_version_is_set_to_one():
    metrics = Metrics()
    metrics.serving("aaaa")
    metrics.serving("bbbb")
    served = samples(metrics.render(), "movierec_artifacts_served")
    assert served == {'movierec_artifacts_served{version="aaaa"}': 0.0,
                      'movierec_artifacts_served{version="bbbb"}': 1.0}
