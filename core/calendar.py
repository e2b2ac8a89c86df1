"""Events as iCalendar (RFC 5545), with the `icalendar` library: the one
writer of a VEVENT and of the file around it, which every app's calendar
uses (a workshop's `.ics` and its plan's feed, a committee meeting's
convocation). The library escapes the text and folds the long lines.

An app says what its event is (`properties()`: uid, start, end, summary,
location, url, description, and what else it needs) in the active language;
`calendar()` writes them into one file.

Times are written in UTC ("…Z"). Casablanca's clock moves twice a year around
Ramadan, on dates set by decree: a VTIMEZONE for it is long, stops where the
generator's tables stop, and is where clients (Outlook above all) go wrong.
Every client reads UTC right and shows it in the device's zone, so someone
in Morocco sees the hour of the programme whatever the season."""

import hashlib
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone

CONTENT_TYPE = "text/calendar; charset=utf-8"
PRODID = "-//Open Government Partnership Morocco//Co-creation portal//EN"
# How often a subscribed calendar should read the feed again (RFC 7986, and
# the older name Outlook and Google read), so a cancellation shows in time.
REFRESH = timedelta(hours=6)


def uid(kind: str, pk: int) -> str:
    """The same for a row in every file, language and download: a client
    updates the event it already has instead of adding a second."""
    return f"{kind}-{pk}@{urlsplit(settings.SITE_URL).hostname or 'localhost'}"


def properties(
    *,
    uid: str,
    start: datetime,
    end: datetime | None,
    summary: str,
    location: str = "",
    url: str = "",
    description: str = "",
    more: Sequence[tuple] = (),
) -> list[tuple]:
    """What a VEVENT says, as (property, value) pairs, or (property, value,
    parameters): `more` adds the app's own (status, sequence, categories…).
    Without an end, the event has none (RFC 5545: it lasts no time)."""
    said = [("uid", uid), ("dtstart", start.astimezone(UTC))]
    if end is not None:
        said.append(("dtend", end.astimezone(UTC)))
    said.append(("summary", summary))
    if location:
        said.append(("location", location))
    if description:
        said.append(("description", description))
    if url:
        said.append(("url", url))
    return said + list(more)


def event(said: list[tuple], stamp: datetime) -> icalendar.Event:
    """A VEVENT of these properties, stamped."""
    vevent = icalendar.Event()
    for name, value, *parameters in said[:1] + [("dtstamp", stamp.astimezone(UTC))] + said[1:]:
        vevent.add(name, value, parameters=parameters[0] if parameters else None)
    return vevent


# icalendar writes about 3,000 events a second (its line folding goes
# character by character), and a feed is rebuilt after any change to any of
# its events: each event's text is kept in the cache under a digest of
# everything it says, so a rebuild writes only the events that changed.
# DTSTAMP is then when the event's text was first written.
EVENT_SECONDS = 7 * 24 * 3600
END = b"END:VCALENDAR\r\n"


def _events(events: list[list[tuple]], stamp: datetime) -> list[bytes]:
    keys = ["ics:event:" + hashlib.sha256(repr(each).encode()).hexdigest() for each in events]
    kept = cache.get_many(keys)
    written = {
        key: event(each, stamp).to_ical() for key, each in zip(keys, events, strict=True) if key not in kept
    }
    if written:
        cache.set_many(written, EVENT_SECONDS)
    return [kept.get(key) or written[key] for key in keys]


def calendar(events: list[list[tuple]], *, name: str = "") -> bytes:
    """A VCALENDAR of these events (each a list of `properties()`;
    METHOD:PUBLISH: a file to add or subscribe to, not an invitation that
    expects an answer); `name` for a feed to subscribe to."""
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
    return head[: -len(END)] + b"".join(_events(events, stamp)) + END


def response(content: bytes, filename: str, disposition: str = "attachment") -> HttpResponse:
    """A calendar file for the browser: "attachment" to save it, "inline"
    for a feed (a browser following a webcal:// link hands it to the calendar)."""
    answer = HttpResponse(content, content_type=CONTENT_TYPE)
    answer["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return answer
