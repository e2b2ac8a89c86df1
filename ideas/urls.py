from django.urls import path

from . import views

app_name = "ideas"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/support/", views.support, name="support"),
    path("<int:pk>/comment/", views.comment, name="comment"),
    path("mine/", views.mine, name="mine"),
    path("new/<slug:slug>/", views.submit, name="submit"),
]
