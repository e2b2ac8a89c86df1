"""The portal's URLs plus one view that fails, for the error-report tests."""

from django.urls import path

from ogp_portal.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


def boom(request):
    raise ValueError("the ledger does not balance")


urlpatterns = [path("boom/", boom), *urlpatterns]
