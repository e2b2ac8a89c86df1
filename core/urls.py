from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("about.pdf", views.about_pdf, name="about_pdf"),
    path("account/preferences/", views.preferences, name="preferences"),
    path("account/my-data.zip", views.export_data, name="export_data"),
    path("account/delete/", views.delete_account, name="delete_account"),
    path("privacy/", views.privacy, name="privacy"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
