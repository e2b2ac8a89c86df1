from django.urls import path

from . import views

app_name = "workshops"
urlpatterns = [
    path("plans/<slug:slug>/workshops/", views.index, name="index"),
    path("workshops/<int:pk>/", views.detail, name="detail"),
    path("workshops/<int:pk>/register/", views.register, name="register"),
    path("workshops/<int:pk>/cancel/", views.cancel, name="cancel"),
]
