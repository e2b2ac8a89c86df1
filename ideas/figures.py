"""The generation (core.generations) of a plan's ideas: what the idea lists,
the idea pages and the statistics are cached under. Every save and delete of
an idea, a screening event, a support or a comment bumps it (ideas.apps)."""


def name(plan_id: int) -> str:
    return f"ideas:{plan_id}"


def page_names(plan_id: int) -> list[str]:
    """The generations of what the idea pages and lists show: the plan, the
    public names of people, and the plan's ideas, workshops and commitments."""
    return ["plans", "people", name(plan_id), f"workshops:{plan_id}", f"commitments:{plan_id}"]


def of(instance) -> list[str]:
    """The generation an idea, or a row of an idea, belongs to."""
    plan_id = getattr(instance, "plan_id", None)
    if plan_id is None:
        idea = type(instance).idea
        if idea.is_cached(instance):
            plan_id = instance.idea.plan_id
        else:  # deleted with its idea, say: the idea is not loaded
            plan_id = (
                idea.field.related_model.objects.filter(pk=instance.idea_id)
                .values_list("plan_id", flat=True)
                .first()
            )
    return [name(plan_id)] if plan_id is not None else []
