"""Which checked element rows name listings already on the site (Kumu's matching rules).

With an ID column a row names the listing with that research ID (or `listing-<pk>`, the ID
our exports give a listing without one); a row without an ID, or a sheet without the
column, names the listing with the same label and kind. Labels are compared without
regard to case, as Kumu does.
"""

import re

from django.contrib.contenttypes.models import ContentType

from directory.models import Listing

OWN_ID = re.compile(r"^listing-(\d+)$", re.IGNORECASE)


def match_existing(elements, sheet):
    """({element key: listing pk}, Problems) for the rows that name an existing listing."""
    listings = list(Listing.objects.values_list("pk", "external_id", "title", "content_type_id"))
    types = ContentType.objects.get_for_models(*Listing.kinds()).values()
    models = {content_type.pk: content_type.model_class() for content_type in types}
    by_id, by_label, content_type_of = {}, {}, {}
    for pk, external_id, title, content_type in listings:
        content_type_of[pk] = content_type
        if external_id:
            by_id.setdefault(external_id.casefold(), []).append((pk, content_type))
        by_label.setdefault(title.casefold(), []).append((pk, content_type))
    matched, problems, row_of = {}, [], {}
    id_column = sheet.column("ID")
    for element in elements:
        if element.external_id:
            found = by_id.get(element.external_id.casefold(), [])
            own = OWN_ID.match(element.external_id)
            if not found and own and int(own[1]) in content_type_of:
                found = [(int(own[1]), content_type_of[int(own[1])])]
            what, column = f'the ID "{element.external_id}"', id_column
        else:
            found = [
                (pk, ct)
                for pk, ct in by_label.get(element.label.casefold(), [])
                if models.get(ct) is element.model
            ]
            what, column = f'the label "{element.label}" and type {element.model.kind_label}', ""
        problem = _problem(element, found, what, models)
        if problem is None and found:
            pk = found[0][0]
            if pk in row_of:
                problem = (
                    f"Row {row_of[pk]} names the same listing on the site: each listing can "
                    "have one row."
                )
            else:
                row_of[pk] = element.row
                matched[element.key] = pk
        if problem:
            problems.append(
                sheet.problem(problem, row=element.row, column=column or sheet.column("Label"))
            )
    return matched, problems


def _problem(element, found, what, models):
    if len(found) > 1:
        return (
            f"{len(found)} listings on the site have {what}, so the row could update any of "
            "them: give each its own ID in the admin (Promote tab) and in this sheet."
        )
    if found and models.get(found[0][1]) is not element.model:
        kind = getattr(models.get(found[0][1]), "kind_label", "listing")
        return (
            f"On the site, the listing with {what} is of type {kind}, but this row says "
            f"{element.model.kind_label}. An import cannot change a listing's type: fix the "
            "Type, or give the row a new ID."
        )
    return None
