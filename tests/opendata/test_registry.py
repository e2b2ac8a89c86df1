"""The open-data page, each dataset's page and the downloads are built from
the registry of the datasets the apps declare: whatever is registered is
documented and served."""

import csv
import io
import json

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.html import escape

from core import generations
from core.datasets import CC_BY_4, Column, Dataset, Licence
from opendata import registry
from opendata.registry import REGISTRY
from plans.models import Plan
from tests.factories import PlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    return PlanFactory(slug="nap-test", title_fr="Plan d'essai")


@pytest.fixture
def birds(monkeypatch):
    """A throw-away dataset, registered for one test only. Its rows carry a
    key it does not declare, which must never be published."""
    plans_asked = []

    def rows(plan, links):
        plans_asked.append(plan)
        yield {"secret": "not declared", "wings": 2, "name": "=Stork", "colours": ["white", "black"]}
        yield {"colours": [], "name": "Hoopoe", "wings": None, "secret": "not declared"}

    dataset = Dataset(
        key="test-birds",
        title="Birds seen from the window",
        description="Every bird seen, with its wings.",
        columns=[
            Column("name", "Name of the bird."),
            Column("wings", "How many wings it has."),
            Column("colours", "Colours of its feathers."),
        ],
        rows=rows,
        licence=Licence("Open Birds Licence", "https://birds.example/licence"),
    )
    monkeypatch.setitem(REGISTRY, dataset.key, dataset)  # monkeypatch removes it after the test
    return dataset, plans_asked


def page(client, language="fr", key: str = "") -> str:
    """The open-data page, or the page of the dataset `key`."""
    response = client.get(f"/{language}/open-data/{key}/" if key else f"/{language}/open-data/")
    assert response.status_code == 200
    return response.content.decode()


def column_row(column) -> str:
    name, meaning = escape(column.name), escape(column.meaning)
    return f'<tr><th scope="row"><code dir="ltr">{name}</code></th><td>{meaning}</td></tr>'


def test_the_apps_datasets_are_discovered():
    assert {"ideas", "statistics"} <= set(REGISTRY)


def test_a_key_is_registered_once():
    with pytest.raises(ImproperlyConfigured):
        registry.register(REGISTRY["ideas"])


def test_the_page_lists_every_registered_dataset_with_its_files_and_a_link_to_its_page(
    client, plan, django_assert_max_num_queries
):
    PlanFactory.create_batch(3)
    # The public plans (the menu), with their phases, themes and documents; then from the cache.
    with django_assert_max_num_queries(4):
        html = page(client)
    with django_assert_max_num_queries(0):
        assert page(client) == html
    assert REGISTRY  # the test must not pass on an empty registry
    with translation.override("fr"):
        for dataset in REGISTRY.values():
            link = f'<a href="/fr/open-data/{dataset.key}/">'
            assert f'<h3 id="dataset-{dataset.key}">{link}{escape(dataset.title)}</a></h3>' in html
            assert f"<p>{escape(dataset.description)}</p>" in html
            entry = html[html.index(f'id="dataset-{dataset.key}"') :].split("</li>", 1)[0]
            if isinstance(dataset, Dataset):
                assert f'href="/open-data/{dataset.key}.csv" type="text/csv"' in entry
                assert f'href="/open-data/{dataset.key}.json" type="application/json"' in entry
            assert entry.count(link) == 2  # the title, and the line saying what the page holds
            assert "?plan=" not in entry  # each plan's files are on the dataset's page
            for column in dataset.columns:  # and so are the columns
                assert column_row(column) not in html


def test_the_page_stays_the_same_size_however_many_plans_there_are(client, plan):
    before = page(client)
    PlanFactory.create_batch(5)
    generations.bump("plans")
    after = page(client)
    # The menu of plans may change; the datasets' part does not.
    assert after.split('<ul class="datasets">')[1] == before.split('<ul class="datasets">')[1]


@pytest.mark.parametrize("language", ["ar", "fr", "en"])
def test_every_registered_dataset_has_a_page_with_each_column(client, plan, language):
    with translation.override(language):
        for dataset in REGISTRY.values():
            html = page(client, language, dataset.key)
            assert f"<h1>{escape(dataset.title)}</h1>" in html
            assert f'<p class="lead">{escape(dataset.description)}</p>' in html
            licence = (
                f'<a href="{dataset.licence.url}" rel="license"><bdi>{escape(dataset.licence.name)}</bdi></a>'
            )
            assert licence in html
            assert f'<a href="/{language}/open-data/">' in html  # back to the list
            for column in dataset.columns:
                assert column_row(column) in html, (dataset.key, column.name)
            if isinstance(dataset, Dataset):
                assert f'href="/open-data/{dataset.key}.csv" type="text/csv"' in html
                if dataset.per_plan:
                    assert (
                        f'href="/open-data/{dataset.key}.json?plan=nap-test" type="application/json"' in html
                    )
            else:
                assert f'href="/open-data/plans/nap-test/{dataset.key}.json" type="application/json"' in html
    with translation.override("fr"):
        html = page(client, "fr", "ideas")
    assert "Identifiant (slug) du plan d&#x27;action." in html  # the meanings are translated


def test_a_datasets_page_runs_the_same_queries_whatever_the_number_of_plans(
    client, plan, django_assert_num_queries
):
    def queries(count: int) -> int:
        generations.bump("plans")
        with CaptureQueriesContext(connection) as captured:
            page(client, "fr", "commitments")
        with django_assert_num_queries(0):  # kept whole for visitors who are not signed in
            html = page(client, "fr", "commitments")
        assert html.count("/open-data/commitments.csv?plan=") == count
        return len(captured)

    small = queries(1)
    PlanFactory.create_batch(4)
    assert queries(5) == small <= 4


def test_a_datasets_page_follows_the_public_plans(client, plan):
    assert "?plan=nap-test" in page(client, "fr", "ideas")
    Plan.objects.filter(pk=plan.pk).update(status="draft")
    generations.bump("plans")
    assert "?plan=nap-test" not in page(client, "fr", "ideas")


@pytest.mark.parametrize(
    "path",
    [
        "/fr/open-data/no-such-dataset/",
        "/fr/open-data/datapackage/",
        "/fr/open-data/%00/",
        "/fr/open-data/ideas%00/",
        "/fr/open-data/%E2%80%AEideas/",
        "/fr/open-data/" + "a" * 10_000 + "/",
        "/fr/open-data/ideas.csv/",
    ],
)
def test_an_unknown_or_hostile_dataset_page_gives_404(client, plan, path):
    assert client.get(path).status_code == 404


def test_a_registered_dataset_appears_on_the_page_and_has_its_own(client, plan, birds):
    html = page(client, "en")
    assert (
        '<h3 id="dataset-test-birds"><a href="/en/open-data/test-birds/">Birds seen from the window</a></h3>'
        in html
    )
    assert 'href="/open-data/test-birds.csv" type="text/csv"' in html
    assert 'href="/open-data/test-birds.json" type="application/json"' in html
    html = page(client, "en", "test-birds")
    assert '<a href="https://birds.example/licence" rel="license"><bdi>Open Birds Licence</bdi></a>' in html
    assert 'href="/open-data/test-birds.csv" type="text/csv"' in html
    assert 'href="/open-data/test-birds.csv?plan=nap-test" type="text/csv"' in html
    assert 'href="/open-data/test-birds.json?plan=nap-test" type="application/json"' in html
    columns = html[html.index("<caption>Columns") :]
    assert columns.index('<code dir="ltr">name</code>') < columns.index('<code dir="ltr">wings</code>')
    assert "How many wings it has." in columns


def test_a_registered_dataset_downloads_as_csv_with_its_columns_in_order(client, birds):
    response = client.get("/open-data/test-birds.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="test-birds.csv"'
    assert response["Access-Control-Allow-Origin"] == "*"
    raw = response.getvalue()
    assert raw.startswith("\ufeff".encode())
    lines = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert lines == [
        ["name", "wings", "colours"],
        ["'=Stork", "2", "white | black"],  # formula defused, list joined
        ["Hoopoe", "", ""],
    ]
    assert b"not declared" not in raw


def test_a_registered_dataset_downloads_as_json_with_its_columns_in_order(client, birds):
    response = client.get("/open-data/test-birds.json")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    rows = json.loads(response.getvalue())
    assert [list(row) for row in rows] == [["name", "wings", "colours"]] * 2
    assert rows[0] == {"name": "=Stork", "wings": 2, "colours": ["white", "black"]}
    assert rows[1]["wings"] is None


def test_the_plan_of_the_address_reaches_the_dataset(client, plan, birds):
    _dataset, plans_asked = birds
    response = client.get("/open-data/test-birds.json?plan=nap-test")
    response.getvalue()
    assert response["Content-Disposition"] == 'inline; filename="test-birds-nap-test.json"'
    client.get("/open-data/test-birds.csv").getvalue()
    assert plans_asked == [plan, None]


def test_a_draft_or_unknown_plan_gives_404(client, birds):
    PlanFactory(slug="draft", status="draft")
    assert client.get("/open-data/test-birds.csv?plan=draft").status_code == 404
    assert client.get("/open-data/test-birds.json?plan=no-such-plan").status_code == 404


def test_a_dataset_that_is_not_per_plan_has_no_plan_files(client, plan, monkeypatch):
    dataset = Dataset(
        key="test-portal",
        title="About the portal",
        description="One row.",
        columns=[Column("name", "Its name.")],
        rows=lambda plan, links: iter([{"name": "portal"}]),
        per_plan=False,
    )
    monkeypatch.setitem(REGISTRY, dataset.key, dataset)
    for html in (page(client), page(client, key="test-portal")):
        assert 'href="/open-data/test-portal.csv"' in html
        assert "test-portal.csv?plan=" not in html
    assert client.get("/open-data/test-portal.csv?plan=nap-test").status_code == 404
    assert dataset.licence == CC_BY_4  # the portal's licence unless a dataset says otherwise


HOSTILE = [
    "\x00",
    "nap-test\x00",
    "a" * 10_000,
    "nap\u202etset-",  # right-to-left override
    "\u2067nap-test\u2069",  # isolates
    "../../etc/passwd",
    "' OR 1=1 --",
    "نقطة",
]


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("extension", ["csv", "json"])
def test_a_hostile_plan_gives_404_not_an_error(client, plan, value, extension):
    assert client.get(f"/open-data/ideas.{extension}", {"plan": value}).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/open-data/plans/%00/statistics.json",
        "/open-data/plans/" + "a" * 10_000 + "/statistics.json",
        "/open-data/plans/nap%E2%80%AEtest/statistics.json",
        "/open-data/plans/nap-test/no-such-document.json",
        "/open-data/plans/nap-test/ideas.json",  # a table, not a plan document
        "/open-data/statistics.csv",  # a plan document, not a table
        "/open-data/no-such-dataset.json",
        "/open-data/%00.csv",
    ],
)
def test_an_unknown_or_hostile_address_gives_404(client, plan, path):
    assert client.get(path).status_code == 404
