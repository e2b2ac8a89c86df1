from django.urls import path
from django.utils.translation import gettext_lazy as _

from core.views import section

app_name = "commitments"
urlpatterns = [
    path(
        "",
        section(
            _("Commitments"),
            _("The commitment cards of each plan and their progress, milestone by milestone."),
        ),
        name="index",
    ),
]
