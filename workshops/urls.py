from django.urls import path

from . import views
from .feeds import plan_feed, workshop_ics

app_name = "workshops"
urlpatterns = [
    path("plans/<slug:slug>/workshops/", views.index, name="index"),
    path("workshops/<int:pk>/", views.detail, name="detail"),
    path("workshops/<int:pk>/register/", views.register, name="register"),
    path("workshops/<int:pk>/register/guest/", views.register_guest, name="register_guest"),
    path("workshops/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("workshops/<int:pk>/calendar.ics", workshop_ics, name="ics"),
    path("plans/<slug:slug>/workshops/calendar.ics", plan_feed, name="feed"),
    path("workshops/mine/", views.mine, name="mine"),
    # Signed links from the registration emails (workshops.registration.link),
    # under their workshop: a link cut short still leads to it.
    *(
        path(
            f"workshops/<int:pk>/{action}/<str:token>/",
            views.by_link,
            {"action": action},
            name=f"{action}_by_link",
        )
        for action in ("confirm", "cancel", "keep", "release")
    ),
    # Links sent before they named their workshop.
    *(
        path(f"workshops/{action}/<str:token>/", views.by_link, {"action": action})
        for action in ("confirm", "cancel", "keep", "release")
    ),
]
