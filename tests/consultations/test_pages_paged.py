"""A consultation on many commitments (the bench's has 301): its page and its
report page list them by pages, the figures counting every comment on every
page ("N comments, M answered", the answer rate per institution with the
overdue ones); the same queries with 40 commitments as with 4, and within
the 60 KB of HTML and CSS of a public page; the report page's rows, page
after page, are its PDF's, which lists them all."""

import re
from datetime import timedelta

import pytest
from django.contrib.staticfiles import finders
from django.utils import timezone, translation

from commitments import lifecycle
from consultations import views, views_report
from consultations.documents import REPORT
from consultations.generations import CONSULTATIONS
from consultations.models import Comment
from core.documents import render
from tests.conftest import built_once
from tests.documents.test_cocreation_report import lines, row_of
from tests.factories import CommitmentFactory, InstitutionFactory, UserFactory
from tests.test_query_counts import count

from .factories import SectionFactory, TextConsultationFactory, open_draft_plan, secretary

pytestmark = pytest.mark.django_db


def build(size: int):
    """A draft plan consultation that closed 23 days ago (its answers owed 8
    days ago) on `size` commitments led by three institutions in turn:
    commitment k has k % 4 comments, the first of each answered; three on
    the plan as a whole, one answered. The first card of each of the
    report's pages adopted, the first of all reworded since."""
    cast = open_draft_plan(opens=-50, closes=-23)
    third = InstitutionFactory(member=cast.plan.member)
    leads = [cast.first, cast.second, third]
    theme = cast.one.theme
    cards = [cast.one, cast.two]
    cards += [
        CommitmentFactory(theme=theme, lead_institution=leads[index % 3], title_fr=f"Carte {index + 1}")
        for index in range(2, size)
    ]
    consultation = cast.consultation
    consultation.commitments.set(cards)
    author = UserFactory()
    made = timezone.now() - timedelta(days=40)

    def comment(card, answered: bool) -> Comment:
        return Comment(
            consultation=consultation,
            commitment=card,
            owed_by=card.lead_institution if card else None,
            author=author,
            body="Un avis.",
            created_at=made,
            answer_status="answered" if answered else "awaiting",
            disposition="taken" if answered else "",
            answer="Retenu." if answered else "",
            answered_at=made + timedelta(days=3) if answered else None,
        )

    rows = [comment(card, k == 0) for number, card in enumerate(cards, 1) for k in range(number % 4)]
    rows += [comment(None, k == 0) for k in range(3)]
    Comment.objects.bulk_create(rows)
    CONSULTATIONS.bump([cast.plan.pk])
    # The first of each of the report's pages adopted (the same reading of
    # their history on each page).
    staff = secretary()
    for card in cards[:: views_report.PER_PAGE]:
        lifecycle.COMMITMENT.move(card, "adopted", by=staff)
    cast.one.refresh_from_db()
    cast.consulted_title = cast.one.title_fr
    cast.one.title_fr = "Budget ouvert et citoyen"
    cast.one.save()
    cast.cards = cards
    cast.comments = len(rows)
    cast.answered = sum(1 for row in rows if row.answer_status == "answered")
    return cast


@built_once
def sizes():
    return build(4), build(40)


def address(cast, name: str, language: str = "fr") -> str:
    consultation = cast.consultation
    base = f"/{language}/plans/{consultation.plan.slug}/consultations/{consultation.pk}/"
    return base if name == "detail" else f"{base}report/"


def text(html: str) -> str:
    """The page's text as read: tags and isolates out, spaces folded, none
    inside brackets (as test_pages.text)."""
    plain = " ".join(re.sub(r"[\u2066-\u2069]", "", re.sub(r"<[^>]+>", " ", html)).split())
    return re.sub(r"\(\s+", "(", re.sub(r"\s+\)", ")", plain))


def get(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def consulted_rows(html: str) -> list[tuple[int, int, str]]:
    """(number, comments, answered) of each row of the consultation page's commitments table."""
    table = html[
        html.index('class="data consulted"') : html.index("</table>", html.index('class="data consulted"'))
    ]
    found = re.findall(
        r'<tr><td class="num"><bdi>(\d+)</bdi></td><th scope="row">.*?</th>'
        r'<td class="num"><bdi>(\d+)</bdi></td><td class="num">(.*?)</td></tr>',
        table,
    )
    return [
        (int(number), int(comments), re.sub(r"<[^>]+>", "", answered)) for number, comments, answered in found
    ]


def report_rows(html: str) -> list[tuple[int, int, int]]:
    """(number, comments, answered) of each commitment's row of the report page's table."""
    table = html[html.index('class="data report-targets"') :]
    table = table[: table.index("</tbody>")]
    found = re.findall(
        r'<tr><td class="num">(\d+)</td><th.*?</th><td class="num">(\d+)</td><td class="num">(\d+)</td></tr>',
        table,
    )
    return [tuple(map(int, row)) for row in found]


# --- The consultation's page ------------------------------------------------------


def test_its_page_lists_thirty_commitments_a_page_and_every_figure_on_each(client, sizes):
    _small, cast = sizes
    first = get(client, address(cast, "detail"))
    second = get(client, address(cast, "detail") + "?page=2")
    numbers = [card.number for card in cast.cards]
    assert [row[0] for row in consulted_rows(first)] == numbers[:30]
    assert [row[0] for row in consulted_rows(second)] == numbers[30:]
    assert "Page 1 sur 2" in text(first) and "Page 2 sur 2" in text(second)
    assert '?page=2#commitments-title"' in first
    # Each row's own figures: commitment k has k % 4 comments, one answered.
    for html in (first, second):
        for number, comments, answered in consulted_rows(html):
            k = numbers.index(number) + 1
            assert comments == k % 4
            assert answered == ("—" if not comments else f"1 ({round(100 / comments)} %)")
    # Every comment counted on every page: the total, each institution with its overdue ones.
    total = f"{cast.comments} commentaires, {cast.answered} avec réponse"
    for html in (first, second):
        plain = text(html)
        assert total in plain
        assert f"{cast.comments - cast.answered} réponses en retard" in plain
        assert "Le secrétariat 3 1 (33 %) 2" in plain
        for institution in (cast.first, cast.second):
            assert re.search(re.escape(institution.name) + r" \d+ \d+ \(\d+ %\) [1-9]", plain)


@pytest.mark.parametrize("word", ["abc", "-1", "1.5", "99999999999999999999", "%00", "%E2%80%AE2"])
def test_an_unreadable_page_is_the_first_and_a_page_past_the_end_the_last(client, sizes, word):
    _small, cast = sizes
    for name in ("detail", "report"):
        html = get(client, f"{address(cast, name)}?page={word}")
        assert "Page 1 sur" in text(html), (name, word)
    assert "Page 2 sur 2" in text(get(client, address(cast, "detail") + "?page=999999"))


# --- The report page ----------------------------------------------------------------


def test_the_report_page_rows_page_after_page_are_its_pdfs(client, sizes, tmp_path):
    _small, cast = sizes
    per_page = views_report.PER_PAGE
    pages = -(-len(cast.cards) // per_page)
    shown = []
    for page in range(1, pages + 1):
        html = get(client, f"{address(cast, 'report')}?page={page}")
        plain = text(html)
        assert f"Page {page} sur {pages}" in plain
        rows = report_rows(html)
        assert len(rows) == min(per_page, len(cast.cards) - (page - 1) * per_page)
        shown += rows
        # The figures count every comment on every page.
        assert f"Tous les commentaires {cast.comments} {cast.answered}" in plain
        assert "Le plan dans son ensemble 3 1" in plain
        # What changed: in the page's commitments only.
        changed = re.findall(r'id="change-(\d+)"', html)
        assert [int(number) for number in changed] == [row[0] for row in rows]
    numbers = [card.number for card in cast.cards]
    assert [row[0] for row in shown] == numbers
    assert [row[1:] for row in shown] == [(k % 4, 1 if k % 4 else 0) for k in range(1, len(numbers) + 1)]
    # The PDF lists them all with the same figures.
    pdf = lines(render(REPORT, cast.consultation, "fr").pdf, tmp_path)
    with translation.override("fr"):
        (caption,) = [translation.gettext("Comments per commitment")]
        titles = {card.pk: str(card.title) for card in cast.cards}
    start = row_of(pdf, caption)
    for card, (_number, comments, answered) in zip(cast.cards, shown, strict=True):
        start = row_of(pdf, titles[card.pk], str(comments), str(answered), start=start)
    row_of(pdf, "Tous les commentaires", str(cast.comments), str(cast.answered), start=start)


def test_what_changed_names_the_fields_and_leads_to_the_cards_comparison(client, sizes):
    _small, cast = sizes
    html = get(client, address(cast, "report"))
    with translation.override("fr"):
        card = cast.one.get_absolute_url()
    assert f'<a href="{card}#consulted-title">' in html
    assert "La fiche : modifié (titre [fr])" in text(html)
    before_after = f"{cast.consulted_title} → Budget ouvert et citoyen"
    assert before_after not in text(html)
    assert before_after in text(get(client, card))


# --- As the data grows ------------------------------------------------------------------


PATHS = {
    "consultation": lambda cast: address(cast, "detail"),
    "consultation, page 2": lambda cast: address(cast, "detail") + "?page=2",
    "report": lambda cast: address(cast, "report"),
    "report, page 2": lambda cast: address(cast, "report") + "?page=2",
}


@pytest.mark.parametrize("name", PATHS)
def test_a_page_runs_as_many_queries_with_40_commitments_as_with_4(sizes, name):
    small, large = (count(PATHS[name](cast)) for cast in sizes)
    assert small == large and small[0] == 200, (name, small, large)
    assert large[2] == 0  # warm: the kept page


@pytest.mark.parametrize("name", ["detail", "report"])
def test_a_page_of_40_commitments_is_within_60_kb_with_its_css(client, sizes, name):
    _small, cast = sizes
    css = len(open(finders.find("css/portal.css"), "rb").read())  # noqa: SIM115 - read once
    for language in ("ar", "fr"):
        html = client.get(address(cast, name, language)).content
        assert len(html) + css <= 60 * 1024, (name, language, len(html), css)


def test_a_texts_sections_come_by_pages_too(client, monkeypatch):
    monkeypatch.setattr(views, "TARGETS_PER_PAGE", 2)
    text_consultation = TextConsultationFactory()
    for number in (1, 2, 3):
        SectionFactory(consultation=text_consultation, number=number, title_fr=f"Titre {number}")
    path = f"/fr/plans/{text_consultation.plan.slug}/consultations/{text_consultation.pk}/"
    first, second = (text(get(client, path + query)) for query in ("", "?page=2"))
    assert "1 Titre 1" in first and "2 Titre 2" in first and "Titre 3" not in first
    assert "3 Titre 3" in second and "Titre 1" not in second
    assert "Page 2 sur 2" in second
