"""A published workshop's findings as needs and offers for the matching."""

from research.models import FindingKind, WorkshopFinding, WorkshopPage


def finding_pairs():
    """((listing id, tag id) needs, (listing id, tag id) offers) from published workshops.

    The matching keeps only listings whose details the public may see, and leaves out
    completed projects' needs as it does for listings' own.
    """
    from stories.models import ProjectPage
    from stories.models.project import ProjectStatus

    findings = WorkshopFinding.objects.filter(
        workshop__in=WorkshopPage.objects.live().public(),
        listing__isnull=False,
        tag__isnull=False,
    )
    completed = ProjectPage.objects.filter(status=ProjectStatus.COMPLETED).values("pk")
    needs = findings.filter(kind=FindingKind.NEED).exclude(listing__in=completed)
    offers = findings.filter(kind=FindingKind.ASSET)
    return (
        list(needs.values_list("listing_id", "tag_id")),
        list(offers.values_list("listing_id", "tag_id")),
    )
