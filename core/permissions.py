"""Who may screen ideas, and which ones: the one entry point reused by the
admin, the templates and the tests.

Two roles work on ideas in the admin:
- the secretariat (superusers, and members of the group named below) sees
  every idea and makes every move;
- a focal point (a staff user named in `Institution.focal_points`) sees only
  the ideas sent to its institution(s) and decides whether they are
  integrated into a commitment.
Both also need Django's model permissions on ideas (view, change)."""

from django.apps import apps
from django.contrib.auth.models import Group
from django.db.models import QuerySet

# The staff roles, as Django groups (created by plans' migrations, which also
# hold each role's model permissions).
SECRETARIAT_GROUP = "Secretariat"
FOCAL_POINTS_GROUP = "Focal points"
MODERATORS_GROUP = "Moderators"


def secretariat_group() -> Group:
    """The group, created on first use (no migration needed)."""
    group, _created = Group.objects.get_or_create(name=SECRETARIAT_GROUP)
    return group


def is_secretariat(user) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    # Asked several times per admin page: remember it on the user object.
    if not hasattr(user, "_is_secretariat"):
        user._is_secretariat = user.groups.filter(name=SECRETARIAT_GROUP).exists()
    return user._is_secretariat


def institutions_of(user) -> QuerySet:
    """The institutions whose focal point the user is."""
    if not (user.is_authenticated and user.is_active):
        return apps.get_model("plans", "Institution").objects.none()
    return user.institutions.all()


def _may_change_ideas(user) -> bool:
    return user.is_authenticated and user.is_active and user.is_staff and user.has_perm("ideas.change_idea")


def can_screen(user) -> bool:
    """Accept, reject, send to institutions, hide and unhide, any idea."""
    return _may_change_ideas(user) and is_secretariat(user)


def can_decide_integration(user, idea=None) -> bool:
    """Integrate an idea into commitments, or record that it is not integrated.
    Without an idea: whether the user makes this decision for any idea at all."""
    if not _may_change_ideas(user):
        return False
    if is_secretariat(user):
        return True
    if idea is None:
        return institutions_of(user).exists()
    return idea.sent_to.filter(focal_points=user).exists()


def ideas_for(user, ideas: QuerySet) -> QuerySet:
    """Narrows `ideas` to those the user works on in the admin: all of them
    for the secretariat, those sent to their institution(s) for a focal point."""
    if is_secretariat(user):
        return ideas
    if not (user.is_authenticated and user.is_active):
        return ideas.none()
    # A subquery rather than a join: an idea sent to two of the user's
    # institutions must still appear once.
    sent = ideas.model.sent_to.through.objects.filter(institution__focal_points=user)
    return ideas.filter(pk__in=sent.values("idea_id"))


def commitments_for(user, commitments: QuerySet) -> QuerySet:
    """The commitments a user may integrate ideas into: any for the
    secretariat, those their institution leads for a focal point."""
    if is_secretariat(user):
        return commitments
    return commitments.filter(lead_institution__in=institutions_of(user))
