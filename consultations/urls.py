from django.urls import path
from django.utils.translation import gettext_lazy as _

from core.views import section

app_name = "consultations"
urlpatterns = [
    path(
        "consultations/",
        section(
            _("Consultations"), _("Public consultations on draft plans, with every comment and its answer.")
        ),
        name="index",
    ),
]
