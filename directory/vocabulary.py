"""The starting vocabularies the community mapping process uses."""

# (name, reverse name, direction): the relation types every site starts with.
DEFAULT_RELATION_TYPES = [
    ("member of", "has member", "directed"),
    ("runs", "is run by", "directed"),
    ("meets at", "hosts", "directed"),
    ("partners with", "partners with", "mutual"),
    ("funds", "is funded by", "directed"),
    ("volunteers with", "has volunteer", "directed"),
    ("supports", "is supported by", "directed"),
    ("refers to", "takes referrals from", "directed"),
    ("uses", "is used by", "directed"),
]


def ensure_relation_types(relation_type_model):
    """Create any default relation type that is missing; leave edited ones alone."""
    for name, reverse_name, direction in DEFAULT_RELATION_TYPES:
        relation_type_model.objects.get_or_create(
            name=name, defaults={"reverse_name": reverse_name, "direction": direction}
        )
