"""Controlled vocabularies: areas, relation types, and the topic and offers/needs tags."""

from django.db import models
from django.utils.text import slugify
from modelcluster.fields import ParentalKey
from taggit.models import ItemBase, TagBase
from wagtail.admin.panels import FieldPanel
from wagtail.coreutils import cautious_slugify
from wagtail.search import index


class Area(index.Indexed, models.Model):
    """A ward or neighbourhood that listings belong to."""

    class Kind(models.TextChoices):
        """What sort of area this is."""

        WARD = "ward", "Ward"
        NEIGHBOURHOOD = "neighbourhood", "Neighbourhood"

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.WARD)
    description = models.TextField(blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("kind"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            # A name with no Latin letters ("東区") still gets a slug to link to.
            self.slug = slugify(self.name) or cautious_slugify(self.name)
        super().save(*args, **kwargs)


class RelationType(index.Indexed, models.Model):
    """A kind of connection between listings, read forwards and backwards."""

    class Direction(models.TextChoices):
        """Whether the connection reads one way or both."""

        DIRECTED = "directed", "Directed (A → B)"
        MUTUAL = "mutual", "Mutual (A ↔ B)"

    name = models.CharField(max_length=60, unique=True, help_text='For example "meets at".')
    reverse_name = models.CharField(
        max_length=60, help_text='Read from the other end, for example "hosts".'
    )
    direction = models.CharField(
        max_length=10, choices=Direction.choices, default=Direction.DIRECTED
    )

    panels = [FieldPanel("name"), FieldPanel("reverse_name"), FieldPanel("direction")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def is_mutual(self):
        return self.direction == self.Direction.MUTUAL


class TopicTag(TagBase):
    """A topic a listing is about ("food", "older people")."""

    free_tagging = True

    class Meta:
        verbose_name = "topic"
        verbose_name_plural = "topics"


class ResourceTag(TagBase):
    """One vocabulary for what listings offer and need, so needs can be matched to offers."""

    free_tagging = True

    class Meta:
        verbose_name = "offer or need"
        verbose_name_plural = "offers and needs"


class ListingTopic(ItemBase):
    """Through model: a listing's topics."""

    tag = models.ForeignKey(TopicTag, related_name="listing_items", on_delete=models.CASCADE)
    content_object = ParentalKey(
        "directory.Listing", related_name="topic_items", on_delete=models.CASCADE
    )


class ListingOffer(ItemBase):
    """Through model: what a listing offers."""

    tag = models.ForeignKey(ResourceTag, related_name="offer_items", on_delete=models.CASCADE)
    content_object = ParentalKey(
        "directory.Listing", related_name="offer_items", on_delete=models.CASCADE
    )


class ListingNeed(ItemBase):
    """Through model: what a listing needs."""

    tag = models.ForeignKey(ResourceTag, related_name="need_items", on_delete=models.CASCADE)
    content_object = ParentalKey(
        "directory.Listing", related_name="need_items", on_delete=models.CASCADE
    )
