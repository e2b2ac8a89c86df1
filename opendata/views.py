from django.shortcuts import render
from django.views.decorators.http import require_GET

from ideas.opendata import IDEA_COLUMNS, LICENCE, LIST_SEPARATOR, STATISTICS_KEYS
from plans.models import Plan


@require_GET
def index(request):
    plans = Plan.objects.public().select_related("member").order_by("member__name", "-number")
    context = {
        "plans": plans,
        "idea_columns": IDEA_COLUMNS,
        "statistics_keys": STATISTICS_KEYS,
        "licence": LICENCE,
        "list_separator": LIST_SEPARATOR,
    }
    return render(request, "opendata/index.html", context)
