"""StreamField blocks for the body of a story."""

from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

PARAGRAPH_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class ImageBlock(blocks.StructBlock):
    """A photograph with a description for screen readers, a caption and a credit."""

    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=200, help_text="What the picture shows, for people who cannot see it."
    )
    caption = blocks.CharBlock(required=False, max_length=300)
    credit = blocks.CharBlock(required=False, max_length=120)

    class Meta:
        icon = "image"
        template = "stories/blocks/image.html"


class QuoteBlock(blocks.StructBlock):
    """Words someone said, with who said them."""

    text = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False, max_length=120)

    class Meta:
        icon = "openquote"
        template = "stories/blocks/quote.html"


class ListingCardBlock(blocks.StructBlock):
    """A card for one listing, shown only while the listing is public."""

    listing = blocks.PageChooserBlock(page_type="directory.Listing")

    class Meta:
        icon = "doc-full"
        template = "stories/blocks/listing_card.html"


class PlacesMapBlock(blocks.StructBlock):
    """A map of the places the story features, with a list for anyone not using the map."""

    heading = blocks.CharBlock(required=False, max_length=120, default="Where this happens")

    class Meta:
        icon = "site"
        template = "stories/blocks/places_map.html"


class BodyBlock(blocks.StreamBlock):
    """The blocks every narrative page is written with."""

    paragraph = blocks.RichTextBlock(features=PARAGRAPH_FEATURES)
    heading = blocks.CharBlock(
        max_length=120, form_classname="title", template="stories/blocks/heading.html"
    )
    image = ImageBlock()
    quote = QuoteBlock()
    embed = EmbedBlock(help_text="A video or audio link, e.g. from YouTube or SoundCloud.")


class StoryBodyBlock(BodyBlock):
    """A story's body: the common blocks, plus listing cards and a map of its places."""

    listing_card = ListingCardBlock()
    places_map = PlacesMapBlock()


class ProjectBodyBlock(BodyBlock):
    """A project page's body."""
