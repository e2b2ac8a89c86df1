"""A workshop's `.ics`, a plan's calendar feed and the `.ics` attached to a
confirmation, each read back with a real iCalendar parser."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core import mail
from django.utils import timezone

from tests.factories import PlanFactory, ThemeFactory, UserFactory, WorkshopFactory
from workshops import registration as seats
from workshops.models import Registration, Workshop

pytestmark = pytest.mark.django_db
CASABLANCA = ZoneInfo("Africa/Casablanca")


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://portal.example.ma"


@pytest.fixture
def theme():
    plan = PlanFactory(slug="nap-test", title_fr="Plan d'essai", title_ar="خطة تجريبية")
    return ThemeFactory(plan=plan, number=2, name_fr="Justice ouverte", name_ar="العدالة المنفتحة")


@pytest.fixture
def workshop(theme):
    return WorkshopFactory(
        theme=theme,
        title_fr="Atelier : justice ouverte",
        title_ar="لقاء تشاوري: العدالة المنفتحة",
        # Summer: Morocco is at UTC+1.
        starts_at=datetime(2027, 6, 15, 10, 0, tzinfo=CASABLANCA),
        place_fr="Rabat, Maison de l'avocat",
        place_ar="الرباط، دار المحامي",
        online_link="https://meet.example.org/secret-room",
    )


def parse(response) -> icalendar.Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def events(calendar: icalendar.Calendar) -> list[icalendar.Event]:
    return list(calendar.walk("VEVENT"))


def local(value) -> datetime:
    return value.dt.astimezone(CASABLANCA)


def test_a_workshops_ics_holds_one_event_at_the_hour_of_casablanca_with_a_link_back(client, workshop):
    response = client.get(f"/fr/workshops/{workshop.pk}/calendar.ics")
    calendar = parse(response)
    assert response["Content-Disposition"] == f'attachment; filename="workshop-{workshop.pk}.ics"'
    assert calendar["METHOD"] == "PUBLISH"
    [event] = events(calendar)
    assert event["UID"] == f"workshop-{workshop.pk}@portal.example.ma"
    assert local(event["DTSTART"]) == datetime(2027, 6, 15, 10, 0, tzinfo=CASABLANCA)
    assert local(event["DTEND"]) == datetime(2027, 6, 15, 12, 20, tzinfo=CASABLANCA)  # 140 minutes
    assert event["SUMMARY"] == "Atelier : justice ouverte"
    assert event["LOCATION"] == "Rabat, Maison de l'avocat"
    page = f"https://portal.example.ma/fr/workshops/{workshop.pk}/"
    assert event["URL"] == page
    assert page in event["DESCRIPTION"] and "Justice ouverte" in event["DESCRIPTION"]
    assert event["STATUS"] == "CONFIRMED"
    # The online link goes to the people registered only.
    assert b"secret-room" not in response.content


def test_the_hour_is_right_when_casablanca_is_at_utc_during_ramadan(client, theme):
    # From 15 February to 22 March 2026 Morocco's clocks are at UTC+0.
    ramadan = WorkshopFactory(theme=theme, starts_at=datetime(2026, 3, 1, 15, 30, tzinfo=CASABLANCA))
    [event] = events(parse(client.get(f"/fr/workshops/{ramadan.pk}/calendar.ics")))
    assert local(event["DTSTART"]).hour == 15 and local(event["DTSTART"]).minute == 30
    assert event["DTSTART"].dt.utcoffset() == timedelta(0)  # written in UTC, read right everywhere


def test_the_ics_speaks_the_language_of_its_address(client, workshop):
    [event] = events(parse(client.get(f"/ar/workshops/{workshop.pk}/calendar.ics")))
    assert event["SUMMARY"] == "لقاء تشاوري: العدالة المنفتحة"
    assert event["LOCATION"] == "الرباط، دار المحامي"
    assert event["URL"] == f"https://portal.example.ma/ar/workshops/{workshop.pk}/"
    # The same event in every language: a calendar keeps one.
    [french] = events(parse(client.get(f"/fr/workshops/{workshop.pk}/calendar.ics")))
    assert french["UID"] == event["UID"]


def test_an_online_workshop_without_a_place_is_located_online(client, theme):
    online = WorkshopFactory(theme=theme, mode=Workshop.Mode.ONLINE, place_fr="", place_ar="")
    [event] = events(parse(client.get(f"/en/workshops/{online.pk}/calendar.ics")))
    assert event["LOCATION"] == "Online"


def test_a_cancellation_updates_the_event_downloaded_again(client, workshop):
    [before] = events(parse(client.get(f"/fr/workshops/{workshop.pk}/calendar.ics")))
    workshop.cancelled_at = timezone.now()
    workshop.save()
    [after] = events(parse(client.get(f"/fr/workshops/{workshop.pk}/calendar.ics")))
    assert after["UID"] == before["UID"]
    assert after["STATUS"] == "CANCELLED"
    # A later version of the same event: clients replace the one they hold.
    assert after["SEQUENCE"] > before["SEQUENCE"]
    assert "Atelier : justice ouverte" in after["SUMMARY"]


def test_the_plans_feed_lists_its_workshops_cancelled_ones_marked(client, workshop, theme):
    cancelled = WorkshopFactory(
        theme=theme,
        title_fr="Atelier annulé",
        starts_at=datetime(2027, 7, 1, 9, 0, tzinfo=CASABLANCA),
        cancelled_at=timezone.now(),
    )
    WorkshopFactory(title_fr="Atelier d'un autre plan")
    response = client.get("/fr/plans/nap-test/workshops/calendar.ics")
    calendar = parse(response)
    assert 'filename="nap-test-workshops.ics"' in response["Content-Disposition"]
    assert "Plan d'essai" in calendar["X-WR-CALNAME"]
    assert calendar["REFRESH-INTERVAL"].dt == timedelta(hours=6)  # subscribers see a cancellation soon
    by_uid = {str(event["UID"]): event for event in events(calendar)}
    assert set(by_uid) == {
        f"workshop-{workshop.pk}@portal.example.ma",
        f"workshop-{cancelled.pk}@portal.example.ma",
    }
    first = by_uid[f"workshop-{workshop.pk}@portal.example.ma"]
    assert local(first["DTSTART"]).hour == 10
    assert first["URL"] == f"https://portal.example.ma/fr/workshops/{workshop.pk}/"
    assert first["STATUS"] == "CONFIRMED"
    assert by_uid[f"workshop-{cancelled.pk}@portal.example.ma"]["STATUS"] == "CANCELLED"
    arabic = parse(client.get("/ar/plans/nap-test/workshops/calendar.ics"))
    assert "خطة تجريبية" in arabic["X-WR-CALNAME"]
    assert {str(event["SUMMARY"]) for event in events(arabic)} >= {"لقاء تشاوري: العدالة المنفتحة"}
    assert b"secret-room" not in response.content


def test_the_feed_is_cached_until_a_workshop_changes(client, workshop, django_assert_num_queries):
    url = "/fr/plans/nap-test/workshops/calendar.ics"
    client.get(url)
    with django_assert_num_queries(0):
        cached = client.get(url).content
    assert b"STATUS:CONFIRMED" in cached
    workshop.cancelled_at = timezone.now()
    workshop.save()
    [event] = events(parse(client.get(url)))
    assert event["STATUS"] == "CANCELLED"


def test_a_rebuilt_feed_writes_only_the_events_that_changed(client, workshop, theme, monkeypatch):
    from core import calendar as ics

    others = [
        WorkshopFactory(theme=theme, starts_at=datetime(2027, 7, day, 9, 0, tzinfo=CASABLANCA))
        for day in (1, 2, 3)
    ]
    url = "/fr/plans/nap-test/workshops/calendar.ics"
    written = []
    real = ics.event
    monkeypatch.setattr(ics, "event", lambda said, stamp: written.append(said[0][1]) or real(said, stamp))
    first = parse(client.get(url))
    assert len(written) == 4
    # The same file the library writes when given every event itself.
    whole = icalendar.Calendar.from_ical(client.get(url).content)
    assert [event.to_ical() for event in events(whole)] == [event.to_ical() for event in events(first)]
    assert whole.to_ical().count(b"BEGIN:VEVENT") == 4 and whole.to_ical().endswith(b"END:VCALENDAR\r\n")
    written.clear()
    others[1].title_fr = "Atelier déplacé"
    others[1].save()
    after = parse(client.get(url))
    assert written == [f"workshop-{others[1].pk}@portal.example.ma"]
    assert "Atelier déplacé" in {str(event["SUMMARY"]) for event in events(after)}
    # Each language has its own text.
    written.clear()
    parse(client.get("/ar/plans/nap-test/workshops/calendar.ics"))
    assert len(written) == 4


@pytest.mark.parametrize(
    "path",
    [
        "/fr/workshops/99999999999999999999/calendar.ics",
        "/fr/workshops/0/calendar.ics",
        "/fr/workshops/-1/calendar.ics",
        "/fr/workshops/1%00/calendar.ics",
        "/fr/plans/nope/workshops/calendar.ics",
        "/fr/plans/nap%00test/workshops/calendar.ics",
        "/fr/plans/nap-test%E2%80%AE/workshops/calendar.ics",
        "/fr/plans/" + "a" * 5000 + "/workshops/calendar.ics",
    ],
)
def test_hostile_addresses_are_not_found(client, workshop, path):
    assert client.get(path).status_code == 404


def test_a_draft_plans_workshops_have_no_calendar(client):
    draft = WorkshopFactory(theme=ThemeFactory(plan=PlanFactory(slug="draft", status="draft")))
    assert client.get(f"/fr/workshops/{draft.pk}/calendar.ics").status_code == 404
    assert client.get("/fr/plans/draft/workshops/calendar.ics").status_code == 404


def test_the_list_links_to_the_feed_to_subscribe_and_download(client, workshop):
    html = client.get("/fr/plans/nap-test/workshops/").content.decode()
    assert 'href="webcal://portal.example.ma/fr/plans/nap-test/workshops/calendar.ics"' in html
    assert 'href="https://portal.example.ma/fr/plans/nap-test/workshops/calendar.ics"' in html


def attachments(message) -> list[tuple[str, str, str]]:
    return [(name, content, mimetype) for name, content, mimetype in message.attachments]


def test_the_confirmation_of_a_seat_comes_with_the_ics_in_the_recipients_language(
    theme, django_capture_on_commit_callbacks
):
    upcoming = WorkshopFactory(
        theme=theme,
        title_fr="Atelier budget",
        title_ar="لقاء الميزانية",
        starts_at=timezone.now() + timedelta(days=10),
        capacity=1,
    )
    first, second = UserFactory(language="ar"), UserFactory(language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        seats.register(upcoming, user=first)
    message = mail.outbox[-1]
    assert message.to == [first.email]
    [(name, content, mimetype)] = attachments(message)
    assert name == f"workshop-{upcoming.pk}.ics" and mimetype == "text/calendar"
    [event] = events(icalendar.Calendar.from_ical(content))
    assert event["UID"] == f"workshop-{upcoming.pk}@portal.example.ma"
    assert event["SUMMARY"] == "لقاء الميزانية"
    assert event["URL"] == f"https://portal.example.ma/ar/workshops/{upcoming.pk}/"
    assert local(event["DTSTART"]) == upcoming.starts_at.astimezone(CASABLANCA).replace(microsecond=0)

    # A place on the waiting list is no seat: nothing to put in a calendar yet.
    with django_capture_on_commit_callbacks(execute=True):
        waiting = seats.register(upcoming, user=second)
    assert waiting.status == Registration.Status.WAITING
    assert mail.outbox[-1].to == [second.email] and attachments(mail.outbox[-1]) == []
    # Promoted: the seat comes with the calendar, in French this time.
    with django_capture_on_commit_callbacks(execute=True):
        seats.give_up(Registration.objects.get(user=first), by=first)
    promoted = mail.outbox[-1]
    assert promoted.to == [second.email]
    [(_name, content, _mimetype)] = attachments(promoted)
    [event] = events(icalendar.Calendar.from_ical(content))
    assert event["SUMMARY"] == "Atelier budget"


def test_the_online_link_goes_to_people_holding_a_seat_only(
    theme, client, django_capture_on_commit_callbacks
):
    hybrid = WorkshopFactory(
        theme=theme,
        starts_at=timezone.now() + timedelta(days=10),
        capacity=1,
        mode=Workshop.Mode.HYBRID,
        online_link="https://meet.example.org/secret-room",
    )
    first, second = UserFactory(language="fr"), UserFactory(language="ar")

    def joined(message) -> list[str]:
        """Where the email gives the link: its text, its HTML, its .ics."""
        [(html, _type)] = message.alternatives
        parts = {"text": message.body, "html": html}
        found = [name for name, part in parts.items() if "meet.example.org/secret-room" in part]
        for _name, content, _mimetype in attachments(message):
            [event] = events(icalendar.Calendar.from_ical(content))
            if "secret-room" in event["DESCRIPTION"] and "secret-room" in str(event["CONFERENCE"]):
                found.append("ics")
        return found

    with django_capture_on_commit_callbacks(execute=True):
        seats.register(hybrid, user=first)
    assert joined(mail.outbox[-1]) == ["text", "html", "ics"]
    # Waiting: no seat, no link.
    with django_capture_on_commit_callbacks(execute=True):
        seats.register(hybrid, user=second)
    assert joined(mail.outbox[-1]) == []
    # A visitor's email before confirming their address: no link either.
    with django_capture_on_commit_callbacks(execute=True):
        seats.register(hybrid, email="guest@example.org", name="Guest")
    assert joined(mail.outbox[-1]) == []
    # Promoted: the seat and its link.
    with django_capture_on_commit_callbacks(execute=True):
        seats.give_up(Registration.objects.get(user=first), by=first)
    assert mail.outbox[-1].to == [second.email] and joined(mail.outbox[-1]) == ["text", "html", "ics"]
    # The reminder before the workshop carries it too.
    with django_capture_on_commit_callbacks(execute=True):
        seats.send(Registration.objects.get(user=second), "workshop_reminder")
    assert joined(mail.outbox[-1]) == ["text", "html"]
    # An email sent after the seat was given up carries none: decided when sent.
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        seats.send(Registration.objects.get(user=second), "workshop_reminder")
    seats.give_up(Registration.objects.get(user=second), by=second)
    for callback in callbacks:
        callback()
    assert joined(mail.outbox[-1]) == []
    # Never in what the public downloads.
    assert b"secret-room" not in client.get(f"/fr/workshops/{hybrid.pk}/calendar.ics").content
    assert b"secret-room" not in client.get(f"/fr/plans/{theme.plan.slug}/workshops/calendar.ics").content
