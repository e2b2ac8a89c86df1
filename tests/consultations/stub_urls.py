"""The site's URLs with the consultation's public pages' names that are
missing on this branch (the pages are another part of issue 21's work:
consultations/urls.py names `detail`, `commitment`, `section`, `general`),
so that the staff side's tests can render the links its emails hold
(Comment.get_absolute_url). The `public_pages` fixture (imported by the
modules that need it) switches to this URLconf only while a name is
missing: once the pages are there, it changes nothing (and this file may go)."""

import pytest
from django.conf.urls.i18n import i18n_patterns
from django.http import HttpResponse
from django.urls import NoReverseMatch, include, path, reverse
from django.urls.resolvers import LocalePrefixPattern

from ogp_portal import urls as root

BASE = "plans/<slug:plan>/consultations/<int:pk>/"
STUBS = {
    "detail": BASE,
    "commitment": BASE + "commitments/<int:number>/",
    "section": BASE + "sections/<int:number>/",
    "general": BASE + "whole/",
}


def _page(request, **kwargs):
    return HttpResponse("")


def missing() -> bool:
    try:
        reverse("consultations:general", args=["x", 1])
    except NoReverseMatch:
        return True
    return False


@pytest.fixture
def public_pages(settings):
    """The links to the public pages, on this branch or after its merge."""
    if missing():
        settings.ROOT_URLCONF = "tests.consultations.stub_urls"


def _with_stubs(resolver):
    if getattr(resolver, "namespace", None) != "consultations":
        return resolver
    names = {getattr(p, "name", None) for p in resolver.url_patterns}
    stubs = [path(route, _page, name=name) for name, route in STUBS.items() if name not in names]
    return path("", include(([*resolver.url_patterns, *stubs], "consultations")))


def _patterns():
    found = []
    for entry in root.urlpatterns:
        if isinstance(getattr(entry, "pattern", None), LocalePrefixPattern):
            patterns = [_with_stubs(p) for p in entry.url_patterns]
            found += i18n_patterns(*patterns, prefix_default_language=True)
        else:
            found.append(entry)
    return found


urlpatterns = _patterns()
handler400 = root.handler400
handler403 = root.handler403
handler404 = root.handler404
handler500 = root.handler500
