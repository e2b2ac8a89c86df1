from django.urls import include, path
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
urlpatterns += [path("", include("consultations.urls_report"))]  # the report and the PDFs (c-report)
