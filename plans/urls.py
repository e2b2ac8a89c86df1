from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("plans/", views.index, name="index"),
    path("plans/<slug:slug>/", views.detail, name="detail"),
]
