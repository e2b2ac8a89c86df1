"""The roles and the mechanism of who may see and do what. Roles are Django
groups (names below; created by plans' migration, which with each app's own
migration grants their model permissions):

- the secretariat (superusers, and the Secretariat group) runs the cycle and
  sees every row in the admin;
- a focal point (a staff user named in an institution's focal points) sees
  the rows of their institution(s) only;
- a moderator (superusers, and the Moderators group) hides and shows again
  ideas and comments that break the charter, and is, with the author, the
  only one to see hidden content (`can_see`);
- an association's representative (a staff user named among an
  association's representatives; the Association representatives group
  gives the model permissions) works on the rows of what their association
  organises or drafts.
Who is a focal point or a representative is plans' to say (plans.rules,
which also builds the scopes through institutions and associations); what a
role may do with an app's rows is that app's `rules.py`. Model permissions
still apply on top of the role."""

from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import Group
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

SECRETARIAT_GROUP = "Secretariat"
FOCAL_POINTS_GROUP = "Focal points"
MODERATORS_GROUP = "Moderators"
REPRESENTATIVES_GROUP = "Association representatives"
# The groups' names are keys (migrations and code find the roles by them);
# staff read them in their language.
ROLE_LABELS = {
    SECRETARIAT_GROUP: _("Secretariat"),
    FOCAL_POINTS_GROUP: _("Focal points"),
    MODERATORS_GROUP: _("Moderators"),
    REPRESENTATIVES_GROUP: _("Association representatives"),
}


def role_label(name: str) -> str:
    return str(ROLE_LABELS.get(name, name))


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def _in_group(user, name: str) -> bool:
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    # Asked several times per page: remember the user's groups on the object.
    if not hasattr(user, "_role_names"):
        user._role_names = set(user.groups.values_list("name", flat=True))
    return name in user._role_names


def secretariat_group() -> Group:
    group, _created = Group.objects.get_or_create(name=SECRETARIAT_GROUP)
    return group


def is_secretariat(user) -> bool:
    return _in_group(user, SECRETARIAT_GROUP)


def secretariat_members():
    """Everyone is_secretariat() is true of (active superusers, and active
    members of the Secretariat group): whom the secretariat's emails reach."""
    from django.contrib.auth import get_user_model

    members = Q(is_superuser=True) | Q(groups__name=SECRETARIAT_GROUP)
    users = get_user_model()._default_manager
    return users.filter(is_active=True).filter(pk__in=users.filter(members).values("pk"))


def is_active_staff(user) -> bool:
    return _active(user) and user.is_staff


def is_moderator(user) -> bool:
    return is_active_staff(user) and _in_group(user, MODERATORS_GROUP)


# Public visibility of moderated content (ideas, comments).


def can_see(user, obj) -> bool:
    """Content hidden by moderation: only its author and moderators see it."""
    if not obj.is_hidden:
        return True
    return _active(user) and (obj.author_id == user.pk or is_moderator(user))


def is_staff_with(user, permission: str) -> bool:
    return is_active_staff(user) and user.has_perm(permission)


# Scoping: which rows of a model a staff user works on in the admin. Every
# ModelAdmin declares one `scope` (the admin authorization test walks
# `admin.site._registry` and fails on an admin without one).


@dataclass(frozen=True)
class Scope:
    """`roles`: who sees every row (the secretariat, moderators, or only
    superusers). `through`: (members, path) pairs for the others: `members(user)`
    gives the ids of the rows a user belongs to, `path` leads from the model
    to such a row, and through it they see the rows of theirs (plans' rules
    build these for focal points and representatives: core does not know
    them). `only`: what part of those rows they see at most. `adds`: who
    adds rows, where that is not "those who see them all"."""

    roles: frozenset[str]
    through: tuple[tuple[Callable[[Any], Collection[int]], str], ...] = ()
    only: Q = Q()
    adds: Callable[[Any], bool] | None = None

    def sees_all(self, user) -> bool:
        if not _active(user):
            return False
        if user.is_superuser:
            return True
        return any(_in_group(user, role) for role in self.roles)

    def admits(self, user) -> bool:
        """Whether the user works on any row of the model at all."""
        return self.sees_all(user) or any(members(user) for members, _path in self.through)

    def may_add(self, user) -> bool:
        """Creating rows is for those who see them all (a row added by one
        who sees some could point anywhere), unless the scope says who adds."""
        if self.adds is None:
            return self.sees_all(user)
        return self.admits(user) and self.adds(user)

    def rows(self, user, queryset: QuerySet) -> QuerySet:
        if self.sees_all(user):
            return queryset
        mine = Q()
        for members, path in self.through:
            ids = members(user)
            if ids:
                mine |= Q(**{f"{path}__in": ids})
        if not mine:
            return queryset.none()
        # A subquery, not a join: a row reached through two of the user's
        # institutions still appears once.
        return queryset.filter(pk__in=queryset.model._default_manager.filter(mine, self.only).values("pk"))


SUPERUSERS_ONLY = Scope(roles=frozenset())
SECRETARIAT_ONLY = Scope(roles=frozenset({SECRETARIAT_GROUP}))
MODERATION = Scope(roles=frozenset({SECRETARIAT_GROUP, MODERATORS_GROUP}))
