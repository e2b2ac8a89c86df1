"""Hostile query strings on every public list and open-data download (issue
8, item 14): a NUL byte (which PostgreSQL refuses in text), a number too
large for any column, a word where a number is expected, a bidi control, in
any parameter, is a 404 or is ignored — with a message where a filter the
visitor sees is left out — never a 500. The tests run on PostgreSQL."""

import pytest
from django.urls import reverse
from django.utils import translation

from core.datasets import Dataset, PlanDocument
from opendata.registry import REGISTRY
from tests.committee.factories import committee_with_meetings
from tests.conftest import built_once
from tests.consultations.factories import SectionFactory, TextConsultationFactory
from tests.factories import (
    CommitmentFactory,
    IdeaFactory,
    InstitutionFactory,
    PlanFactory,
    ThemeFactory,
    WorkshopFactory,
)

pytestmark = pytest.mark.django_db

HOSTILE = ["\x00", "1\x00", "99999999999999999999", "abc", "\u202e", "-1"]
# Every parameter a public page or download reads, and a few it does not.
PARAMETERS = [
    "plan",
    "theme",
    "status",
    "source",
    "institution",
    "page",
    "sort",
    "q",
    "comments",
    "ideas",
    "mode",
    "level",
    "consultation",
]


@built_once
def data():
    """One plan with an idea, a commitment and a workshop, for every case."""
    plan = PlanFactory(slug="nap-test")
    theme = ThemeFactory(plan=plan)
    InstitutionFactory(member=plan.member)
    idea = IdeaFactory(theme=theme, title="Une idée qui reste affichée")
    commitment = CommitmentFactory(theme=theme)
    workshop = WorkshopFactory(theme=theme)
    committee = committee_with_meetings(plan)
    consultation = TextConsultationFactory(plan=plan)
    consultation.commitments.add(commitment)
    SectionFactory(consultation=consultation, number=1)
    return {
        "plan": plan,
        "idea": idea,
        "commitment": commitment,
        "workshop": workshop,
        "meeting": committee["first"],
        "consultation": consultation,
    }


PAGES = {
    "idea list": lambda d: reverse("ideas:index", args=[d["plan"].slug]),
    "ideas of every plan": lambda d: reverse("ideas:search"),
    "workshop list": lambda d: reverse("workshops:index", args=[d["plan"].slug]),
    "commitment list": lambda d: reverse("commitments:index", args=[d["plan"].slug]),
    "plan dashboard": lambda d: reverse("commitments:dashboard", args=[d["plan"].slug]),
    "statistics": lambda d: reverse("ideas:statistics", args=[d["plan"].slug]),
    "idea page": lambda d: d["idea"].get_absolute_url(),
    "commitment page": lambda d: d["commitment"].get_absolute_url(),
    "workshop page": lambda d: d["workshop"].get_absolute_url(),
    "workshop calendar": lambda d: reverse("workshops:ics", args=[d["workshop"].pk]),
    "workshops calendar feed": lambda d: reverse("workshops:feed", args=[d["plan"].slug]),
    "plans": lambda d: reverse("plans:index"),
    "plan page": lambda d: d["plan"].get_absolute_url(),
    "OGP checklist": lambda d: reverse("plans:checklist", args=[d["plan"].slug]),
    "open data": lambda d: reverse("opendata:index"),
    "open data, a dataset's page": lambda d: reverse("opendata:dataset", args=["commitments"]),
    "committee": lambda d: reverse("committee:entry"),
    "committee page": lambda d: reverse("committee:index", args=[d["plan"].slug]),
    "committee meetings": lambda d: reverse("committee:meetings", args=[d["plan"].slug]),
    "committee meeting": lambda d: reverse("committee:meeting", args=[d["plan"].slug, d["meeting"].pk]),
    "committee decisions": lambda d: reverse("committee:decisions", args=[d["plan"].slug]),
    "committee handbook": lambda d: reverse("committee:handbook", args=[d["plan"].slug]),
    "consultations": lambda d: reverse("consultations:index"),
    "plan's consultations": lambda d: reverse("consultations:plan", args=[d["plan"].slug]),
    "consultation": lambda d: reverse("consultations:detail", args=[d["plan"].slug, d["consultation"].pk]),
    "consultation commitment comments": lambda d: reverse(
        "consultations:commitment", args=[d["plan"].slug, d["consultation"].pk, d["commitment"].number]
    ),
    "consultation section comments": lambda d: reverse(
        "consultations:section", args=[d["plan"].slug, d["consultation"].pk, 1]
    ),
    "consultation whole text comments": lambda d: reverse(
        "consultations:general", args=[d["plan"].slug, d["consultation"].pk]
    ),
}
for _key, _dataset in REGISTRY.items():
    if isinstance(_dataset, Dataset):
        PAGES[f"{_key}.csv"] = lambda d, key=_key: reverse("downloads:csv", args=[key])
        PAGES[f"{_key}.json"] = lambda d, key=_key: reverse("downloads:json", args=[key])
    elif isinstance(_dataset, PlanDocument):
        PAGES[f"plan's {_key}.json"] = lambda d, key=_key: reverse(
            "downloads:plan_json", args=[d["plan"].slug, key]
        )


def get(client, path: str, params: dict):
    # The test client raises what a 500 would hide; a redirect (the
    # consultations' entry opens the one open today) is followed.
    response = client.get(path, params, follow=True)
    if hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)
    return response


@pytest.mark.parametrize("name", sorted(PAGES))
def test_no_hostile_value_of_any_parameter_gives_an_error(client, data, name):
    path = PAGES[name](data)
    answers = {
        (parameter, value): get(client, path, {parameter: value}).status_code
        for parameter in PARAMETERS
        for value in HOSTILE
    }
    assert set(answers.values()) <= {200, 404}, answers
    if name.endswith((".csv", ".json")) and not name.startswith("plan's"):
        # Only ?plan= is read by a download: a bad value is a 404.
        assert {answers["plan", value] for value in HOSTILE} == {404}


FILTERS = ["theme", "status", "source", "institution", "sort"]


@pytest.mark.parametrize("name", ["idea list", "ideas of every plan"])
@pytest.mark.parametrize("value", HOSTILE)
def test_a_filter_that_cannot_be_read_is_left_out_and_said(client, data, name, value):
    path = PAGES[name](data)
    for parameter in FILTERS + ["q"]:
        if parameter in ("theme", "institution") and name == "ideas of every plan":
            continue  # not filters of a search across plans: ignored silently
        if parameter == "q" and "\x00" not in value:
            continue  # words, any words (bidi controls taken out)
        html = get(client, path, {parameter: value}).content.decode()
        assert "تعذرت قراءة بعض قيم العنوان، فتم تجاهلها" in html, (parameter, value)
        assert "Une idée qui reste affichée" in html, (parameter, value)


def test_a_search_for_a_bidi_control_alone_is_no_search(client, data):
    html = client.get(PAGES["idea list"](data), {"q": "\u202e\u2067"}).content.decode()
    assert "Une idée qui reste affichée" in html
    assert "تعذرت قراءة" not in html


def test_valid_filters_are_kept_beside_one_that_is_not(client, data):
    other = IdeaFactory(theme=data["idea"].theme, title="Une idée d'atelier", source="workshop",
                        workshop=WorkshopFactory(theme=data["idea"].theme), author=None)  # fmt: skip
    with translation.override("en"):
        path = PAGES["idea list"](data)
    html = client.get(path, {"source": "workshop", "theme": "\x00"}).content.decode()
    assert "could not be read and were left out: Theme" in html
    assert other.title.replace("'", "&#x27;") in html
    assert "Une idée qui reste affichée" not in html


@pytest.mark.parametrize(
    "path",
    [
        "/fr/plans/nap-test/committee/meetings/99999999999999999999/",
        "/fr/plans/nap-test/committee/meetings/9223372036854775808/",
        "/fr/plans/nap-test/committee/meetings/-1/",
        "/fr/plans/nap-test%00/committee/",
        "/fr/plans/nap-test/committee/meetings/1%00/",
        "/fr/plans/%E2%80%AEnap-test/committee/decisions/",
        "/fr/plans/nap-test/committee/%E2%80%AE/",
    ],
)
def test_a_hostile_committee_address_is_not_found(client, data, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/fr/open-data/%00/",
        "/fr/open-data/commitments%00/",
        "/fr/open-data/%E2%80%AEcommitments/",
        "/fr/open-data/%E2%81%A7commitments%E2%81%A9/",
        "/fr/open-data/" + "c" * 10_000 + "/",
        "/fr/open-data/99999999999999999999/",
        "/fr/open-data/no-such-dataset/",
    ],
)
def test_a_hostile_dataset_key_is_not_found(client, data, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    "tail",
    [
        "99999999999999999999/",
        "9223372036854775808/",
        "-1/",
        "1%00/",
        "%E2%80%AE/",
        "{pk}/commitments/99999999999999999999/",
        "{pk}/commitments/1%00/",
        "{pk}/sections/9223372036854775808/",
        "{pk}/sections/%E2%80%AE1/",
        "{pk}/general%00/",
    ],
)
def test_a_hostile_consultation_address_is_not_found(client, data, tail):
    path = "/fr/plans/nap-test/consultations/" + tail.format(pk=data["consultation"].pk)
    assert client.get(path).status_code == 404
    assert client.get("/fr/plans/nap-test%00/consultations/").status_code == 404
