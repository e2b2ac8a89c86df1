"""An XSS corpus in every user text field and file name (issue 23, "Hostile
input"): typed through the public forms where the public types it (an
idea, a comment, a public name, a workshop registration, a visitor's
registration, a consultation comment, a candidacy and its document's file
name), written as staff and representatives write it where they do (a
progress update, a parallel assessment, a screening's and a moderation's
reasons, a workshop's place typed by its organiser). Then read back
wherever it shows: escaped in the public pages and the admin's change
pages, in the HTML of the emails in the outbox and as typed in their text,
never breaking a line of the `.ics` calendars, and as text in the PDFs
(pdftotext finds it literally: WeasyPrint did not read it as HTML). And one
page holding it loaded in Chromium under the portal's Content-Security-
Policy: no violation reported, no dialog opened."""

import re
import shutil
import subprocess
import threading
from datetime import timedelta
from mimetypes import guess_type
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commitments import lifecycle
from commitments.models import Assessment, Follow, Milestone
from committee.models import Candidacy
from consultations.models import Comment as ConsultationComment
from core import documents, moderation
from core.models import Notification, User
from core.notifications import build_message, optional_kinds
from ideas import screening
from ideas.models import Comment, Idea, IdeaEvent
from tests.committee.factories import CommitteeFactory
from tests.committee.selection_factories import PDF, CandidacyFactory, round_in
from tests.conftest import CHROMIUM_ARGS, built_once, make_citizen, make_staff
from tests.consultations.factories import SectionFactory, TextConsultationFactory, focal_point
from tests.factories import (
    AssociationFactory,
    CommitmentFactory,
    InstitutionFactory,
    PlanFactory,
    ThemeFactory,
    WorkshopFactory,
)
from workshops.models import Registration

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
HREF = "javascript:alert(1)"
TEMPLATE = "{{7*7}}"
TEXTAREA = "</textarea><svg onload=alert(1)>"
RLO = "\u202e"
CORPUS = [SCRIPT, IMG, HREF, TEMPLATE, TEXTAREA, f"{RLO}gpj.exe"]
PAYLOAD = " ".join(CORPUS)  # 130 characters: in every text field
SHORT = f"{IMG} {SCRIPT} {TEMPLATE}"  # 64: in names of 80 at most
# What staff and representatives type in the admin: the public forms strip
# direction controls (core.forms.UserTextForm), the admin's forms do not.
STAFF = " ".join(CORPUS[:-1])
# What a page shows of it when escaped; what must never reach a page raw.
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
RAW = ["<script>alert(1)", "<img src=x onerror", "<svg onload", RLO]
URL_SCHEME = re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)
# Told through the organiser's field into a calendar: a line of its own would add an attendee.
ICS_INJECTION = "\r\nATTENDEE:mailto:evil@example.org"


@built_once
def scene():
    """A plan open to ideas, its workshop, commitment, consultation and a
    call for candidacies; the corpus typed into each of them."""
    cache.clear()  # built before the first test empties it: nothing of the previous module's pages
    plan = PlanFactory(slug="corpus-plan")
    theme = ThemeFactory(plan=plan, number=1)
    institution = InstitutionFactory(member=plan.member)
    focal = focal_point(institution)
    staff = make_staff()
    staff.emailaddress_set.create(email=staff.email, verified=True, primary=True)
    member = make_citizen("corpus@example.org", "Salma", "ar")
    association = AssociationFactory()
    member.associations.add(association)
    client = Client()
    client.force_login(member)

    # A public name, an idea and two comments, through the public forms.
    every_email = {f"emails-{kind.key}": "on" for kind in optional_kinds()}
    answer = client.post(
        "/ar/account/preferences/", {"profile-display_name": SHORT, "profile-language": "ar", **every_email}
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    answer = client.post(
        f"/ar/plans/{plan.slug}/ideas/new/",
        {
            "theme": theme.pk,
            "title": PAYLOAD,
            "problem": PAYLOAD,
            "solution": PAYLOAD,
            "expected_results": PAYLOAD,
            "association_name": SHORT,
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    idea = Idea.objects.get(plan=plan)
    for _ in range(2):
        assert client.post(f"/ar/ideas/{idea.pk}/comment/", {"body": PAYLOAD}).status_code == 302
    hidden = Comment.objects.filter(idea=idea).order_by("pk").last()
    moderation.hide(hidden, by=staff, reason=STAFF)

    # A workshop whose place its organiser typed; the member's and a visitor's registrations.
    workshop = WorkshopFactory(
        theme=theme, starts_at=timezone.now() + timedelta(days=9), capacity=30, place=STAFF + ICS_INJECTION
    )
    details = {"organisation": PAYLOAD, "region": SHORT, "role": SHORT, "accessibility": PAYLOAD}
    assert client.post(f"/ar/workshops/{workshop.pk}/register/", details).status_code == 302
    guest = {"name": SHORT, "email": "corpus-guest@example.org", **details}
    answer = Client().post(f"/ar/workshops/{workshop.pk}/register/guest/", guest)
    assert answer.status_code == 302, re.findall(r'class="errorlist[^>]*>(.*?)</ul>', answer.content.decode())

    # A comment in an open consultation on a text.
    consultation = TextConsultationFactory(plan=plan)
    section = SectionFactory(consultation=consultation, number=1)
    path = f"/ar/plans/{plan.slug}/consultations/{consultation.pk}/sections/1/"
    assert client.post(path, {"body": PAYLOAD, "association_name": SHORT}).status_code == 302

    # A candidacy's answers and a document whose name is the corpus.
    calling = round_in("call", committee=CommitteeFactory(plan=plan, term_start=timezone.localdate()))
    candidacy = CandidacyFactory(round=calling, association=association)
    answers = dict.fromkeys(("experience", "mobilising", "technology", "implementing"), PAYLOAD)
    answers |= {"evaluating": PAYLOAD, "drafting": PAYLOAD, "name": SHORT, "region": SHORT}
    document = SimpleUploadedFile(f"{IMG}.pdf", PDF, content_type="application/pdf")
    path = reverse("committee:candidacy", args=[plan.slug, candidacy.pk])
    answer = client.post(path, {**answers, "document_statutes": document})
    assert answer.status_code == 302, answer.content.decode()[:3000]

    # What staff and representatives type: a validated progress update, an assessment, screening.
    commitment = CommitmentFactory(theme=theme, lead_institution=institution, status="in_implementation")
    milestone = Milestone.objects.create(commitment=commitment, description="Publier le budget")
    Follow.objects.create(commitment=commitment, user=member)
    update = lifecycle.submit_update(milestone, by=focal, status="in_progress", completion=40, text=STAFF)
    lifecycle.validate(update, by=staff)
    Assessment.objects.create(
        commitment=commitment, association=association, author=member, rating="limited", text=STAFF
    )
    screening.reject(idea, by=staff, reason=IdeaEvent.Reason.OTHER, explanation=STAFF)
    return {
        "plan": plan,
        "idea": idea,
        "hidden": hidden,
        "workshop": workshop,
        "consultation": consultation,
        "section": section,
        "candidacy": candidacy,
        "commitment": commitment,
        "update": update,
        "member": member,
        "staff": staff,
    }


def assert_escaped(html: str, where: str, *, shown: bool = True) -> None:
    for raw in RAW:
        assert raw not in html, f"{where}: {raw!r} reached the page as it was typed"
    assert not URL_SCHEME.search(html), f"{where}: a javascript: address"
    if shown:
        assert ESCAPED in html, f"{where}: the corpus is not shown"
        assert TEMPLATE in html, f"{where}: {TEMPLATE} was read as a template"


def test_the_corpus_is_saved_as_typed_without_its_direction_control(scene):
    typed = PAYLOAD.replace(RLO, "")
    idea = Idea.objects.get(pk=scene["idea"].pk)
    assert (idea.title, idea.problem, idea.solution, idea.expected_results) == (typed,) * 4
    assert {c.body for c in Comment.objects.filter(idea=idea)} == {typed}
    assert User.objects.get(pk=scene["member"].pk).display_name == SHORT
    guest = Registration.objects.get(email="corpus-guest@example.org")
    assert (guest.name, guest.organisation) == (SHORT, typed)
    assert ConsultationComment.objects.get(consultation=scene["consultation"]).body == typed
    candidacy = Candidacy.objects.get(pk=scene["candidacy"].pk)
    assert candidacy.experience == typed and candidacy.name == SHORT
    # The uploader's file name is not kept: the stored name is random.
    stored = candidacy.enclosures.get().file.name
    assert "onerror" not in stored and "img" not in stored


def public_pages(scene) -> dict[str, str]:
    plan, idea, consultation = scene["plan"], scene["idea"], scene["consultation"]
    return {
        "idea page": idea.get_absolute_url(),
        "idea list": reverse("ideas:index", args=[plan.slug]),
        "ideas of every plan": reverse("ideas:search"),
        "consultation section": reverse("consultations:section", args=[plan.slug, consultation.pk, 1]),
        "commitment page": scene["commitment"].get_absolute_url(),
    }


@pytest.mark.parametrize(
    "name", ["idea page", "idea list", "ideas of every plan", "consultation section", "commitment page"]
)
def test_escaped_in_the_public_pages(client, scene, name):
    path = public_pages(scene)[name]
    response = client.get(path)
    assert response.status_code == 200
    assert_escaped(response.content.decode(), name)


def test_escaped_in_the_members_own_pages(scene):
    """The author reads their hidden comment with the moderator's reason,
    their registration, their preferences and their candidacy's draft (the
    corpus inside a <textarea>)."""
    client = Client()
    client.force_login(scene["member"])
    candidacy = scene["candidacy"]
    for path in [
        scene["idea"].get_absolute_url(),
        "/ar/account/preferences/",
        reverse("committee:candidacy", args=[scene["plan"].slug, candidacy.pk]),
        "/ar/ideas/mine/",
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert_escaped(response.content.decode(), path, shown=path != "/ar/ideas/mine/")


def admin_pages(scene) -> list[str]:
    comment = ConsultationComment.objects.get(consultation=scene["consultation"])
    rows = [
        ("ideas_idea", scene["idea"].pk),
        ("ideas_comment", scene["hidden"].pk),
        ("core_user", scene["member"].pk),
        ("workshops_registration", Registration.objects.get(email="corpus-guest@example.org").pk),
        ("consultations_comment", comment.pk),
        ("committee_candidacy", scene["candidacy"].pk),
        ("commitments_progressupdate", scene["update"].pk),
        ("commitments_assessment", Assessment.objects.get().pk),
    ]
    pages = [reverse(f"admin:{name}_change", args=[pk]) for name, pk in rows]
    pages += [reverse(f"admin:{name}_changelist") for name, _pk in rows]
    return pages


def test_escaped_in_the_admin(scene):
    client = Client()
    client.force_login(scene["staff"])
    for path in admin_pages(scene):
        response = client.get(path)
        assert response.status_code == 200, path
        # A change page shows the corpus; a list, its columns only.
        assert_escaped(response.content.decode(), path, shown=path.endswith("/change/"))


def test_escaped_in_the_emails_html_and_as_typed_in_their_text(scene):
    shown_html = shown_text = 0
    kinds = set()
    for notification in Notification.objects.order_by("pk"):
        message = build_message(notification)
        html = message.alternatives[0][0]
        assert_escaped(html, f"{notification.kind} (HTML)", shown=False)
        assert_escaped(message.subject, f"{notification.kind} (subject)", shown=False)
        # Plain text is not HTML: the corpus as typed, never as entities.
        assert ESCAPED not in message.body and "&quot;&gt;" not in message.body, notification.kind
        shown_html += ESCAPED in html
        shown_text += SCRIPT in message.body
        if ESCAPED in html and SCRIPT in message.body:
            kinds.add(notification.kind)
    # The author told of the screening and of the moderation, the guest of
    # their registration, the follower of the progress: each with the corpus.
    assert {"idea_screened", "moderated", "workshop_guest_confirmation", "commitment_progress"} <= kinds, (
        kinds
    )
    assert shown_html and shown_text


def unfolded(ics: str) -> list[str]:
    return ics.replace("\r\n ", "").replace("\r\n\t", "").split("\r\n")


def assert_one_event(ics: str, where: str) -> None:
    lines = [line for line in unfolded(ics) if line]
    assert all(re.match(r"^[A-Z][A-Z0-9-]*[;:]", line) for line in lines), (where, lines)
    assert sum(line == "BEGIN:VEVENT" for line in lines) == 1, where
    assert not any(line.startswith("ATTENDEE") for line in lines), f"{where}: a line was injected"
    assert "alert(1)" in ics, f"{where}: the place is not in the calendar"


def test_the_calendars_keep_the_corpus_in_its_line(scene, client):
    response = client.get(reverse("workshops:ics", args=[scene["workshop"].pk]))
    assert response.status_code == 200
    assert_one_event(response.content.decode(), "the workshop's .ics")
    attached = []
    for notification in Notification.objects.filter(kind="workshop_registration"):
        for name, content, _mime in build_message(notification).attachments:
            if name.endswith(".ics"):
                attached.append(content if isinstance(content, str) else content.decode())
    assert attached, "the registration email carries its calendar"
    for ics in attached:
        assert_one_event(ics, "the registration email's .ics")


def flat(text: str) -> str:
    """Text as compared with a PDF's: without spaces (lines wrap anywhere),
    direction marks (MACHINE-NOTES) or brackets (pdftotext mirrors those of
    a run it reads right to left)."""
    return re.sub(r"[\s\u202a-\u202e\u2066-\u2069()<>\[\]]", "", text)


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "document.pdf"
    path.write_bytes(content)
    out = subprocess.run(["pdftotext", "-q", str(path), "-"], capture_output=True, check=True, timeout=30)
    return flat(out.stdout.decode())


@pytest.mark.parametrize(
    "kind,subject,dated",
    [("sign-in-sheet", "workshop", False), ("progress-report", "plan", True)],
)
def test_the_pdfs_print_the_corpus_as_text(scene, tmp_path, kind, subject, dated):
    """The workshop's sign-in sheet (the names and organisations people
    typed), the plan's progress report (a focal point's update)."""
    date = timezone.localdate() if dated else None
    rendered = documents.render(documents.registry()[kind], scene[subject], "ar", date)
    text = pdf_text(rendered.pdf, tmp_path)
    # Read as HTML, the tags would be elements and print nothing.
    for piece in (SCRIPT, IMG, TEMPLATE):
        assert flat(piece) in text, (kind, piece)


def in_chromium(url: str, served: dict) -> dict:
    """Loads `url` in Debian's Chromium, every request answered from
    `served` (path: status, headers, body) or the static files, and says
    what the page did: Content-Security-Policy violations, dialogs, elements
    the corpus would have made, its heading. In a thread of its own:
    Playwright's sync API runs an event loop in its thread, under which
    Django takes the thread for an async one and opens another database
    connection (the module's rows and transaction out of sight)."""
    from playwright.sync_api import sync_playwright

    seen: dict = {}

    def serve(route):
        path = urlsplit(route.request.url).path
        if path.startswith(settings.STATIC_URL):
            found = finders.find(path[len(settings.STATIC_URL) :])
            if found is not None:
                with open(found, "rb") as file:
                    return route.fulfill(
                        status=200, body=file.read(), content_type=guess_type(found)[0] or ""
                    )
        status, headers, body = served.get(path, (404, {}, b""))
        return route.fulfill(status=status, headers=headers, body=body)

    def run() -> None:
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS, timeout=30_000
                )
                try:
                    page = browser.new_page()
                    seen["dialogs"] = []
                    page.on(
                        "dialog", lambda dialog: (seen["dialogs"].append(dialog.message), dialog.dismiss())
                    )
                    page.add_init_script(
                        "window.violations = [];"
                        "document.addEventListener('securitypolicyviolation',"
                        " (e) => window.violations.push(e.violatedDirective + ' ' + e.blockedURI));"
                    )
                    page.route("**/*", serve)
                    page.goto(url, wait_until="load", timeout=15_000)
                    page.wait_for_timeout(300)  # an onerror fires once the image has failed
                    seen["violations"] = page.evaluate("window.violations")
                    seen["made"] = page.evaluate(
                        "document.querySelectorAll('script:not([src]), img[onerror], svg[onload]').length"
                    )
                    seen["heading"] = page.inner_text("h1")
                finally:
                    browser.close()
        except Exception as error:  # noqa: BLE001 — said by the test, in its thread
            seen["error"] = repr(error)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout=90)
    assert not thread.is_alive(), "Chromium did not finish in 90 s"
    return seen


@pytest.mark.skipif(not shutil.which("chromium"), reason="needs Debian's chromium")
def test_a_browser_runs_nothing_of_the_corpus(scene):
    """The idea page (its title, texts, comment, author's name) in Chromium,
    with the portal's headers: no Content-Security-Policy violation, no
    dialog, no element the corpus would have made."""
    path = scene["idea"].get_absolute_url()
    response = Client().get(path)
    assert response.status_code == 200
    served = {path: (response.status_code, dict(response.items()), response.content)}
    seen = in_chromium("http://portal.test" + path, served)
    assert "error" not in seen, seen.get("error")
    assert seen["violations"] == [] and seen["dialogs"] == [] and seen["made"] == 0, seen
    assert "alert(1)" in seen["heading"]  # the title, shown as text
