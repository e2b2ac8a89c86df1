"""Generated query strings on every public page (issue 23, "Hostile input"):
the pages come from the walk of the URL configuration (tests/resilience/
urlwalk.py), and each gets, in the parameters its view reads (recorded as
it reads them, or declared to the page cache), text Hypothesis makes up —
NUL bytes, direction controls, numbers too large for any column, digits
that are not ASCII, very long strings, a parameter nobody reads. Every
answer is the page (200), a 404, or a 400 that says so in the visitor's
language: never a server error (the test client raises it), on PostgreSQL.

tests/test_hostile_queries.py tries a fixed list of values on a listed set
of pages; this one walks, and generates."""

import re

import pytest
from django.test import Client, override_settings
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests.conftest import built_once
from tests.resilience import urlwalk

pytestmark = pytest.mark.django_db

# Pages every walk must find public: if one goes missing, the walk (not the page) broke.
KNOWN_PUBLIC = {
    "core:home",
    "plans:index",
    "plans:detail",
    "ideas:index",
    "ideas:search",
    "ideas:detail",
    "ideas:statistics",
    "workshops:index",
    "workshops:detail",
    "workshops:ics",
    "commitments:index",
    "commitments:detail",
    "commitments:dashboard",
    "consultations:detail",
    "consultations:commitment",
    "consultations:section",
    "committee:index",
    "committee:meeting",
    "committee:selection",
    "committee:candidacy",
    "opendata:index",
    "downloads:csv",
    "downloads:json",
}
# Parameters the walk must find read on these pages.
KNOWN_PARAMETERS = {
    "ideas:index": {"q", "theme", "status", "source", "institution", "sort", "page"},
    "ideas:search": {"q", "status", "source", "sort", "page"},
    "workshops:index": {"theme", "page"},
    "commitments:index": {"theme", "institution", "status", "page"},
    "ideas:detail": {"comments"},
    "downloads:csv": {"plan"},
}

# Values a person or a script may put in a query string.
SPECIAL = [
    "\x00",
    "1\x00",
    "\u202e",
    "\u2066x\u2069",
    "\ufeff1",
    "99999999999999999999",
    "9223372036854775808",
    "-1",
    "0",
    "1e400",
    "NaN",
    "²",  # a digit to str.isdigit(), not to int()
    "١٢",  # Arabic-Indic digits
    "2026-13-45",
    "' OR 1=1 --",
    "%",
    "<script>alert(1)</script>",
    "x" * 5000,
    "9" * 400,
]
VALUES = st.one_of(
    st.sampled_from(SPECIAL),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    # Any character UTF-8 can carry, NUL and controls included.
    st.text(st.characters(codec="utf-8"), max_size=40),
)
EXAMPLES = 12


@built_once
def walked(loaded):
    """The demo, a member of the public, and the walk of every route."""
    return urlwalk.walk_the_site()[0]


def test_the_walk_fills_every_route_and_finds_the_known_pages(walked):
    assert walked.unfilled == [], "routes the walk cannot fill: give their parameters candidates"
    public = {hit.route.name: hit for hit in walked.public_pages()}
    assert set(public) >= KNOWN_PUBLIC, KNOWN_PUBLIC - set(public)
    for name, parameters in KNOWN_PARAMETERS.items():
        assert public[name].parameters >= parameters, (name, parameters - public[name].parameters)


ARABIC = re.compile("[\u0600-\u06ff]")


def check(response) -> None:
    status = response.status_code
    assert status in (200, 400, 404), status
    if status == 400:
        html = response.content.decode()
        assert 'lang="ar"' in html and ARABIC.search(html.split("<h1", 1)[1]), "a 400 must say why"


def searched(client, path: str, parameters: frozenset[str]):
    """A Hypothesis search over the query strings of one page."""
    names = sorted(parameters)
    keys = st.sampled_from(names) if names else st.nothing()
    # And a parameter nobody reads, named anyhow.
    keys = st.one_of(keys, st.text(st.characters(codec="utf-8"), min_size=1, max_size=12))

    @hypothesis_settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(query=st.dictionaries(keys, VALUES, min_size=1, max_size=4))
    def page_answers(query):
        response = client.get(path, query, follow=True)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        check(response)

    return page_answers


@override_settings(**urlwalk.WALK_SETTINGS)
def test_no_generated_query_string_breaks_a_public_page(walked):
    client = Client()
    failures = []
    for hit in walked.public_pages():
        try:
            searched(client, hit.path, hit.parameters)()
        except Exception as error:  # noqa: BLE001 — every page tried, then every failure said
            failures.append(f"{hit.route.name} {hit.path}: {type(error).__name__}: {error}")
    assert failures == []
