"""Who may see and do what: the one module every view, template, admin and
test asks. Roles are Django groups (names below; created by plans' migration,
which with each app's own migration grants their model permissions):

- the secretariat (superusers, and the Secretariat group) runs the cycle and
  sees every row in the admin;
- a focal point (a staff user named in an institution's `focal_points`) sees
  the rows of their institution(s) only, through the lookup path the model's
  admin declares;
- a moderator (superusers, and the Moderators group) hides and shows again
  ideas and comments that break the charter, and is, with the author, the
  only one to see hidden content.
Model permissions still apply on top of the role."""

from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

SECRETARIAT_GROUP = "Secretariat"
FOCAL_POINTS_GROUP = "Focal points"
MODERATORS_GROUP = "Moderators"
# The groups' names are keys (migrations and code find the roles by them);
# staff read them in their language.
ROLE_LABELS = {
    SECRETARIAT_GROUP: _("Secretariat"),
    FOCAL_POINTS_GROUP: _("Focal points"),
    MODERATORS_GROUP: _("Moderators"),
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


def is_moderator(user) -> bool:
    return _active(user) and user.is_staff and _in_group(user, MODERATORS_GROUP)


def is_focal_point(user) -> bool:
    """Named on at least one institution (the reverse of its `focal_points`)."""
    if not (_active(user) and user.is_staff):
        return False
    # Asked by every scoped admin on a page (the index lists them all).
    if not hasattr(user, "_is_focal_point"):
        user._is_focal_point = user.institutions.exists()
    return user._is_focal_point


# Public visibility of moderated content (ideas, comments).


def can_see(user, obj) -> bool:
    """Content hidden by moderation: only its author and moderators see it."""
    if not obj.is_hidden:
        return True
    return _active(user) and (obj.author_id == user.pk or is_moderator(user))


def is_staff_with(user, permission: str) -> bool:
    return _active(user) and user.is_staff and user.has_perm(permission)


# Ideas: screening and decisions.


def _may_change_ideas(user) -> bool:
    return _active(user) and user.is_staff and user.has_perm("ideas.change_idea")


def can_screen(user) -> bool:
    """Accept, reject, send to institutions, any idea."""
    return _may_change_ideas(user) and is_secretariat(user)


def can_decide_integration(user, idea=None) -> bool:
    """Integrate an idea into commitments, or record that it is not integrated.
    Without an idea: whether the user makes this decision for any idea at all."""
    if not _may_change_ideas(user):
        return False
    if is_secretariat(user):
        return True
    if idea is None:
        return is_focal_point(user)
    return idea.sent_to.filter(focal_points=user).exists()


# Scoping: which rows of a model a staff user works on in the admin. Every
# ModelAdmin declares one `scope` (the admin authorization test walks
# `admin.site._registry` and fails on an admin without one).


@dataclass(frozen=True)
class Scope:
    """`roles`: who sees every row (the secretariat, moderators, or only
    superusers); `institution_paths`: lookups from the model to an
    institution, through which a focal point sees the rows of theirs."""

    roles: frozenset[str]
    institution_paths: tuple[str, ...] = ()

    def sees_all(self, user) -> bool:
        if not _active(user):
            return False
        if user.is_superuser:
            return True
        return any(_in_group(user, role) for role in self.roles)

    def admits(self, user) -> bool:
        """Whether the user works on any row of the model at all."""
        return self.sees_all(user) or bool(self.institution_paths and is_focal_point(user))

    def rows(self, user, queryset: QuerySet) -> QuerySet:
        if self.sees_all(user):
            return queryset
        if not (self.institution_paths and is_focal_point(user)):
            return queryset.none()
        mine = Q()
        for path in self.institution_paths:
            mine |= Q(**{f"{path}__focal_points": user})
        # A subquery, not a join: a row reached through two of the user's
        # institutions still appears once.
        return queryset.filter(pk__in=queryset.model._default_manager.filter(mine).values("pk"))


SUPERUSERS_ONLY = Scope(roles=frozenset())
SECRETARIAT_ONLY = Scope(roles=frozenset({SECRETARIAT_GROUP}))
MODERATION = Scope(roles=frozenset({SECRETARIAT_GROUP, MODERATORS_GROUP}))


def by_institution(*paths: str, moderated: bool = False) -> Scope:
    roles = {SECRETARIAT_GROUP, MODERATORS_GROUP} if moderated else {SECRETARIAT_GROUP}
    return Scope(roles=frozenset(roles), institution_paths=paths)
