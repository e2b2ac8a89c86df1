from django.urls import path
from django.utils.translation import gettext_lazy as _

from core.views import section

app_name = "committee"
urlpatterns = [
    path(
        "committee/",
        section(_("Steering committee"), _("Members, meetings, agendas, minutes, attendance and decisions.")),
        name="index",
    ),
]
