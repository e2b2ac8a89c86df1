"""Issue 18, point 12: a workshop's times inside Arabic read 17:00–19:20,
not «19:20–17:00», on its page, in "my registrations" and in the emails;
the calendar's «(.ics)» reads so; the sign-in sheet's page counter reads
«صفحة 1 من 2». Drawn by Debian's headless Chromium and read back from the PDF
with poppler, in the style of tests/test_browser_bidi.py."""

import shutil
from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from core.bidi import LRI, PDI, RIGHT_TO_LEFT
from tests.factories import UserFactory
from tests.pdf import pdf_lines, pdf_pages
from tests.published import download
from tests.test_browser_bidi import drawn, reads_left_to_right, sign_in
from tests.workshops.staff import stage
from workshops import registration
from workshops.models import Registration

START, END = "17:00", "19:20"


def evening(days: int = 20) -> datetime:
    day = timezone.localtime() + timedelta(days=days)
    return day.replace(hour=17, minute=0, second=0, microsecond=0)


@pytest.mark.django_db
def test_the_times_go_to_emails_isolated_left_to_right(django_capture_on_commit_callbacks):
    cast = stage(starts_at=evening(), ends_at=evening() + timedelta(minutes=140), capacity=10)
    person = UserFactory(language="ar")
    with django_capture_on_commit_callbacks(execute=True):
        registration.register(cast.workshop, user=person)
    [email] = mail.outbox
    assert f"{LRI}{START}–{END}{PDI}" in email.body


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not shutil.which("chromium"), reason="needs Debian's chromium")
def test_a_workshops_times_read_17_then_19_in_arabic(live_server, page, django_capture_on_commit_callbacks):
    cast = stage(starts_at=evening(), ends_at=evening() + timedelta(minutes=140), capacity=10)
    workshop = cast.workshop
    person = UserFactory(language="ar")
    with django_capture_on_commit_callbacks(execute=True):
        registration.register(workshop, user=person)

    page.goto(f"{live_server.url}/ar/workshops/{workshop.pk}/")
    assert reads_left_to_right(page, page.locator("dd.when"), START, END)
    # The calendar's link: «(.ics)», the dot before the letters.
    assert reads_left_to_right(page, page.locator(".calendar-link a"), ".", "ics")
    page.goto(f"{live_server.url}/ar/plans/{workshop.plan.slug}/workshops/")
    assert reads_left_to_right(page, page.locator("a[type='text/calendar']"), ".", "ics")

    sign_in(page, live_server, person)
    page.goto(f"{live_server.url}/ar/workshops/mine/")
    assert reads_left_to_right(page, page.locator(".when").first, START, END)

    # The email's line, drawn right to left as a mail client draws Arabic.
    [email] = mail.outbox
    [line] = [line for line in email.body.splitlines() if START in line]
    assert reads_left_to_right(page, drawn(page, line), START, END)


@pytest.mark.slow
@pytest.mark.django_db
@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")
def test_the_arabic_sign_in_sheets_page_counter_reads_page_1_of_n(client, tmp_path):
    cast = stage(starts_at=evening())
    for n in range(30):  # two pages
        Registration.objects.create(workshop=cast.workshop, name=f"مشارك {n}", status="registered")
    client.force_login(cast.rep)
    with translation.override("ar"):
        url = reverse("admin:workshops_workshop_sign_in_sheet", args=[cast.workshop.pk])
        counter = translation.gettext("page %(page)s of %(pages)s")
    pdf = download(client, url, {"language": "ar"}).content
    pages = pdf_pages(pdf, tmp_path)
    # The first page's last line, from the start of its words: «صفحة 1 من 2».
    right_to_left = bool(RIGHT_TO_LEFT.search(counter))
    foot = pdf_lines(pdf, tmp_path, 1, right_to_left=right_to_left)[-1]
    assert pages > 1 and foot == counter % {"page": 1, "pages": pages}, foot
