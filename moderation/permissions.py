"""Permission policies for what only the public forms create."""

from wagtail.permission_policies import ModelPermissionPolicy


class ArrivesFromThePublic(ModelPermissionPolicy):
    """Nobody adds these in the admin: they are residents' own words, from the public forms."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return super().user_has_any_permission(user, [a for a in actions if a != "add"])
