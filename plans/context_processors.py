from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from .queries import plan_for

MENU = [("ideas", _("Ideas")), ("workshops", _("Workshops")), ("commitments", _("Commitments"))]


def menu(request):
    # Each section opens the plan at that stage today (plans.queries.plan_for),
    # or its chooser. Lazy: a page that never shows the menu (an error page)
    # costs nothing. Otherwise no query: the public plans come from the cache.
    return {
        "menu_sections": SimpleLazyObject(lambda: [(name, label, plan_for(name)) for name, label in MENU])
    }
