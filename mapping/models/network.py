"""The network's stored figures: snapshots and each listing's two-step neighbourhood."""

from django.db import models


class NetworkSnapshot(models.Model):
    """The network's structure and figures as computed at one moment (see mapping.network)."""

    started_at = models.DateTimeField(db_index=True)
    computed_at = models.DateTimeField(auto_now_add=True)
    duration_ms = models.PositiveIntegerField()
    node_count = models.PositiveIntegerField()
    link_count = models.PositiveIntegerField()
    data = models.JSONField()

    class Meta:
        get_latest_by = "started_at"

    def __str__(self):
        return f"Network of {self.node_count} listings, {self.computed_at:%Y-%m-%d %H:%M}"

    @classmethod
    def current(cls):
        """The latest snapshot, or None before the first computation."""
        return cls.objects.order_by("-started_at").first()


class NetworkNeighbourhood(models.Model):
    """A listing's connections within two steps, from the latest network computation."""

    listing = models.OneToOneField(
        "directory.Listing",
        primary_key=True,
        related_name="network_neighbourhood",
        on_delete=models.CASCADE,
    )
    one_step = models.PositiveIntegerField()
    two_steps = models.PositiveIntegerField(help_text="Listings exactly two steps away.")
    # The best-connected listings within two steps, most connected first.
    nearby_ids = models.JSONField(default=list)

    def __str__(self):
        return f"{self.listing_id}: {self.one_step} + {self.two_steps}"
