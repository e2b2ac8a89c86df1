from django.urls import path

from . import views
from .feeds import plan_feed, workshop_ics

app_name = "workshops"
urlpatterns = [
    path("plans/<slug:slug>/workshops/", views.index, name="index"),
    path("workshops/<int:pk>/", views.detail, name="detail"),
    path("workshops/<int:pk>/register/", views.register, name="register"),
    path("workshops/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("workshops/<int:pk>/calendar.ics", workshop_ics, name="ics"),
    path("plans/<slug:slug>/workshops/calendar.ics", plan_feed, name="feed"),
]
