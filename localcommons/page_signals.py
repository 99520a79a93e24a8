"""Model signals for pages only, so that other rows can still be deleted in bulk."""

from wagtail.models import Page, get_page_models


def connect_for_page_models(signal, receiver, uid, base=Page):
    """Connect receiver to signal for every page model that is a kind of base.

    A receiver connected for every sender would make Django load each row of any bulk
    delete (stored matches, say) just to send it the signal.
    """
    for model in get_page_models():
        if issubclass(model, base):
            signal.connect(receiver, sender=model, dispatch_uid=f"{uid}-{model._meta.label_lower}")
