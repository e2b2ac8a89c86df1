from django.urls import path

from ideas import opendata, statistics

from . import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("plans/", views.plans, name="plans"),
    path("plans/<slug:slug>/", views.plan_detail, name="plan"),
    path("plans/<slug:slug>/statistics/", statistics.statistics_page, name="plan_statistics"),
    path("open-data/", opendata.open_data_page, name="open_data"),
    path("about.pdf", views.about_pdf, name="about_pdf"),
    path("account/preferences/", views.preferences, name="preferences"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
