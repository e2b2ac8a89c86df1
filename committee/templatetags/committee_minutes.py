"""The meetings' list in the admin: its banners (committee.admin_minutes.banners)."""

from django import template

from ..admin_minutes import banners

register = template.Library()


@register.inclusion_tag("admin/committee/meeting/minutes_banners.html", takes_context=True)
def minutes_banners(context):
    return banners(context["request"], context["cl"].model_admin)
