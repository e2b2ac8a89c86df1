"""Who belongs to what in plans — a focal point to their institutions, a
representative to their associations — and the admin scopes built on it
(core.permissions.Scope); who sees what of a plan, for the files served
through core.files."""

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from core.permissions import MODERATORS_GROUP, SECRETARIAT_GROUP, Scope, is_active_staff, is_staff_with

from .models import Association, Institution, Plan


def own_institutions(user) -> QuerySet[Institution]:
    """The institutions whose focal point the user is."""
    return Institution.objects.filter(focal_points=user)


def institution_ids(user) -> frozenset[int]:
    """The institutions a staff user is a focal point of; none for anyone else."""
    if not is_active_staff(user):
        return frozenset()
    # Asked by every scoped admin on a page (the index lists them all), and per row.
    if not hasattr(user, "_institution_ids"):
        user._institution_ids = frozenset(own_institutions(user).values_list("pk", flat=True))
    return user._institution_ids


def is_focal_point(user) -> bool:
    """Named on at least one institution."""
    return bool(institution_ids(user))


def focal_points_and_institutions() -> tuple[dict, dict[int, list[int]]]:
    """Everyone is_focal_point() is true of, by id, and the ids of each one's
    institutions: whom the focal points' emails reach."""
    links = Institution.focal_points.through.objects.filter(user__is_active=True, user__is_staff=True)
    institutions: dict[int, list[int]] = {}
    for user_id, institution_id in links.values_list("user_id", "institution_id"):
        institutions.setdefault(user_id, []).append(institution_id)
    return get_user_model()._default_manager.in_bulk(list(institutions)), institutions


def represented_associations(user) -> frozenset[int]:
    """The associations a staff user represents; none for anyone else. A
    citizen may represent their association when submitting ideas: that
    gives no admin rights."""
    if not is_active_staff(user):
        return frozenset()
    # Asked by every scoped admin on a page, and per row.
    if not hasattr(user, "_association_ids"):
        user._association_ids = frozenset(
            Association.objects.filter(representatives=user).values_list("pk", flat=True)
        )
    return user._association_ids


def is_representative(user) -> bool:
    return bool(represented_associations(user))


def by_institution(
    *paths: str, moderated: bool = False, associations: tuple[str, ...] = (), **options
) -> Scope:
    """The secretariat (and moderators, if `moderated`) see every row;
    `paths` lead from the model to institutions, whose focal points see the
    rows of theirs; `associations` lead to associations, whose
    representatives see theirs. `options`: Scope's `only` and `adds`."""
    roles = {SECRETARIAT_GROUP, MODERATORS_GROUP} if moderated else {SECRETARIAT_GROUP}
    through = tuple((institution_ids, path) for path in paths)
    through += tuple((represented_associations, path) for path in associations)
    return Scope(roles=frozenset(roles), through=through, **options)


def can_see_document(user, document) -> bool:
    """Everyone once the plan is public; before, the staff who may view plan
    documents in the admin (the secretariat checks a draft's documents)."""
    if Plan.objects.public().filter(pk=document.plan_id).exists():
        return True
    return is_staff_with(user, "plans.view_plandocument")


def can_read_checklist(user, plan) -> bool:
    """A plan's OGP checklist (plans.checklist): everyone's once the plan is
    public (its page, its PDF, its open data); before, the staff who may view
    plans in the admin (the secretariat reads a draft's)."""
    if Plan.objects.public().filter(pk=plan.pk).exists():
        return True
    return is_staff_with(user, "plans.view_plan")
