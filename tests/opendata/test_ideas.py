import csv
import io
import json

import pytest

from core import moderation
from core.models import Moderation
from ideas import screening
from ideas.datasets import IDEA_COLUMNS
from ideas.models import Comment, Idea, Support
from tests.factories import (
    AssociationFactory,
    CommitmentFactory,
    IdeaFactory,
    InstitutionFactory,
    PlanFactory,
    ThemeFactory,
    UserFactory,
    WorkshopFactory,
)

pytestmark = pytest.mark.django_db

COLUMNS = [
    "id",
    "plan",
    "theme_number",
    "theme_ar",
    "theme_fr",
    "theme_en",
    "title",
    "problem",
    "solution",
    "expected_results",
    "source",
    "workshop",
    "association",
    "author",
    "created_at",
    "status",
    "outcome_reason",
    "outcome_explanation",
    "duplicate_of",
    "sent_to",
    "commitments",
    "supports",
    "comments",
    "url",
]


@pytest.fixture
def theme():
    plan = PlanFactory(slug="nap-test")
    return ThemeFactory(
        plan=plan, number=4, name_ar="العدالة المنفتحة", name_fr="Justice ouverte", name_en=""
    )


def get_csv(client, query="") -> tuple[str, list[dict]]:
    response = client.get("/open-data/ideas.csv" + query)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    raw = response.getvalue()
    assert raw.startswith("\ufeff".encode())  # so that spreadsheets read UTF-8
    text = raw.decode("utf-8-sig")
    return text, list(csv.DictReader(io.StringIO(text)))


def get_json(client, query="") -> list[dict]:
    response = client.get("/open-data/ideas.json" + query)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    return json.loads(response.getvalue())


def test_the_csv_has_the_documented_columns_and_one_row_per_idea(client, theme, staff):
    author = UserFactory(display_name="Amina B.", email="amina.private@example.org")
    idea = IdeaFactory(
        theme=theme,
        author=author,
        title="نشر الأحكام القضائية",
        association=AssociationFactory(name_ar="جمعية"),
    )
    justice, interior = (
        InstitutionFactory(name_ar="وزارة العدل"),
        InstitutionFactory(name_ar="وزارة الداخلية"),
    )
    first, second = CommitmentFactory(theme=theme, number=3), CommitmentFactory(theme=theme, number=7)
    screening.accept(idea, by=staff)
    screening.send_to(idea, by=staff, institutions=[justice, interior])
    screening.integrate(idea, by=staff, commitments=[first, second])
    Support.objects.create(idea=idea, user=UserFactory())
    Comment.objects.create(idea=idea, author=UserFactory(), body="Oui")
    Comment.objects.create(idea=idea, author=UserFactory(), body="Spam", moderation=Moderation.HIDDEN)

    text, rows = get_csv(client)

    assert [column.name for column in IDEA_COLUMNS] == COLUMNS
    assert text.splitlines()[0] == ",".join(COLUMNS)
    assert len(rows) == 1
    row = rows[0]
    assert row["id"] == str(idea.pk)
    assert row["plan"] == "nap-test"
    assert (row["theme_number"], row["theme_ar"], row["theme_fr"], row["theme_en"]) == (
        "4",
        "العدالة المنفتحة",
        "Justice ouverte",
        "",
    )
    assert row["title"] == "نشر الأحكام القضائية"  # Arabic intact
    assert (row["source"], row["workshop"], row["association"]) == ("portal", "", "جمعية")
    assert row["author"] == "Amina B."
    assert row["status"] == "integrated"
    assert row["sent_to"] == "وزارة الداخلية | وزارة العدل"
    assert row["commitments"] == "3 | 7"
    assert (row["supports"], row["comments"]) == ("1", "1")
    assert row["url"] == f"http://testserver/ar/ideas/{idea.pk}/"
    assert row["created_at"][:4].isdigit() and row["created_at"][-6] in "+-"  # ISO 8601 with offset


def test_the_outcome_of_a_rejected_idea_says_why(client, theme, staff):
    original = IdeaFactory(theme=theme)
    duplicate = IdeaFactory(theme=theme)
    other = IdeaFactory(theme=theme, title="Déjà prévu")
    screening.reject(duplicate, by=staff, reason="duplicate", duplicate_of=original)
    screening.reject(other, by=staff, reason="other", explanation="Déjà en cours ailleurs")

    rows = {row["id"]: row for row in get_json(client)}

    assert rows[duplicate.pk]["outcome_reason"] == "duplicate"
    assert rows[duplicate.pk]["duplicate_of"] == original.pk
    assert rows[other.pk]["outcome_reason"] == "other"
    assert rows[other.pk]["outcome_explanation"] == "Déjà en cours ailleurs"
    assert rows[original.pk]["outcome_reason"] == "" and rows[original.pk]["duplicate_of"] is None


def test_the_json_is_a_list_with_the_same_keys_and_typed_values(client, theme):
    workshop = WorkshopFactory(theme=theme, number=5)
    idea = IdeaFactory(theme=theme, source=Idea.Source.WORKSHOP, workshop=workshop, author=None)
    institution = InstitutionFactory(name_ar="وزارة العدل")
    idea.sent_to.add(institution)

    rows = get_json(client)

    assert isinstance(rows, list)
    assert list(rows[0]) == COLUMNS
    assert rows[0]["workshop"] == 5
    assert rows[0]["author"] == ""  # workshop ideas have no author
    assert rows[0]["sent_to"] == ["وزارة العدل"]
    assert rows[0]["commitments"] == []
    assert rows[0]["supports"] == 0


def test_no_email_address_is_ever_exported(client, theme):
    IdeaFactory.create_batch(3, theme=theme)
    text, _rows = get_csv(client)
    as_json = json.dumps(get_json(client))
    assert "@" not in text and "@" not in as_json


def test_hidden_ideas_and_draft_plans_are_left_out(client, theme, staff):
    shown = IdeaFactory(theme=theme)
    hidden = IdeaFactory(theme=theme)
    moderation.hide(hidden, by=staff, reason="Insulte")
    draft = PlanFactory(status="draft")
    IdeaFactory(theme=ThemeFactory(plan=draft))

    assert [row["id"] for row in get_json(client)] == [shown.pk]
    assert [row["id"] for row in get_csv(client)[1]] == [str(shown.pk)]


def test_one_plan_at_a_time(client, theme):
    mine = IdeaFactory(theme=theme)
    IdeaFactory()  # another public plan

    assert len(get_json(client)) == 2
    assert [row["id"] for row in get_json(client, "?plan=nap-test")] == [mine.pk]
    assert client.get("/open-data/ideas.csv?plan=nap-test")["Content-Disposition"] == (
        'attachment; filename="ideas-nap-test.csv"'
    )
    assert client.get("/open-data/ideas.csv?plan=no-such-plan").status_code == 404


def test_spreadsheet_formulas_are_defused_in_the_csv_only(client, theme):
    IdeaFactory(theme=theme, title='=HYPERLINK("http://evil.example")')
    assert get_csv(client)[1][0]["title"].startswith("'=")
    assert get_json(client)[0]["title"].startswith("=")


def make_ideas(theme, count):
    commitment = CommitmentFactory(theme=theme)
    institution = InstitutionFactory()
    association = AssociationFactory()
    workshop = WorkshopFactory(theme=theme)
    for i in range(count):
        source = {"source": Idea.Source.WORKSHOP, "workshop": workshop, "author": None} if i % 4 == 0 else {}
        idea = IdeaFactory(theme=theme, association=association if i % 2 else None, **source)
        idea.sent_to.add(institution)
        idea.commitments.add(commitment)
        Support.objects.create(idea=idea, user=UserFactory())
        Comment.objects.create(idea=idea, author=UserFactory(), body="Bien")


@pytest.mark.parametrize("count", [10, 200])
def test_the_exports_run_a_constant_number_of_queries(client, theme, count, django_assert_max_num_queries):
    make_ideas(theme, count)
    # The public plans (4, for the generations the file is kept under); the
    # ideas; then, per chunk of 5,000, their institutions, commitments,
    # supports, comments and outcome events.
    with django_assert_max_num_queries(10):
        assert len(get_csv(client)[1]) == count
    with django_assert_max_num_queries(6):
        assert len(get_json(client)) == count
    # Again: the files as written, from disk.
    with django_assert_max_num_queries(0):
        assert len(get_csv(client)[1]) == count
        assert len(get_json(client)) == count


def test_the_page_lists_the_datasets_documents_the_columns_and_states_the_licence(
    client, theme, django_assert_max_num_queries
):
    PlanFactory(slug="hidden-draft", status="draft")
    # The public plans, with their phases, themes and documents; then from the cache.
    with django_assert_max_num_queries(4):
        html = client.get("/fr/open-data/").content.decode()
    with django_assert_max_num_queries(0):
        assert client.get("/fr/open-data/").content.decode() == html
    assert "CC BY 4.0" in html
    assert 'href="https://creativecommons.org/licenses/by/4.0/" rel="license"' in html
    assert 'href="/open-data/ideas.csv"' in html and 'href="/open-data/ideas.json"' in html
    assert 'href="/fr/open-data/ideas/"' in html and 'href="/fr/open-data/statistics/"' in html
    # Each plan's files and the columns, on the datasets' own pages.
    for key in ("ideas", "statistics"):
        with django_assert_max_num_queries(4):
            client.get(f"/fr/open-data/{key}/")
    with django_assert_max_num_queries(0):
        ideas = client.get("/fr/open-data/ideas/").content.decode()
        statistics = client.get("/fr/open-data/statistics/").content.decode()
    assert 'href="https://creativecommons.org/licenses/by/4.0/" rel="license"' in ideas
    assert 'href="/open-data/ideas.csv?plan=nap-test"' in ideas
    assert 'href="/open-data/plans/nap-test/statistics.json"' in statistics
    assert 'href="/fr/plans/nap-test/statistics/"' in statistics  # the page with the same figures
    assert "hidden-draft" not in html + ideas + statistics
    for column in COLUMNS:
        assert f'<code dir="ltr">{column}</code>' in ideas
    for key in ("participants.online", "funnel.awaiting_decision", "institutions_involved"):
        assert f'<code dir="ltr">{key}</code>' in statistics


def test_chunks_keep_each_ideas_own_figures_when_plans_interleave(
    client, theme, monkeypatch, django_assert_max_num_queries
):
    # Ideas of two plans created in turn: each chunk of the export (ordered by
    # plan, then number) reads its to-many rows by ranges of numbers that also
    # hold the other plan's ideas; every row must still carry its own.
    from ideas import datasets

    monkeypatch.setattr(datasets, "EXPORT_CHUNK", 3)
    other = ThemeFactory(plan=PlanFactory(slug="other-plan"))
    people = UserFactory.create_batch(7)
    expected = {}
    for i in range(7):
        idea = IdeaFactory(theme=theme if i % 2 else other)
        for person in people[: i + 1]:
            Support.objects.create(idea=idea, user=person)
        for person in people[:i]:
            Comment.objects.create(idea=idea, author=person, body="Oui")
        institution = InstitutionFactory(name_ar=f"مؤسسة {i}")
        idea.sent_to.add(institution)
        expected[idea.pk] = (i + 1, i, f"مؤسسة {i}")
    # 7 ideas in 3 chunks: the public plans (4), the ideas, then 5 queries per chunk.
    with django_assert_max_num_queries(4 + 1 + 3 * 5):
        rows = get_json(client)
    assert [row["plan"] for row in rows] == sorted(row["plan"] for row in rows)
    assert {row["id"]: (row["supports"], row["comments"], *row["sent_to"]) for row in rows} == expected


def test_the_files_kept_on_disk_follow_every_change_and_a_cut_download_leaves_none(client, theme, settings):
    from opendata.views import EXPORTS_FOLDER

    first = IdeaFactory(theme=theme, title="Première idée")
    folder = settings.MEDIA_ROOT / EXPORTS_FOLDER / "ideas" / "_all"
    assert [row["title"] for row in get_json(client)] == ["Première idée"]
    assert len(list(folder.glob("*.json"))) == 1
    # A download abandoned half-way (the server closes the stream) writes no file.
    from opendata.views import _kept

    stream = _kept(iter([b"id,title\n", b"1,Une\n"]), folder / "cut.csv")
    assert next(stream) == b"id,title\n"
    stream.close()
    assert not list(folder.glob("*.csv")) and not list(folder.glob(".*"))
    # Each kind of change shows in the next download, and the older file goes.
    IdeaFactory(theme=theme, title="Deuxième idée")
    assert [row["title"] for row in get_json(client)] == ["Première idée", "Deuxième idée"]
    assert len(list(folder.glob("*.json"))) == 1
    Support.objects.create(idea=first, user=UserFactory())
    assert get_json(client)[0]["supports"] == 1
    theme.name_fr = "Justice ouverte et accessible"
    theme.save()
    assert get_json(client)[0]["theme_fr"] == "Justice ouverte et accessible"
    first.author.display_name = "Amina B."
    first.author.save()
    assert get_json(client)[0]["author"] == "Amina B."
    moderation.hide(first, by=UserFactory(is_staff=True), reason="Spam")
    assert [row["title"] for row in get_json(client)] == ["Deuxième idée"]
    # The links in a file point where it was asked from.
    assert get_json(client)[0]["url"].startswith("http://testserver/")
    other_host = client.get("/open-data/ideas.json", HTTP_HOST="127.0.0.1")
    assert json.loads(other_host.getvalue())[0]["url"].startswith("http://127.0.0.1/")


def test_a_small_file_is_answered_whole_and_a_large_one_streamed_from_disk(client, theme, monkeypatch):
    from opendata import views

    IdeaFactory(theme=theme, title="Première idée")
    get_csv(client)  # written to disk
    again = client.get("/open-data/ideas.csv")
    assert not again.streaming and again["Access-Control-Allow-Origin"] == "*"
    assert again["Content-Disposition"] == 'attachment; filename="ideas.csv"'
    monkeypatch.setattr(views, "SMALL_FILE_BYTES", 10)
    IdeaFactory(theme=theme, title="Deuxième idée")
    get_csv(client)
    large = client.get("/open-data/ideas.csv")
    assert large.streaming
    assert "Deuxième idée" in large.getvalue().decode("utf-8-sig")
