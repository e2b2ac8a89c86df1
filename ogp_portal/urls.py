"""Only includes. Each app's urls.py holds its full paths (a list that
belongs to a plan lives under plans/<slug>/)."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("core.urls_root")),
    path("", include("opendata.urls_files")),
]
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("", include("plans.urls")),
    path("", include("ideas.urls")),
    path("", include("workshops.urls")),
    path("", include("commitments.urls")),
    path("", include("consultations.urls")),
    path("", include("committee.urls")),
    path("", include("opendata.urls")),
    path("", include("core.urls")),
    prefix_default_language=True,
)

handler400 = "core.views.bad_request"
handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
