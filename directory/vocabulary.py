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
    """Seed the default relation types into an empty table; a list editors changed is theirs."""
    if relation_type_model.objects.exists():
        return
    relation_type_model.objects.bulk_create(
        relation_type_model(name=name, reverse_name=reverse_name, direction=direction)
        for name, reverse_name, direction in DEFAULT_RELATION_TYPES
    )
