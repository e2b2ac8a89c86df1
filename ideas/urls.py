from django.urls import path
from django.utils.translation import gettext_lazy as _

from core.views import section

app_name = "ideas"
urlpatterns = [
    path(
        "",
        section(
            _("Ideas"),
            _("Ideas proposed by citizens and associations, each with its public reasoned answer."),
        ),
        name="index",
    ),
]
