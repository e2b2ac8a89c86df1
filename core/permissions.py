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
  only one to see hidden content;
- an association's representative (a staff user named in an association's
  `representatives`; the Association representatives group gives the model
  permissions) works on the rows of what their association organises (its
  workshops: registrations, roll, outputs), through the lookup path the
  model's admin declares.
Model permissions still apply on top of the role."""

from dataclasses import dataclass

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


def focal_points_and_institutions() -> tuple[dict, dict[int, list[int]]]:
    """Everyone is_focal_point() is true of, by id, and the ids of each one's
    institutions: whom the focal points' emails reach."""
    from django.contrib.auth import get_user_model

    User = get_user_model()  # noqa: N806
    links = User.institutions.through.objects.filter(user__is_active=True, user__is_staff=True)
    institutions: dict[int, list[int]] = {}
    for user_id, institution_id in links.values_list("user_id", "institution_id"):
        institutions.setdefault(user_id, []).append(institution_id)
    return User._default_manager.in_bulk(list(institutions)), institutions


def represented_associations(user) -> frozenset[int]:
    """The associations a staff user represents (the reverse of their
    `representatives`); none for anyone else. A citizen may represent their
    association when submitting ideas: that gives no admin rights."""
    if not (_active(user) and user.is_staff):
        return frozenset()
    # Asked by every scoped admin on a page, and per row.
    if not hasattr(user, "_association_ids"):
        user._association_ids = frozenset(user.associations.values_list("pk", flat=True))
    return user._association_ids


def is_representative(user) -> bool:
    return bool(represented_associations(user))


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


# Workshops: who runs one.


def can_run_workshop(user, workshop) -> bool:
    """Takes the roll, cancels the workshop, publishes its outputs: the
    secretariat, and the representatives of the organising association."""
    if not is_staff_with(user, "workshops.change_registration"):
        return False
    return is_secretariat(user) or workshop.organiser_id in represented_associations(user)


# Scoping: which rows of a model a staff user works on in the admin. Every
# ModelAdmin declares one `scope` (the admin authorization test walks
# `admin.site._registry` and fails on an admin without one).


@dataclass(frozen=True)
class Scope:
    """`roles`: who sees every row (the secretariat, moderators, or only
    superusers); `institution_paths`: lookups from the model to an
    institution, through which a focal point sees the rows of theirs;
    `association_paths`: lookups to an association, through which its
    representatives see the rows of theirs."""

    roles: frozenset[str]
    institution_paths: tuple[str, ...] = ()
    association_paths: tuple[str, ...] = ()

    def sees_all(self, user) -> bool:
        if not _active(user):
            return False
        if user.is_superuser:
            return True
        return any(_in_group(user, role) for role in self.roles)

    def admits(self, user) -> bool:
        """Whether the user works on any row of the model at all."""
        return self.sees_all(user) or self._as_focal_point(user) or self._as_representative(user)

    def _as_focal_point(self, user) -> bool:
        return bool(self.institution_paths) and is_focal_point(user)

    def _as_representative(self, user) -> bool:
        return bool(self.association_paths) and is_representative(user)

    def rows(self, user, queryset: QuerySet) -> QuerySet:
        if self.sees_all(user):
            return queryset
        mine = Q()
        if self._as_focal_point(user):
            for path in self.institution_paths:
                mine |= Q(**{f"{path}__focal_points": user})
        if self._as_representative(user):
            for path in self.association_paths:
                mine |= Q(**{f"{path}__in": represented_associations(user)})
        if not mine:
            return queryset.none()
        # A subquery, not a join: a row reached through two of the user's
        # institutions still appears once.
        return queryset.filter(pk__in=queryset.model._default_manager.filter(mine).values("pk"))


SUPERUSERS_ONLY = Scope(roles=frozenset())
SECRETARIAT_ONLY = Scope(roles=frozenset({SECRETARIAT_GROUP}))
MODERATION = Scope(roles=frozenset({SECRETARIAT_GROUP, MODERATORS_GROUP}))


def by_institution(*paths: str, moderated: bool = False, associations: tuple[str, ...] = ()) -> Scope:
    """`paths` lead to institutions (their focal points see the rows);
    `associations` lead to associations (their representatives see them)."""
    roles = {SECRETARIAT_GROUP, MODERATORS_GROUP} if moderated else {SECRETARIAT_GROUP}
    return Scope(roles=frozenset(roles), institution_paths=paths, association_paths=associations)
