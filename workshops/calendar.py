"""Workshops as iCalendar (RFC 5545), with the `icalendar` library: a
workshop's `.ics`, a plan's feed, and the file attached to a confirmation.

Texts in the active language (the page's, or the recipient's for an email),
with the absolute link back to the workshop's page in that language. The
online link is written only in the file a person holding a seat receives
(workshops.registration.online_link), never in a download or a feed.

Times are written in UTC ("…Z"). Casablanca's clock moves twice a year around
Ramadan, on dates set by decree: a VTIMEZONE for it is long, stops where the
generator's tables stop, and is where clients (Outlook above all) go wrong.
Every client reads UTC right and shows it in the device's zone, so someone
in Morocco sees the hour of the programme whatever the season."""

import hashlib
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Workshop

CONTENT_TYPE = "text/calendar; charset=utf-8"
PRODID = "-//Open Government Partnership Morocco//Co-creation portal//EN"
# How often a subscribed calendar should read the feed again (RFC 7986, and
# the older name Outlook and Google read), so a cancellation shows in time.
REFRESH = timedelta(hours=6)


def uid(workshop: Workshop) -> str:
    """The same for a workshop in every file, language and download: a
    client updates the event it already has instead of adding a second."""
    return f"workshop-{workshop.pk}@{urlsplit(settings.SITE_URL).hostname or 'localhost'}"


def page_url(workshop: Workshop) -> str:
    """The workshop's page in the active language, absolute."""
    return settings.SITE_URL.rstrip("/") + reverse("workshops:detail", args=[workshop.pk])


def location(workshop: Workshop) -> str:
    if workshop.place:
        return workshop.place
    return _("Online") if workshop.mode == Workshop.Mode.ONLINE else ""


def properties(workshop: Workshop, online_link: str = "") -> list[tuple]:
    """What the workshop's VEVENT says, in the active language, as
    (property, value) pairs, or (property, value, parameters); with
    `online_link` for a person holding a seat. Expects its theme and
    organiser loaded."""
    url = page_url(workshop)
    cancelled = workshop.cancelled_at is not None
    lines = [
        f"{workshop.theme.number}. {workshop.theme.name}",
        _("Organiser: %(name)s") % {"name": workshop.organiser.name},
    ]
    if cancelled:
        lines.insert(0, _("This workshop is cancelled."))
    elif online_link:
        lines.append(f"{_('To join online:')} {online_link}")
    elif workshop.online_link:
        lines.append(_("The link is sent to the people registered."))
    lines.append(url)
    said = [
        ("uid", uid(workshop)),
        ("dtstart", workshop.starts_at.astimezone(UTC)),
        ("dtend", workshop.ends_at.astimezone(UTC)),
        ("summary", (_("Cancelled: %(title)s") % {"title": workshop.title}) if cancelled else workshop.title),
    ]
    if place := location(workshop):
        said.append(("location", place))
    said += [
        ("description", "\n".join(lines)),
        ("url", url),
        ("categories", [workshop.theme.name]),
        # A cancellation is a new version of the same event: clients that hold
        # it (a subscription refreshed, a file opened again) mark it cancelled.
        ("status", "CANCELLED" if cancelled else "CONFIRMED"),
        ("sequence", 1 if cancelled else 0),
    ]
    if cancelled:
        said.append(("last-modified", workshop.cancelled_at.astimezone(UTC)))
    elif online_link:
        # RFC 7986: the calendar apps that read it show a "join" button.
        said.append(("conference", online_link, {"VALUE": "URI", "FEATURE": "VIDEO"}))
    return said


def event(said: list[tuple], stamp: datetime) -> icalendar.Event:
    """A VEVENT of these properties, stamped."""
    vevent = icalendar.Event()
    for name, value, *parameters in said[:1] + [("dtstamp", stamp.astimezone(UTC))] + said[1:]:
        vevent.add(name, value, parameters=parameters[0] if parameters else None)
    return vevent


# icalendar writes about 3,000 events a second (its line folding goes
# character by character), and a plan's feed is rebuilt after any change to
# any of its workshops: each event's text is kept in the cache under a digest
# of everything it says, so a rebuild writes only the events that changed.
# DTSTAMP is then when the event's text was first written.
EVENT_SECONDS = 7 * 24 * 3600
END = b"END:VCALENDAR\r\n"


def _events(workshops, stamp: datetime, online_link: str) -> list[bytes]:
    said = [properties(workshop, online_link) for workshop in workshops]
    keys = ["ics:event:" + hashlib.sha256(repr(each).encode()).hexdigest() for each in said]
    kept = cache.get_many(keys)
    written = {
        key: event(each, stamp).to_ical() for key, each in zip(keys, said, strict=True) if key not in kept
    }
    if written:
        cache.set_many(written, EVENT_SECONDS)
    return [kept.get(key) or written[key] for key in keys]


def calendar(workshops, *, name: str = "", online_link: str = "") -> bytes:
    """A VCALENDAR of these workshops (METHOD:PUBLISH: a file to add or
    subscribe to, not an invitation that expects an answer); `online_link`
    for the one workshop of a seat's confirmation."""
    stamp = timezone.now()
    vcalendar = icalendar.Calendar()
    vcalendar.add("prodid", PRODID)
    vcalendar.add("version", "2.0")
    vcalendar.add("calscale", "GREGORIAN")
    vcalendar.add("method", "PUBLISH")
    if name:  # a feed to subscribe to
        vcalendar.add("x-wr-calname", name)
        vcalendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
        vcalendar.add("x-published-ttl", icalendar.vDuration(REFRESH).to_ical().decode())
    head = vcalendar.to_ical()  # the library's framing, which the events go inside
    return head[: -len(END)] + b"".join(_events(workshops, stamp, online_link)) + END


def filename(workshop: Workshop) -> str:
    return f"workshop-{workshop.pk}.ics"


def registration_attachments(context: dict) -> list[tuple[str, bytes, str]]:
    """For core.notifications: a seat given (not a place on the waiting
    list) comes with the workshop's `.ics`, in the recipient's language."""
    if context["event"].to_status != "registered":
        return []
    ics = calendar([context["workshop"]], online_link=context["online_link"])
    return [(filename(context["workshop"]), ics, "text/calendar")]
