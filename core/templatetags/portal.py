import datetime

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language_from_path, get_language_info

from core import bidi

register = template.Library()


def _resolved_path(request) -> str:
    """The path of the page as the resolver understood it, in the active
    language, with its query string re-encoded; the home page when the path did
    not resolve. Never the path the browser sent: on a 404 for
    //evil.example/en/ that would be a link off the site."""
    match = getattr(request, "resolver_match", None)
    path = None
    if match is not None:
        try:
            path = reverse(match.view_name, args=match.args, kwargs=match.captured_kwargs)
        except NoReverseMatch:
            path = None
    if not path or not path.startswith("/") or path.startswith(("//", "/\\")):
        return reverse("core:home")
    query = request.GET.copy()
    following = query.get("next")
    if following is not None:
        # The page to come back to after signing in, in the same language.
        if url_has_allowed_host_and_scheme(following, allowed_hosts=None) and following.startswith("/"):
            query["next"] = _translate(following, translation.get_language())
        else:
            del query["next"]
    return path + ("?" + query.urlencode() if query else "")


def _translate(path: str, language: str) -> str:
    # A prefixed path resolves only while its own language is active.
    with translation.override(get_language_from_path(path) or settings.LANGUAGE_CODE):
        return translate_url(path, language)


@register.simple_tag(takes_context=True)
def here(context) -> str:
    """This page's path, safe to put in a link (the `next` of Sign in)."""
    request = context.get("request")
    return _resolved_path(request) if request else reverse("core:home")


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    """The current page in each language, for the language switch and the
    hreflang alternates (absolute, the default language also as x-default)."""
    request = context.get("request")
    current = context.get("LANGUAGE_CODE") or settings.LANGUAGE_CODE
    # Only a page reached through the URLs has alternates, and only such a
    # page is known to have a valid Host: an error page answering a refused
    # one (a 400) must not build an address from it.
    resolved = getattr(request, "resolver_match", None) is not None
    links = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            url = _resolved_path(request) if request else reverse("core:home")
        links.append(
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": url,
                "absolute": request.build_absolute_uri(url) if resolved else url,
                "active": code == current,
                "default": code == settings.LANGUAGE_CODE,
                "resolved": resolved,
            }
        )
    return links


# Names, titles and user text (core.bidi): `bdi` for a name or title within
# other text, `bdi_numbers` for a block that has dir="auto" itself, `isolate`
# where no tag can go (<title>, attribute values).
register.filter("bdi", bidi.bdi)
register.filter("bdi_numbers", bidi.bdi_numbers)
register.filter("isolate", bidi.isolate)
register.filter("bdi_html", bidi.bdi_html)
# Times, ranges, counters and Latin tokens, left to right as a whole.
register.filter("ltr", bidi.ltr)
register.filter("ltr_text", bidi.ltr_text)
register.filter("time_range", bidi.time_range)
register.filter("time_range_text", bidi.time_range_text)


@register.filter
def datetime_attr(value) -> str:
    """The `datetime` attribute of a <time>: a valid HTML date or date and
    time, in the portal's time zone, to the second (Django's "c" format gives
    microseconds, which HTML does not allow)."""
    if isinstance(value, datetime.datetime):
        return bidi.datetime_attr(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return ""
