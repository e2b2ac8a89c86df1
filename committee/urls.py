from django.urls import path

from . import area, area_minutes, area_selection, views, views_documents, views_selection

app_name = "committee"
urlpatterns = [
    # The public pages (c-public): a plan's tab, and the main menu's entry.
    path("committee/", views.entry, name="entry"),
    path("plans/<slug:slug>/committee/", views.index, name="index"),
    path("plans/<slug:slug>/committee/meetings/", views.meetings, name="meetings"),
    path("plans/<slug:slug>/committee/meetings/<int:pk>/", views.meeting, name="meeting"),
    path("plans/<slug:slug>/committee/decisions/", views.decisions, name="decisions"),
    path("plans/<slug:slug>/committee/handbook/", views.handbook, name="handbook"),
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

# The selection committee's area (committee.area_selection: the files to score, the scores).
urlpatterns += [
    path("committee/selection/my/", area_selection.index, name="scoring"),
    path("committee/selection/my/<int:pk>/", area_selection.score, name="score"),
]

# The selection of civil-society members: the round's page, the vote, the
# application form and a candidacy's page (committee.views_selection).
SELECTION = "plans/<slug:slug>/committee/selection/"
urlpatterns += [
    path(SELECTION, views_selection.round_page, name="selection"),
    path(f"{SELECTION}vote/", views_selection.vote, name="vote"),
    path(f"{SELECTION}apply/", views_selection.apply, name="apply"),
    path(f"{SELECTION}candidacies/<int:pk>/", views_selection.candidacy, name="candidacy"),
]
