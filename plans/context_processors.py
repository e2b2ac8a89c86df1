from django.utils.functional import SimpleLazyObject

from .views import current_plan


def menu(request):
    # Lazy: a page that never shows the menu (an error page) costs no query.
    return {"menu_plan": SimpleLazyObject(current_plan)}
