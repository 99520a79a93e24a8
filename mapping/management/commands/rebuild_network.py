"""Recompute the network's figures now."""

from django.core.management.base import BaseCommand

from mapping.network.build import rebuild


class Command(BaseCommand):
    help = "Recompute the network's figures (connectors, clusters, isolates) now."

    def handle(self, *args, **options):
        snapshot = rebuild()
        self.stdout.write(
            f"Network of {snapshot.node_count} listings and {snapshot.link_count} connections "
            f"computed in {snapshot.duration_ms / 1000:.2f} s."
        )
