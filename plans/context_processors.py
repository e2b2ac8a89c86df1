from django.utils.functional import SimpleLazyObject

from .queries import current_plan


def menu(request):
    # Lazy: a page that never shows the menu (an error page) costs nothing.
    # Otherwise no query: the public plans come from the cache.
    return {"menu_plan": SimpleLazyObject(current_plan)}
