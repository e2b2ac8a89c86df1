from django.urls import path
from django.utils.translation import gettext_lazy as _

from core.views import section

from . import area, area_minutes, views_documents

app_name = "committee"
urlpatterns = [
    path(
        "committee/",
        section(_("Steering committee"), _("Members, meetings, agendas, minutes, attendance and decisions.")),
        name="index",
    ),
]

# A meeting's agenda and minutes as PDFs (the documents part: committee.views_documents).
urlpatterns += [
    path(
        "committee/meetings/<int:pk>/documents/<slug:kind>/<slug:doc_lang>/",
        views_documents.meeting_document,
        name="meeting_document",
    ),
]

# The members' area (committee.area: convocations, proposals, attendance).
urlpatterns += [
    path("committee/my/", area.index, name="area"),
    path("committee/my/meetings/<int:pk>/", area.meeting, name="area_meeting"),
    path("committee/my/meetings/<int:pk>/calendar.ics", area.meeting_ics, name="area_ics"),
]

# The draft minutes in the members' area (the minutes part: committee.area_minutes).
urlpatterns += [
    path("committee/my/meetings/<int:pk>/minutes/", area_minutes.area_minutes, name="area_minutes"),
]
