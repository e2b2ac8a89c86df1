from django.urls import path

from . import statistics, views

app_name = "ideas"
urlpatterns = [
    path("plans/<slug:slug>/ideas/", views.index, name="index"),
    path("plans/<slug:slug>/ideas/new/", views.submit, name="submit"),
    path("plans/<slug:slug>/statistics/", statistics.statistics_page, name="statistics"),
    path("ideas/<int:pk>/", views.detail, name="detail"),
    path("ideas/<int:pk>/support/", views.support, name="support"),
    path("ideas/<int:pk>/comment/", views.comment, name="comment"),
    path("ideas/mine/", views.mine, name="mine"),
    path("ideas/search/", views.search, name="search"),
]
