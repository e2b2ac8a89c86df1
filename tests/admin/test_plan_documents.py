"""The secretariat uploads a plan's documents in the plan's admin page: the
content is checked (core.files), so no page or script can be published from
the portal's own origin."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from plans.models import Plan, PlanDocument
from tests.factories import PlanFactory
from tests.files import HTML, JS, SVG, office_open_xml, opendocument, pdf, upload

pytestmark = pytest.mark.django_db

REFUSED = (
    "The content of this file is not an accepted type. "
    "Accepted types: PDF, ODT, DOCX, ODS, XLSX, ODP, PPTX, PNG, JPEG."
)


@pytest.fixture
def draft():
    return PlanFactory(status=Plan.Status.DRAFT, phases={})


@pytest.fixture(params=["staff", "secretariat"])
def uploader(request):
    """The superuser, and a member of the Secretariat group with its migration rights."""
    return request.getfixturevalue(request.param)


def post_document(client, plan: Plan, file):
    data = {
        "member": plan.member_id,
        "number": plan.number,
        "title_ar": plan.title_ar,
        "title_fr": plan.title_fr,
        "title_en": "",
        "slug": plan.slug,
        "start_year": plan.start_year,
        "end_year": plan.end_year,
        "status": plan.status,
        "summary_ar": "",
        "summary_fr": "",
        "summary_en": "",
        "timeline_published_on": "",
        "phases-TOTAL_FORMS": 0,
        "phases-INITIAL_FORMS": 0,
        "themes-TOTAL_FORMS": 0,
        "themes-INITIAL_FORMS": 0,
        "documents-TOTAL_FORMS": 1,
        "documents-INITIAL_FORMS": 0,
        "documents-0-title_ar": "خطة العمل الوطنية",
        "documents-0-title_fr": "Plan d'action national",
        "documents-0-kind": "plan",
        "documents-0-date": "2026-03-01",
        "documents-0-language": "fr",
        "documents-0-file": file,
        "documents-0-url": "",
    }
    with translation.override("en"):
        url = reverse("admin:plans_plan_change", args=[plan.pk])
    return client.post(url, data)


def stored_files() -> list[Path]:
    return [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]


@pytest.mark.parametrize(
    "name,content,content_type",
    [
        ("evil.html", HTML, "text/html"),
        ("evil.js", JS, "text/javascript"),
        ("evil.svg", SVG, "image/svg+xml"),
        ("plan.pdf", HTML, "application/pdf"),  # the name lies; the bytes tell
    ],
)
def test_a_page_or_a_script_is_refused_as_a_plan_document(
    client, uploader, draft, name, content, content_type
):
    client.force_login(uploader)
    response = post_document(client, draft, upload(name, content, content_type))
    assert response.status_code == 200  # the form again, with the error
    assert REFUSED in response.content.decode()
    assert not PlanDocument.objects.exists()
    assert stored_files() == []


@pytest.mark.parametrize(
    "name,content,extension",
    [
        ("Plan d'action national (version finale).pdf", pdf(), "pdf"),
        ("compte-rendu.odt", opendocument(), "odt"),
        ("budget.xlsx", office_open_xml("xlsx"), "xlsx"),
    ],
)
def test_a_real_document_is_accepted_under_a_random_name(client, uploader, draft, name, content, extension):
    client.force_login(uploader)
    response = post_document(client, draft, upload(name, content))
    assert response.status_code == 302
    document = PlanDocument.objects.get()
    assert document.file.name.startswith("plans/documents/")
    assert document.file.name.endswith(f".{extension}")
    assert "plan" not in document.file.name.removeprefix("plans/documents/")
    assert [path.read_bytes() for path in stored_files()] == [content]
    # The admin's "Currently:" link goes through the view, which lets the
    # secretariat check a draft plan's document.
    with translation.override("en"):
        page = client.get(reverse("admin:plans_plan_change", args=[draft.pk])).content.decode()
    assert f'href="/files/{document.file.name}"' in page
    response = client.get(document.file.url)
    assert (response.status_code, b"".join(response.streaming_content)) == (200, content)


def test_a_plan_document_over_the_limit_is_refused(client, staff, draft, settings):
    settings.PLAN_DOCUMENT_MAX_BYTES = 1000
    client.force_login(staff)
    response = post_document(client, draft, upload("plan.pdf", pdf() + b"0" * 1000))
    assert "The file is too large" in response.content.decode()
    assert not PlanDocument.objects.exists()
