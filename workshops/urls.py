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
    # Signed links from the registration emails (workshops.registration.link).
    path("workshops/confirm/<str:token>/", views.by_link, {"action": "confirm"}, name="confirm_by_link"),
    path("workshops/cancel/<str:token>/", views.by_link, {"action": "cancel"}, name="cancel_by_link"),
    path("workshops/keep/<str:token>/", views.by_link, {"action": "keep"}, name="keep_by_link"),
    path("workshops/release/<str:token>/", views.by_link, {"action": "release"}, name="release_by_link"),
]
