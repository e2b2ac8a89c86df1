from django.urls import path

from . import views

app_name = "commitments"
urlpatterns = [
    path("plans/<slug:slug>/commitments/", views.index, name="index"),
    path("plans/<slug:slug>/dashboard/", views.dashboard, name="dashboard"),
    path("commitments/<int:pk>/", views.detail, name="detail"),
    path("commitments/followed/", views.followed, name="followed"),
    path("commitments/<int:pk>/follow/", views.follow, name="follow"),
    path("commitments/<int:pk>/unfollow/", views.unfollow, name="unfollow"),
]
