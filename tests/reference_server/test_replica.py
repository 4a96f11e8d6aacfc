"""The lagging replica of `--list-lag` on its own, on a clock the test moves: what a list sees
at each moment, and that the log of writes holds only those younger than the lag."""

from __future__ import annotations

from datetime import UTC, datetime

from reference_server.replica import Replica
from reference_server.resource import Registry


class Ticking:
    """A monotonic clock that moves only when told."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _registry(registry_id: str, name: str) -> Registry:
    moment = datetime(2026, 1, 1, tzinfo=UTC)
    return Registry(registry_id, {"name": name}, moment, moment)


def _names(replica: Replica) -> list[str]:
    shown, _ = replica.view().page(None, 10_000, descending=False)
    return [registry.text("name") for registry in shown]


def test_each_write_reaches_the_list_exactly_lag_seconds_later() -> None:
    clock = Ticking()
    replica = Replica(2.0, clock)
    replica.preload(_registry("old", "preloaded"))
    replica.record("a", _registry("a", "created"))
    clock.now += 1.0
    replica.record("a", _registry("a", "updated"))
    replica.record("old", None)
    assert _names(replica) == ["preloaded"]
    clock.now += 1.0  # the create is 2 s old
    assert _names(replica) == ["created", "preloaded"]
    clock.now += 0.5
    assert _names(replica) == ["created", "preloaded"]
    clock.now += 0.5  # the update and the delete are 2 s old
    assert _names(replica) == ["updated"]


def test_the_log_keeps_only_writes_younger_than_the_lag() -> None:
    clock = Ticking()
    replica = Replica(1.0, clock)
    for i in range(1000):
        replica.record(str(i), _registry(str(i), f"r{i}"))
        clock.now += 0.01
    assert replica.backlog <= 101
    assert len(_names(replica)) >= 899
