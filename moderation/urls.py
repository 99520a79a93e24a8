"""Public suggestion pages, by listing id (a listing's slug can change; its id cannot)."""

from django.urls import path

from moderation import views

urlpatterns = [
    path("suggest/<id:listing_id>/change/", views.suggest_change, name="suggest_change"),
    path(
        "suggest/<id:listing_id>/connection/",
        views.suggest_connection,
        name="suggest_connection",
    ),
    path("suggest/<id:listing_id>/thanks/", views.suggestion_thanks, name="suggestion_thanks"),
]
