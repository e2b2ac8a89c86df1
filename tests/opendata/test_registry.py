"""The open-data page and the downloads are built from the registry of the
datasets the apps declare: whatever is registered is documented and served."""

import csv
import io
import json

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation
from django.utils.html import escape

from core.datasets import CC_BY_4, Column, Dataset, Licence
from opendata import registry
from opendata.registry import REGISTRY
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


def page(client, language="fr") -> str:
    response = client.get(f"/{language}/open-data/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_apps_datasets_are_discovered():
    assert {"ideas", "statistics"} <= set(REGISTRY)


def test_a_key_is_registered_once():
    with pytest.raises(ImproperlyConfigured):
        registry.register(REGISTRY["ideas"])


def test_the_page_documents_every_registered_dataset_and_every_column(
    client, plan, django_assert_max_num_queries
):
    PlanFactory.create_batch(3)
    # The public plans, with their phases, themes and documents; then from the cache.
    with django_assert_max_num_queries(4):
        html = page(client)
    with django_assert_max_num_queries(0):
        assert page(client) == html
    assert REGISTRY  # the test must not pass on an empty registry
    with translation.override("fr"):
        for dataset in REGISTRY.values():
            assert f'<h3 id="dataset-{dataset.key}">{escape(dataset.title)}</h3>' in html
            assert f"<p>{escape(dataset.description)}</p>" in html
            assert f'<a href="{dataset.licence.url}" rel="license">{escape(dataset.licence.name)}</a>' in html
            for column in dataset.columns:
                assert (
                    f'<tr><th scope="row"><code dir="ltr">{escape(column.name)}</code></th>'
                    f"<td>{escape(column.meaning)}</td></tr>"
                ) in html
    assert "Identifiant (slug) du plan d&#x27;action." in html  # the meanings are translated


def test_a_registered_dataset_appears_on_the_page_with_its_files_and_columns(client, plan, birds):
    html = page(client, "en")
    assert '<h3 id="dataset-test-birds">Birds seen from the window</h3>' in html
    assert '<a href="https://birds.example/licence" rel="license">Open Birds Licence</a>' in html
    assert 'href="/open-data/test-birds.csv" type="text/csv"' in html
    assert 'href="/open-data/test-birds.json" type="application/json"' in html
    assert 'href="/open-data/test-birds.csv?plan=nap-test" type="text/csv"' in html
    section = html[html.index('id="dataset-test-birds"') :]
    assert section.index('<code dir="ltr">name</code>') < section.index('<code dir="ltr">wings</code>')
    assert "How many wings it has." in section


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
    html = page(client)
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
