"""Handlers marked once_per_batch run once at the end of a batch, and not at all if it fails."""

import pytest

from localcommons.batching import batched, once_per_batch

calls = []


@once_per_batch
def refresh(**_signal_kwargs):
    calls.append("refresh")


@pytest.fixture(autouse=True)
def no_calls():
    calls.clear()


def test_outside_a_batch_a_handler_runs_at_once():
    refresh(sender=None)
    refresh(sender=None)
    assert calls == ["refresh", "refresh"]


def test_inside_a_batch_it_runs_once_when_the_batch_ends():
    with batched():
        refresh(sender=None)
        with batched():
            refresh(sender=None)
        assert calls == []
    assert calls == ["refresh"]


def test_a_batch_that_fails_runs_nothing():
    with pytest.raises(ValueError), batched():
        refresh(sender=None)
        raise ValueError
    assert calls == []
    refresh(sender=None)
    assert calls == ["refresh"]
