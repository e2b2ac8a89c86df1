"""What ideas holds about a person (core.personal_data): their ideas,
comments and supports. When they delete their account, their ideas and
comments stay public, shown as a deleted user's; their supports go."""

from core.personal_data import attached, register

from .generations import IDEAS
from .models import Comment, Idea, Support


def _when(value):
    return value.isoformat() if value else None


def export_ideas(user) -> list[dict]:
    return [
        {
            "id": idea.pk,
            "plan": idea.plan.slug,
            "theme": idea.theme.name,
            "title": idea.title,
            "problem": idea.problem,
            "solution": idea.solution,
            "expected_results": idea.expected_results,
            "on_behalf_of": idea.on_behalf_of or None,
            # In the download's files/, hidden or not: it is theirs.
            "attachment": attached(idea.attachment, f"idea-{idea.pk}"),
            "status": idea.status,
            "moderation": idea.moderation,
            "created_at": _when(idea.created_at),
            "url": idea.get_absolute_url(),
        }
        for idea in Idea.objects.filter(author=user).select_related("plan", "theme", "association")
    ]


def export_comments(user) -> list[dict]:
    return [
        {
            "id": comment.pk,
            "idea": comment.idea_id,
            "body": comment.body,
            "moderation": comment.moderation,
            "created_at": _when(comment.created_at),
        }
        for comment in Comment.objects.filter(author=user).order_by("created_at", "pk")
    ]


def export_supports(user) -> list[dict]:
    return [
        {"idea": support.idea_id, "title": support.idea.title, "created_at": _when(support.created_at)}
        for support in Support.objects.filter(user=user).select_related("idea").order_by("created_at")
    ]


def erase_ideas(user) -> None:
    ideas = Idea.objects.filter(author=user)
    plan_ids = list(ideas.values_list("plan_id", flat=True))
    ideas.update(author=None)
    IDEAS.bump(plan_ids)  # an update: no signal


def erase_comments(user) -> None:
    comments = Comment.objects.filter(author=user)
    plan_ids = list(comments.values_list("idea__plan_id", flat=True))
    comments.update(author=None)
    IDEAS.bump(plan_ids)  # an update: no signal


def erase_supports(user) -> None:
    # One by one, through the signals that refresh the counts shown.
    Support.objects.filter(user=user).delete()


register("ideas", export=export_ideas, erase=erase_ideas, models=[Idea])
register("comments", export=export_comments, erase=erase_comments, models=[Comment])
register("supports", export=export_supports, erase=erase_supports, models=[Support])
