"""The published documents' mechanism (core.documents), on a document this
module declares about a plan: asked for, rendered once, kept until its data
changes, served through the protected-files view under a readable name; a
failed render said to the visitor and reported; hostile addresses a 404."""

import io
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone, translation

from core import documents
from core.documents import Document
from core.models import Notification, Rendition
from plans.models import PlanDocument
from plans.queries import public_plan_by_pk, readable_by_all
from tests.factories import PlanFactory, UserFactory
from tests.pdf import pdf_pages, pdf_text
from tests.published import download
from tests.workshops.staff import stage
from workshops.documents import SIGN_IN_SHEET
from workshops.models import Registration

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils"),
]

FAILED = (
    "This document could not be prepared. The portal's team has been told; please try again in a few minutes."
)
# Every context the test documents built: one per render.
renders: list[tuple[str, str, date | None]] = []


def _context(plan, day):
    renders.append((plan.slug, translation.get_language(), day))
    return {"plan": plan}


def _broken(plan, day):
    renders.append((plan.slug, translation.get_language(), day))
    raise RuntimeError("the context could not be built")


ABOUT = Document(
    kind="test-about",
    title="About the plan",
    template="core/pdf/about.html",
    context=_context,
    generations=lambda plan: ["plans"],
    file_name=lambda plan, language, day: f"about-{plan.slug}-{language}" + (f"-{day}" if day else ""),
    subject="plans.Plan",
    can_view=lambda user, plan: plan.status != plan.Status.DRAFT,
    dates=lambda plan: [date(2026, 6, 30)],
)
BROKEN = Document(
    kind="test-broken",
    title="Broken",
    template="core/pdf/about.html",
    context=_broken,
    generations=lambda plan: ["plans"],
    file_name=lambda plan, language, day: f"broken-{language}",
    subject="plans.Plan",
    can_view=lambda user, plan: True,
)


# A plan's document as the action plan is declared: its plan found among the
# cached public plans when downloaded, so a download reads no row.
PUBLIC = replace(
    ABOUT,
    kind="test-public",
    file_name=lambda plan, language, day: f"public-{plan.slug}-{language}",
    can_view=readable_by_all,
    subject_of=public_plan_by_pk,
    dates=None,
)


@pytest.fixture(autouse=True)
def declared():
    known = dict(documents.registry())
    documents.register(ABOUT)
    documents.register(BROKEN)
    documents.register(PUBLIC)
    renders.clear()
    yield
    documents._registry.clear()
    documents._registry.update(known)


@pytest.fixture
def plan():
    return PlanFactory(slug="nap-test", title_fr="Plan d'action de test")


def url(plan, kind="test-about", language="fr", day=None):
    """The document's address, on the French site."""
    with translation.override("fr"):
        return reverse("plans:document", args=[plan.slug, kind, *([day] if day else []), language])


def test_a_document_is_rendered_when_first_asked_then_served_from_storage(client, plan):
    first = client.get(url(plan))
    assert first.status_code == 302
    name = first["Location"].removeprefix("/files/")
    assert name.startswith("documents/") and name.endswith(".pdf")
    assert renders == [("nap-test", "fr", None)]

    response = download(client, url(plan))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="about-nap-test-fr.pdf"'
    assert "How a plan is made" not in pdf_text(response.content, Path(settings.MEDIA_ROOT))
    with translation.override("fr"):
        assert translation.gettext("How a plan is made") in pdf_text(
            response.content, Path(settings.MEDIA_ROOT)
        )
    # Asked again with nothing changed: the same file, no render.
    assert client.get(url(plan))["Location"] == first["Location"]
    assert renders == [("nap-test", "fr", None)]
    row = Rendition.objects.get(kind="test-about")
    assert (row.language, row.pages, row.size) == (
        "fr",
        pdf_pages(response.content, Path(settings.MEDIA_ROOT)),
        len(response.content),
    )


def test_an_edit_makes_it_stale_and_the_next_request_renders_it_again(
    client, plan, django_capture_on_commit_callbacks
):
    old = client.get(url(plan))["Location"]
    old_path = Path(settings.MEDIA_ROOT) / old.removeprefix("/files/")
    assert old_path.exists()
    plan.title_fr = "Plan d'action, titre corrigé"
    plan.save()  # bumps the plans' generation
    with django_capture_on_commit_callbacks(execute=True):
        new = client.get(url(plan))["Location"]
    assert new != old
    assert len(renders) == 2
    assert not old_path.exists()  # the replaced file is removed
    assert download(client, url(plan)).status_code == 200
    # Each language is a document of its own.
    client.get(url(plan, language="ar"))
    assert [language for _slug, language, _day in renders] == ["fr", "fr", "ar"]


def test_a_stored_document_is_downloaded_with_no_query_and_one_cache_read(
    client, plan, django_assert_num_queries
):
    file = client.get(url(plan, kind="test-public"))["Location"]
    assert client.get(file).status_code == 200  # its row found once, then kept by the worker
    backend = caches["default"]
    with (
        mock.patch.object(backend, "get", wraps=backend.get) as get,
        mock.patch.object(backend, "get_many", wraps=backend.get_many) as get_many,
        django_assert_num_queries(0),
    ):
        served = client.get(file)
    assert served.status_code == 200
    assert served["Content-Disposition"] == 'inline; filename="public-nap-test-fr.pdf"'
    # The plans' generation, read once for the rule and the file's name.
    assert (get.call_count, get_many.call_count) == (0, 1)


def test_a_stored_document_follows_its_plan_and_its_data_on_the_next_request(
    client, plan, django_capture_on_commit_callbacks
):
    old = client.get(url(plan, kind="test-public"))["Location"]
    assert client.get(old).status_code == 200
    plan.title_fr = "Plan d'action, titre corrigé"
    plan.save()
    with django_capture_on_commit_callbacks(execute=True):
        new = client.get(url(plan, kind="test-public"))["Location"]
    # The file it replaced is gone: its address, known to the worker, is a 404.
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    # A plan taken back to draft publishes no document, stored or not.
    plan.status = plan.Status.DRAFT
    plan.save()
    assert client.get(new).status_code == 404


def test_a_dated_document_is_offered_at_its_dates_only(client, plan):
    assert client.get(url(plan, day=date(2026, 6, 30))).status_code == 302
    assert renders == [("nap-test", "fr", date(2026, 6, 30))]
    assert client.get(url(plan, day=date(2026, 6, 29))).status_code == 404
    response = download(client, url(plan, day=date(2026, 6, 30)))
    assert response["Content-Disposition"] == 'inline; filename="about-nap-test-fr-2026-06-30.pdf"'


@pytest.mark.parametrize(
    "path",
    [
        "/fr/plans/nap-test/documents/nope/fr/",
        "/fr/plans/nap-test/documents/test-about/xx/",
        "/fr/plans/nap-test/documents/test-about/f%00r/",
        "/fr/plans/nap-test/documents/test-about/2026-13-45/fr/",
        "/fr/plans/nap-test/documents/test-about/99999-06-30/fr/",
        "/fr/plans/nap-test/documents/test-about/2026-06-30\u202e/fr/",
        "/fr/plans/nap-test/documents/sign-in-sheet/fr/",  # not a public document
        "/fr/plans/n%00ap/documents/test-about/fr/",
    ],
)
def test_a_hostile_address_is_a_404(client, plan, path):
    assert client.get(path).status_code == 404
    assert renders == []


def test_a_draft_plans_documents_are_not_published(client):
    draft = PlanFactory(slug="draft-plan", status="draft")
    assert client.get(url(draft)).status_code == 404
    assert client.get(reverse("plans:documents", args=[draft.slug])).status_code == 404
    # Nor its file, were it rendered by the command.
    row = documents.render_now(ABOUT, draft, "fr")
    assert client.get(row.file.url).status_code == 404


def test_a_failed_render_is_said_to_the_visitor_and_reported_to_the_admins(client, plan, settings):
    settings.ADMINS = [("ops", "ops@example.org")]
    response = client.get(url(plan, kind="test-broken"), HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 503
    with translation.override("fr"):
        told = translation.gettext(FAILED)
    assert told != FAILED
    assert told in response.content.decode()
    assert 'http-equiv="refresh"' not in response.content.decode()
    # Reported once, as the task's error (not again as the page's 503).
    report = Notification.objects.get(kind="server_error", to_email="ops@example.org")
    assert report.context["task"] == "core.tasks.render_document"
    assert "the context could not be built" in report.context["error"]
    # Asked again at once: the failure stands, nothing is rendered again.
    assert client.get(url(plan, kind="test-broken")).status_code == 503
    assert len(renders) == 1


def test_a_document_being_prepared_says_so_and_refreshes_itself(client, plan, settings):
    # A worker has the render (the row claimed for today's data, not done).
    status = documents.statuses(ABOUT, plan, [("fr", None)])[0]
    assert not status.fresh
    row = Rendition.objects.create(
        kind=ABOUT.kind,
        subject_type_id=documents._key(ABOUT, plan, "fr", None)["subject_type"].pk,
        subject_id=plan.pk,
        language="fr",
        wanted=documents.token(ABOUT, plan),
        asked_at=documents.timezone.now(),
    )
    response = client.get(url(plan))
    assert response.status_code == 202
    html = response.content.decode()
    assert '<meta http-equiv="refresh" content="3">' in html
    assert "no-cache" in response["Cache-Control"]
    assert renders == []  # not asked twice
    documents.produce(row.pk, row.wanted)
    assert client.get(url(plan)).status_code == 302


def test_the_documents_page_lists_every_document_and_the_repository(client, plan, django_assert_num_queries):
    PlanDocument.objects.create(
        plan=plan,
        title="Méthodologie",
        kind="method",
        date=date(2026, 1, 15),
        language="fr",
        url="https://example.org/m",
    )
    with translation.override("fr"):
        page = reverse("plans:documents", args=[plan.slug])
    html = client.get(page).content.decode()
    assert "About the plan" in html and "Broken" in html
    assert html.count(url(plan).replace("/fr/", "/fr/", 1)) == 1
    assert url(plan, day=date(2026, 6, 30)) in html
    assert "Méthodologie" in html
    client.get(url(plan))  # rendered
    html = client.get(page).content.decode()
    row = Rendition.objects.get(kind="test-about")
    # The rendered one is now in the repository, with its date, newest first.
    assert row.file.url in html
    assert html.index(row.file.url) < html.index("Méthodologie")
    assert f"{row.pages} page" in html
    # Kept whole for visitors until a document is rendered or the data changes.
    with django_assert_num_queries(0):
        assert client.get(page).status_code == 200


def test_the_command_renders_a_document_and_says_how_long_it_took(plan, tmp_path):
    out = io.StringIO()
    target = tmp_path / "about.pdf"
    call_command(
        "render_document", "test-about", "--plan", plan.slug, "--lang", "ar", "--out", str(target), stdout=out
    )
    pages = pdf_pages(target.read_bytes(), tmp_path)
    assert f"test-about nap-test ar: {pages} page" in out.getvalue() and " s, peak memory " in out.getvalue()
    # Stored: the documents page serves it without rendering it again.
    assert Rendition.objects.get(kind="test-about", language="ar").pages == pages
    with pytest.raises(CommandError, match="not dated"):
        call_command(
            "render_document", "test-broken", "--plan", plan.slug, "--lang", "ar", "--date", "2026-06-30"
        )
    with pytest.raises(CommandError, match="No plan"):
        call_command("render_document", "test-about", "--plan", "nope", "--lang", "ar")


def test_a_sign_in_sheet_is_served_to_those_who_run_the_workshop_only(client):
    cast = stage()
    Registration.objects.create(workshop=cast.workshop, name="Zineb Alaoui", status="registered")
    row = documents.render_now(SIGN_IN_SHEET, cast.workshop, "fr")
    assert client.get(row.file.url).status_code == 404  # anonymous
    client.force_login(UserFactory())
    assert client.get(row.file.url).status_code == 404  # a citizen
    client.force_login(cast.other_rep)
    assert client.get(row.file.url).status_code == 404  # another association's representative
    client.force_login(cast.rep)
    response = download(client, row.file.url.replace("/files/", "/files/", 1))
    assert client.get(row.file.url).status_code == 200
    assert (
        f'filename="sign-in-{cast.workshop.number}-fr.pdf"' in client.get(row.file.url)["Content-Disposition"]
    )
    del response


def test_a_person_erased_leaves_no_sign_in_sheet_naming_them(client, django_capture_on_commit_callbacks):
    """The sheet named them; it is gone, file and address."""
    from core.personal_data import erase_account as erase

    cast = stage()
    person = UserFactory(display_name="Zineb Alaoui")
    Registration.objects.create(workshop=cast.workshop, user=person, status="registered")
    row = documents.render_now(SIGN_IN_SHEET, cast.workshop, "fr")
    path = Path(row.file.path)
    assert "Zineb Alaoui" in pdf_text(path.read_bytes(), path.parent)
    client.force_login(cast.rep)
    assert client.get(row.file.url).status_code == 200  # its row now kept in the cache
    with django_capture_on_commit_callbacks(execute=True):
        erase(person)
    assert not Rendition.objects.filter(pk=row.pk).exists()
    assert not path.exists()
    assert client.get(row.file.url).status_code == 404  # its address too
    # Printed again, the sheet no longer names them.
    again = documents.render_now(SIGN_IN_SHEET, cast.workshop, "fr")
    assert "Zineb Alaoui" not in pdf_text(Path(again.file.path).read_bytes(), path.parent)


def test_the_open_data_lists_the_repository_with_each_documents_date(client, plan):
    """The plan-documents dataset: the documents the secretariat added and,
    once rendered, the portal's, each with its date (OGP standard 2 checked
    from the data); a render changes the file."""
    import csv

    PlanDocument.objects.create(
        plan=plan,
        title="Méthodologie",
        kind="method",
        date=date(2026, 1, 15),
        language="fr",
        url="https://example.org/m",
    )

    def rows():
        response = client.get(f"/open-data/plan-documents.csv?plan={plan.slug}")
        assert response.status_code == 200
        return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))

    assert [(r["source"], r["kind"], r["date"], r["url"]) for r in rows()] == [
        ("added", "method", "2026-01-15", "https://example.org/m")
    ]
    client.get(url(plan))  # rendered (in-process tasks)
    row = Rendition.objects.get(kind="test-about")
    listed = rows()
    assert [(r["source"], r["kind"], r["language"]) for r in listed] == [
        ("rendered", "test-about", row.language),
        ("added", "method", "fr"),
    ]
    assert listed[0]["date"] == timezone.localdate(row.rendered_at).isoformat()
    assert listed[0]["url"].endswith(row.file.url)
