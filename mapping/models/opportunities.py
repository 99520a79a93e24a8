"""Needs matched with offers, stored by the network computation (see mapping.opportunities)."""

from django.db import models


class Need(models.Model):
    """A public listing's need, from the latest matching, and how many listings offer it."""

    listing = models.ForeignKey(
        "directory.Listing", on_delete=models.CASCADE, related_name="opportunity_needs"
    )
    tag = models.ForeignKey("directory.ResourceTag", on_delete=models.CASCADE, related_name="+")
    offered_by = models.PositiveIntegerField(
        help_text="How many public listings offered it when the matches were computed."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["listing", "tag"], name="one_need_per_listing_tag")
        ]
        indexes = [models.Index(fields=["tag", "listing"])]

    def __str__(self):
        return f"{self.listing_id} needs {self.tag_id}"


class Match(models.Model):
    """A listing offering what a need asks for, with the parts of its score."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="matches")
    offer_listing = models.ForeignKey(
        "directory.Listing", on_delete=models.CASCADE, related_name="opportunity_offers"
    )
    score = models.FloatField()
    distance_m = models.PositiveIntegerField(null=True)
    same_area = models.BooleanField()
    steps = models.PositiveSmallIntegerField(
        null=True, help_text="1: already connected; 2: they share a contact; empty: further."
    )
    via = models.ForeignKey(
        "directory.Listing", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    need_rank = models.PositiveSmallIntegerField(null=True)
    offer_rank = models.PositiveSmallIntegerField(null=True)

    class Meta:
        verbose_name_plural = "matches"
        indexes = [
            models.Index(fields=["need", "need_rank"]),
            models.Index(fields=["offer_listing", "offer_rank"]),
        ]

    def __str__(self):
        return f"{self.offer_listing_id} could meet {self.need}"

    @property
    def connected(self):
        return self.steps == 1
