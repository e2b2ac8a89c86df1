"""Uploaded files (core.files): random names, content checked by its bytes,
served only by the one view, which asks the owning object's visibility rule."""

import io
import os
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage, storages
from django.db import connection, models
from django.utils import timezone, translation

from core.files import (
    FILE_POLICY,
    AllowedContent,
    ProtectedStorage,
    RandomName,
    SizeLimit,
    detect,
    protected_fields,
)
from core.models import Moderation
from core.permissions import MODERATORS_GROUP, secretariat_group
from ideas.models import Idea
from plans.models import Plan, PlanDocument
from tests.core.production import http_get
from tests.factories import IdeaFactory, PlanFactory, ThemeFactory, UserFactory
from tests.files import HTML, JPEG, JS, SVG, office_open_xml, opendocument, pdf, png, upload

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
IDEA_FILE = re.compile(r"ideas/attachments/[0-9a-f]{32}\.(pdf|png|jpg|bin)")


# Telling a file by its bytes.


@pytest.mark.parametrize(
    "content,kind",
    [
        (pdf(), "pdf"),
        (png(), "png"),
        (JPEG, "jpeg"),
        (opendocument(), "odt"),
        (opendocument("application/vnd.oasis.opendocument.spreadsheet"), "ods"),
        (opendocument("application/vnd.oasis.opendocument.presentation"), "odp"),
        (office_open_xml("docx"), "docx"),
        (office_open_xml("xlsx"), "xlsx"),
        (office_open_xml("pptx"), "pptx"),
        (HTML, None),
        (JS, None),
        (SVG, None),
        (b"", None),
        (b" %PDF-1.4", None),
        # ZIP containers that are not the office documents they claim to be.
        (opendocument("text/html"), None),
        (opendocument("application/vnd.oasis.opendocument.text-template"), None),
        (office_open_xml("docx", "application/vnd.ms-word.document.macroEnabled.main+xml"), None),
        (office_open_xml("docx")[:-30], None),  # truncated: no central directory
        (b"PK\x03\x04" + b"\x00" * 100, None),
    ],
)
def test_a_kind_is_told_by_the_bytes(content, kind):
    file = io.BytesIO(content)
    file.seek(3 if content else 0)
    assert detect(file) == kind
    assert file.tell() == (3 if content else 0)  # left where it was


def test_validators_refuse_other_content_and_name_the_accepted_types(settings):
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        AllowedContent("pdf", "png", "jpeg")(upload("photo.png", HTML, "image/png"))
    with translation.override("en"):
        assert refused.value.messages == [
            "The content of this file is not an accepted type. Accepted types: PDF, PNG, JPEG."
        ]
    AllowedContent("pdf", "png", "jpeg")(upload("scan.bin", pdf()))
    settings.IDEA_ATTACHMENT_MAX_BYTES = 100
    with translation.override("en"), pytest.raises(ValidationError, match="too large"):
        SizeLimit("IDEA_ATTACHMENT_MAX_BYTES")(upload("big.pdf", pdf() + b"0" * 100))
    # Settings are named, not copied, into migrations.
    assert SizeLimit("IDEA_ATTACHMENT_MAX_BYTES").deconstruct() == (
        "core.files.SizeLimit",
        ("IDEA_ATTACHMENT_MAX_BYTES",),
        {},
    )


def test_a_file_already_stored_is_not_checked_again(settings, citizen):
    # Saving an idea again (in the admin, say) must not re-read its file,
    # which a lower limit, or a file gone from the disk, would then refuse.
    idea = IdeaFactory(theme=ThemeFactory(), author=citizen, attachment=upload("budget.pdf", pdf()))
    settings.IDEA_ATTACHMENT_MAX_BYTES = 10
    Path(idea.attachment.path).unlink()
    Idea.objects.get(pk=idea.pk).full_clean()


def test_every_file_field_is_named_randomly_checked_and_served_by_a_rule():
    file_fields = {
        (model, field.name)
        for model in apps.get_models()
        for field in model._meta.fields
        if isinstance(field, models.FileField)
    }
    assert (Idea, "attachment") in file_fields and (PlanDocument, "file") in file_fields
    # A new upload field without a rule in core.files' registry fails here.
    assert {(entry.model, entry.field_name) for entry in protected_fields()} == file_fields
    for model, name in file_fields:
        field = model._meta.get_field(name)
        assert isinstance(field.upload_to, RandomName)
        if field.editable:  # an upload (a published document is the portal's own)
            assert {type(v) for v in field.validators} >= {AllowedContent, SizeLimit}
    # Every address of a stored file is the view's.
    assert isinstance(storages["default"], ProtectedStorage)
    assert default_storage.url("ideas/attachments/x.pdf") == "/files/ideas/attachments/x.pdf"


# Names on disk.


def test_names_on_disk_are_random_and_told_by_the_content(citizen):
    theme = ThemeFactory()
    first = IdeaFactory(theme=theme, author=citizen, attachment=upload("amina-el-idrissi-cv.png", pdf()))
    second = IdeaFactory(theme=theme, author=citizen, attachment=upload("amina-el-idrissi-cv.png", pdf()))
    for idea in (first, second):
        assert IDEA_FILE.fullmatch(idea.attachment.name)
        assert idea.attachment.name.endswith(".pdf")  # the bytes are a PDF, whatever the name said
        assert "amina" not in idea.attachment.name
        assert (Path(settings.MEDIA_ROOT) / idea.attachment.name).read_bytes() == pdf()
    assert first.attachment.name != second.attachment.name
    stored = [path.name for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]
    assert len(stored) == 2 and not any("amina" in name for name in stored)


# Who gets an idea's attachment.


@pytest.fixture
def plan(db):
    return PlanFactory()


@pytest.fixture
def idea(plan, citizen):
    return IdeaFactory(theme=ThemeFactory(plan=plan), author=citizen, attachment=upload("budget.pdf", pdf()))


@pytest.fixture
def hidden_idea(plan, citizen):
    return IdeaFactory(
        theme=ThemeFactory(plan=plan),
        author=citizen,
        attachment=upload("schema.png", png()),
        moderation=Moderation.HIDDEN,
    )


def someone(role: str, author=None):
    """The cast, by role; None is the anonymous visitor."""
    if role == "anonymous":
        return None
    if role == "author":
        return author
    if role == "citizen":
        return UserFactory()
    if role == "plain staff":
        return UserFactory(is_staff=True)
    if role == "secretariat":
        user = UserFactory(is_staff=True)
        user.groups.add(secretariat_group())
        return user
    if role == "moderator":
        user = UserFactory(is_staff=True)
        user.groups.add(Group.objects.get(name=MODERATORS_GROUP))
        return user
    if role == "superuser":
        return UserFactory(is_staff=True, is_superuser=True)
    raise ValueError(role)


def fetch(client, url: str, user=None):
    if user is not None:
        client.force_login(user)
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


def test_a_visible_ideas_attachment_is_served_to_anyone(client, idea):
    url = idea.attachment.url
    assert url == f"/files/{idea.attachment.name}"
    response, body = fetch(client, url)
    assert response.status_code == 200
    assert body == pdf()
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == f'inline; filename="idea-{idea.pk}-attachment.pdf"'
    assert "private" in response["Cache-Control"]
    assert (
        response["Content-Security-Policy"]
        == FILE_POLICY
        == "default-src 'none'; frame-ancestors 'none'; sandbox"
    )
    assert response["Content-Length"] == str(len(pdf()))


@pytest.mark.parametrize(
    "role,status",
    [
        ("anonymous", 404),
        ("citizen", 404),
        ("plain staff", 404),
        ("secretariat", 404),
        ("author", 200),
        ("moderator", 200),
        ("superuser", 200),
    ],
)
def test_a_hidden_ideas_attachment_only_to_its_author_and_moderators(client, hidden_idea, role, status):
    response, body = fetch(client, hidden_idea.attachment.url, someone(role, hidden_idea.author))
    assert response.status_code == status
    if status == 200:
        assert (body, response["Content-Type"]) == (png(), "image/png")
        assert "private" in response["Cache-Control"]
    else:
        assert png() not in body


def test_an_idea_in_a_draft_plan_keeps_its_attachment(client, idea):
    Plan.objects.filter(pk=idea.plan_id).update(status=Plan.Status.DRAFT)
    assert fetch(client, idea.attachment.url)[0].status_code == 404
    assert fetch(client, idea.attachment.url, idea.author)[0].status_code == 404


def test_the_type_comes_from_the_bytes_not_the_name(client, idea, hidden_idea):
    # A PNG stored under a .pdf name goes out as a PNG.
    misnamed = re.sub(r"\.png$", ".pdf", hidden_idea.attachment.name)
    os.rename(hidden_idea.attachment.path, Path(settings.MEDIA_ROOT) / misnamed)
    Idea.objects.filter(pk=idea.pk).update(attachment=misnamed)
    response, body = fetch(client, f"/files/{misnamed}")
    assert (response.status_code, response["Content-Type"], body) == (200, "image/png", png())
    assert response["Content-Disposition"] == f'inline; filename="idea-{idea.pk}-attachment.png"'


def test_a_file_that_slipped_past_the_checks_is_never_a_page(client, plan, citizen):
    # Factories skip validation, like a script would: the HTML is stored as
    # .bin and goes out as a download, not as a page of the portal.
    idea = IdeaFactory(theme=ThemeFactory(plan=plan), author=citizen, attachment=upload("x.html", HTML))
    assert idea.attachment.name.endswith(".bin")
    response, body = fetch(client, idea.attachment.url)
    assert response.status_code == 200 and body == HTML
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == f'attachment; filename="idea-{idea.pk}-attachment.bin"'
    assert response["Content-Security-Policy"] == FILE_POLICY


def test_files_are_only_read(client, idea):
    assert client.post(idea.attachment.url).status_code == 405
    assert client.head(idea.attachment.url).status_code == 200


# Plan documents.


def document(plan, content=None, name="plan.pdf") -> PlanDocument:
    return PlanDocument.objects.create(
        plan=plan,
        title_ar="خطة العمل",
        title_fr="Plan d'action",
        kind=PlanDocument.Kind.PLAN,
        date=timezone.localdate(),
        language="fr",
        file=upload(name, pdf() if content is None else content),
    )


@pytest.mark.parametrize(
    "role,status",
    [
        ("anonymous", 404),
        ("citizen", 404),
        ("plain staff", 404),
        ("moderator", 404),
        ("secretariat", 200),
        ("superuser", 200),
    ],
)
def test_a_draft_plans_documents_only_to_staff_who_view_them(client, role, status):
    doc = document(PlanFactory(status=Plan.Status.DRAFT))
    assert fetch(client, doc.file.url, someone(role))[0].status_code == status


def test_a_public_plans_document_is_served_to_anyone(client, plan):
    content = office_open_xml("docx")
    doc = document(plan, content, name="rapport.docx")
    assert re.fullmatch(r"plans/documents/[0-9a-f]{32}\.docx", doc.file.name)
    response, body = fetch(client, doc.href)
    assert (response.status_code, body) == (200, content)
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    # Anything but a PDF or an image is downloaded, never shown by the browser.
    assert response["Content-Disposition"] == f'attachment; filename="plandocument-{doc.pk}-file.docx"'
    assert response["X-Content-Type-Options"] == "nosniff"


# Evidence of commitments: a file follows the scope of its row
# (core.files.follows_rows).


@pytest.fixture
def evidence_cast(plan):
    from tests.factories import AssociationFactory, InstitutionFactory
    from tests.workshops.staff import focal_point, representative, secretariat

    mine, other = InstitutionFactory(), InstitutionFactory()
    co_drafting = AssociationFactory()
    return {
        "anonymous": None,
        "citizen": UserFactory(),
        "focal point of the card": focal_point(mine, "focal-mine@example.org"),
        "focal point of another institution": focal_point(other, "focal-other@example.org"),
        "co-drafting representative": representative(co_drafting, "rep@example.org"),
        "secretariat": secretariat(),
        "superuser": UserFactory(is_staff=True, is_superuser=True),
        "mine": mine,
        "co_drafting": co_drafting,
    }


def evidence_on(cast, status, plan, update=False):
    from commitments import lifecycle
    from commitments.models import Evidence, Milestone
    from tests.factories import CommitmentFactory

    card = CommitmentFactory(theme=ThemeFactory(plan=plan), status=status, lead_institution=cast["mine"])
    card.co_drafting_associations.add(cast["co_drafting"])
    step = Milestone.objects.create(
        commitment=card, description_fr="Publier", responsible_institution=cast["mine"]
    )
    proof = Evidence(title="Arrêté", file=upload("arrete.pdf", pdf()))
    if not update:
        proof.milestone = step
        proof.save()
        return proof
    submitted = lifecycle.submit_update(
        step,
        by=cast["focal point of the card"],
        status=Milestone.Status.IN_PROGRESS,
        completion=10,
        text="fait",
        evidence=[proof],
    )
    return Evidence.objects.get(update=submitted)


WHO_SEES_UNPUBLISHED_EVIDENCE = {
    "anonymous": 404,
    "citizen": 404,
    "focal point of the card": 200,
    "focal point of another institution": 404,
    "co-drafting representative": 404,  # no view permission on evidence
    "secretariat": 200,
    "superuser": 200,
}


@pytest.mark.parametrize("role,status", WHO_SEES_UNPUBLISHED_EVIDENCE.items())
def test_a_draft_cards_evidence_only_to_staff_whose_scope_holds_it(client, plan, evidence_cast, role, status):
    proof = evidence_on(evidence_cast, "draft", plan)
    assert fetch(client, proof.file.url, evidence_cast[role])[0].status_code == status


@pytest.mark.parametrize("role,status", WHO_SEES_UNPUBLISHED_EVIDENCE.items())
def test_evidence_awaiting_validation_only_to_staff_whose_scope_holds_it(
    client, plan, evidence_cast, role, status
):
    proof = evidence_on(evidence_cast, "in_implementation", plan, update=True)
    assert fetch(client, proof.file.url, evidence_cast[role])[0].status_code == status


def test_evidence_is_everyones_once_validated_on_a_public_card_of_a_public_plan(client, plan, evidence_cast):
    from commitments import lifecycle

    proof = evidence_on(evidence_cast, "in_implementation", plan, update=True)
    lifecycle.validate(proof.update, by=evidence_cast["superuser"])
    response, body = fetch(client, proof.file.url)
    assert (response.status_code, body) == (200, pdf())
    # Entered by the secretariat on a public card: public at once; not in a draft plan.
    assert fetch(client, evidence_on(evidence_cast, "adopted", plan).file.url)[0].status_code == 200
    hidden_plan = PlanFactory(status=Plan.Status.DRAFT)
    assert fetch(client, evidence_on(evidence_cast, "adopted", hidden_plan).file.url)[0].status_code == 404


# Names that are not ours.


@pytest.fixture
def secret_beside_media():
    """A file just outside MEDIA_ROOT, where a path traversal would land."""
    media = Path(settings.MEDIA_ROOT)
    media.mkdir(parents=True, exist_ok=True)
    (media.parent / "secret.txt").write_text("not for you")
    return media


@pytest.mark.parametrize(
    "path",
    [
        "/files/../secret.txt",
        "/files/ideas/attachments/../../secret.txt",
        "/files/ideas/attachments/%2e%2e/%2e%2e/secret.txt",
        "/files/ideas/attachments/..%2f..%2fsecret.txt",
        "/files//etc/passwd",
        "/files/%2Fetc%2Fpasswd",
        "/files/%00",
        "/files/ideas/attachments/%00.pdf",
        "/files/ideas/attachments/",
        "/files/ideas/attachments",
        "/files/" + "a" * 5000,
        "/files/ideas/attachments/" + "0" * 5000 + ".pdf",
        "/files/ideas/attachments/" + "0" * 32 + ".pdf",  # the right shape, no such file
        "/files/secret.txt",
        "/files/other/" + "0" * 32 + ".pdf",  # a prefix nobody registered
    ],
)
def test_a_name_that_is_not_a_stored_file_is_404(client, secret_beside_media, idea, path):
    response = client.get(path)
    assert response.status_code == 404
    assert b"not for you" not in response.content


def test_a_stored_name_is_404_with_a_suffix_another_prefix_or_without_its_row(client, idea):
    name = idea.attachment.name
    for path in (f"/files/{name}%00", f"/files/{name}/", f"/files/{name.upper()}"):
        assert client.get(path).status_code == 404, path
    hexname = name.rsplit("/", 1)[1]
    assert client.get(f"/files/plans/documents/{hexname}").status_code == 404
    # A file on disk that no row owns (an orphan) is not served either.
    orphan = Path(settings.MEDIA_ROOT) / "ideas/attachments" / ("f" * 32 + ".pdf")
    orphan.write_bytes(pdf())
    assert client.get("/files/ideas/attachments/" + orphan.name).status_code == 404
    # A row whose file is gone: 404, not 500.
    Path(idea.attachment.path).unlink()
    assert client.get(idea.attachment.url).status_code == 404


# The pages link to the view.


def test_the_idea_page_and_the_plan_page_link_through_the_view(client, idea):
    doc = document(idea.plan)
    idea_page = client.get(idea.get_absolute_url()).content.decode()
    assert f'href="/files/{idea.attachment.name}"' in idea_page
    plan_page = client.get(idea.plan.get_absolute_url()).content.decode()
    assert f'href="/files/{doc.file.name}"' in plan_page


# The whole thing in production: DJANGO_DEBUG=0, gunicorn, no static() for media.


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the server process needs a shared database")
def test_files_are_served_under_gunicorn_with_debug_off(production_server, citizen):
    theme = ThemeFactory()
    visible = IdeaFactory(theme=theme, author=citizen, attachment=upload("budget.pdf", pdf()))
    hidden = IdeaFactory(
        theme=theme,
        author=citizen,
        attachment=upload("schema.png", png()),
        moderation=Moderation.HIDDEN,
    )
    response = http_get(production_server, visible.attachment.url)
    assert response.status == 200
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.body == pdf()
    response = http_get(production_server, hidden.attachment.url)
    assert response.status == 404
    assert png() not in response.body
    assert "text/html" in response.headers["Content-Type"]  # the portal's 404 page, not a crash
