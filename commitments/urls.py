from django.urls import path

from . import views

app_name = "commitments"
urlpatterns = [
    path("plans/<slug:slug>/commitments/", views.index, name="index"),
    path("commitments/<int:pk>/", views.detail, name="detail"),
]
