"""Conversations: posting a comment and replying to one."""

from django.urls import path

from research.conversations import views

urlpatterns = [
    path("comments/post/", views.post_comment, name="comments-post-comment"),
    path("comments/reply/<id:comment_id>/", views.reply, name="comment_reply"),
]
