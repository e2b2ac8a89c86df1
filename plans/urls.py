from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("plans/", views.index, name="index"),
    path("plans/<slug:slug>/", views.detail, name="detail"),
    # The main menu's sections: the plan at that stage today, or a chooser.
    path("ideas/", views.section, {"section": "ideas"}, name="ideas"),
    path("workshops/", views.section, {"section": "workshops"}, name="workshops"),
    path("commitments/", views.section, {"section": "commitments"}, name="commitments"),
]
