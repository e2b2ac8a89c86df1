from django.urls import path
from django.utils.translation import gettext_lazy as _

from core.views import section

from . import views

app_name = "consultations"
urlpatterns = [
    path(
        "",
        section(
            _("Consultations"), _("Public consultations on draft plans, with every comment and its answer.")
        ),
        name="index",
    ),
    path("workshops/", views.workshops, name="workshops"),
]
