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

from django.contrib.auth.models import Group
from django.db.models import QuerySet

SECRETARIAT_GROUP = "Secretariat"
FOCAL_POINTS_GROUP = "Focal points"
MODERATORS_GROUP = "Moderators"


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


def institutions_of(user) -> QuerySet:
    """The institutions whose focal point the user is (none for anonymous)."""
    from django.apps import apps  # plans sits above core: no import at module level

    institution = apps.get_model("plans", "Institution")
    if not _active(user):
        return institution.objects.none()
    return institution.objects.filter(focal_points=user)


# Public visibility of moderated content (ideas, comments).


def can_see(user, obj) -> bool:
    """Content hidden by moderation: only its author and moderators see it."""
    if not obj.is_hidden:
        return True
    return _active(user) and (obj.author_id == user.pk or is_moderator(user))


# Uploaded files: the rules each app registers with core.files.protect().


def _plan_is_public(plan_id) -> bool:
    from django.apps import apps

    return apps.get_model("plans", "Plan").objects.public().filter(pk=plan_id).exists()


def can_see_idea_attachment(user, idea) -> bool:
    """Whoever sees the idea (its page is public in a public plan)."""
    return can_see(user, idea) and _plan_is_public(idea.plan_id)


def can_see_plan_document(user, document) -> bool:
    """Everyone once the plan is public; before, the staff who may view plan
    documents in the admin (the secretariat checks a draft's documents)."""
    if _plan_is_public(document.plan_id):
        return True
    return _active(user) and user.is_staff and user.has_perm("plans.view_plandocument")


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
        return institutions_of(user).exists()
    return idea.sent_to.filter(focal_points=user).exists()


def ideas_for(user, ideas: QuerySet) -> QuerySet:
    """Narrows `ideas` to those the user works on in the admin: all of them
    for the secretariat, those sent to their institution(s) for a focal point."""
    if is_secretariat(user):
        return ideas
    if not _active(user):
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
    return commitments.filter(lead_institution__focal_points=user)
