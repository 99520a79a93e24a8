"""Background work: the network's figures are computed after publishing, never in a request."""

import datetime

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from localcommons.batching import once_per_batch


@task()
def rebuild_network_task(requested_at):
    """Recompute the network (skipped if a newer computation already started)."""
    from mapping.network.build import rebuild

    rebuild(datetime.datetime.fromisoformat(requested_at))


@once_per_batch
def request_network_rebuild(**_signal_kwargs):
    """Queue a recomputation once the current transaction has committed."""
    requested_at = timezone.now().isoformat()
    transaction.on_commit(lambda: rebuild_network_task.enqueue(requested_at))
