"""Workshops as iCalendar, written by core.calendar: a workshop's `.ics`, a
plan's feed, and the file attached to a confirmation.

Texts in the active language (the page's, or the recipient's for an email),
with the absolute link back to the workshop's page in that language. The
online link is written only in the file a person holding a seat receives
(workshops.registration.online_link), never in a download or a feed."""

from datetime import UTC

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from core import calendar as ics

from .models import Workshop


def uid(workshop: Workshop) -> str:
    return ics.uid("workshop", workshop.pk)


def page_url(workshop: Workshop) -> str:
    """The workshop's page in the active language, absolute."""
    return settings.SITE_URL.rstrip("/") + reverse("workshops:detail", args=[workshop.pk])


def location(workshop: Workshop) -> str:
    if workshop.place:
        return workshop.place
    return _("Online") if workshop.mode == Workshop.Mode.ONLINE else ""


def properties(workshop: Workshop, online_link: str = "") -> list[tuple]:
    """What the workshop's VEVENT says, in the active language; with
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
    more = [
        ("categories", [workshop.theme.name]),
        # A cancellation is a new version of the same event: clients that hold
        # it (a subscription refreshed, a file opened again) mark it cancelled.
        ("status", "CANCELLED" if cancelled else "CONFIRMED"),
        ("sequence", 1 if cancelled else 0),
    ]
    if cancelled:
        more.append(("last-modified", workshop.cancelled_at.astimezone(UTC)))
    elif online_link:
        # RFC 7986: the calendar apps that read it show a "join" button.
        more.append(("conference", online_link, {"VALUE": "URI", "FEATURE": "VIDEO"}))
    return ics.properties(
        uid=uid(workshop),
        start=workshop.starts_at,
        end=workshop.ends_at,
        summary=(_("Cancelled: %(title)s") % {"title": workshop.title}) if cancelled else workshop.title,
        location=location(workshop),
        url=url,
        description="\n".join(lines),
        more=more,
    )


def calendar(workshops, *, name: str = "", online_link: str = "") -> bytes:
    """A VCALENDAR of these workshops; `online_link` for the one workshop of
    a seat's confirmation."""
    return ics.calendar([properties(workshop, online_link) for workshop in workshops], name=name)


def filename(workshop: Workshop) -> str:
    return f"workshop-{workshop.pk}.ics"


def registration_attachments(context: dict) -> list[tuple[str, bytes, str]]:
    """For core.notifications: a seat given (not a place on the waiting
    list) comes with the workshop's `.ics`, in the recipient's language."""
    if context["event"].to_status != "registered":
        return []
    ics_file = calendar([context["workshop"]], online_link=context["online_link"])
    return [(filename(context["workshop"]), ics_file, "text/calendar")]
