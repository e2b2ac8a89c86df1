from django.urls import path

from . import views, views_documents

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
