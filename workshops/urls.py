from django.urls import path

from . import views

app_name = "workshops"
urlpatterns = [
    path("plans/<slug:slug>/workshops/", views.index, name="index"),
]
