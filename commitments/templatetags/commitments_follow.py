"""The follow button's state, asked outside the page's shared cache
(templates: commitments/_follow.html)."""

from django import template

from commitments.models import Follow

register = template.Library()


@register.simple_tag(takes_context=True)
def is_following(context, commitment) -> bool:
    """One query for a signed-in visitor, none for anyone else."""
    user = context["request"].user
    if not user.is_authenticated:
        return False
    return Follow.objects.filter(commitment_id=commitment.pk, user_id=user.pk).exists()
