"""Names, titles and user text inside right-to-left pages: the one place that
isolates them.

Two things go wrong without it. A number after Arabic letters becomes an
"Arabic number" for the Unicode bidi algorithm, and the hyphen of a range
between two of them is laid out right to left: «المنفتحة 2021-2023» displays
as 2023-2021. And a name or title dropped into a sentence of the other
direction pulls its neighbours along. So every number or range is isolated
left to right, and every name or title is isolated as a whole:

- in HTML, with <bdi> (`bdi` and `bdi_numbers`, the template filters of
  core.templatetags.portal);
- in plain text where no tag can go (<title>, attribute values, <option>,
  the admin's __str__, emails), with Unicode's isolates: FSI…PDI around the
  whole, LRI…PDI around each number (`isolate`);
- in form fields, with dir="auto" and the numbers of a right-to-left value
  isolated by LRI…PDI, removed again from what the browser sends back
  (`bidi_widget`, used by the site's forms and every admin).

A time, a range of times (17:00–19:20), a counter (1 / 2) or a Latin token
(.ics) is laid out left to right as a whole: `ltr` (HTML) and `ltr_text`, and
a date with its time or times, `time_range` and `time_range_text`; PDFs'
page counter is isolated in templates/pdf/base.html.
"""

import datetime
import re
from functools import cache

from django import forms
from django.utils import formats, timezone
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeData, mark_safe

from .text import strip_controls

LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"
LRM, RLM = "\u200e", "\u200f"
ISOLATES = re.compile("[\u2066-\u2069]")
# A number, a number with separators (3.5, 1,200, 12:30, 2024/25) or a range
# (2021-2023, 2021 – 2023); a leading # (idea #12) and a trailing % go with it.
NUMBER = re.compile(r"#?\d+(?:(?: ?[-–—] ?|[/.,:])\d+)*%?")
# Letters of the right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko…,
# Arabic presentation forms).
RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
LETTER = re.compile(r"[^\W\d_]")


def isolate(value) -> str:
    """Plain text: the whole isolated by first-strong (FSI…PDI), each number
    of a right-to-left text left to right (LRI…PDI)."""
    text = str(value) if value is not None else ""
    if not text:
        return text
    return FSI + _isolate_numbers(text) + PDI


def _isolate_numbers(text: str) -> str:
    # Only right-to-left letters turn the numbers after them around.
    return NUMBER.sub(lambda m: LRI + m[0] + PDI, text) if RIGHT_TO_LEFT.search(text) else text


def strip_isolates(text: str) -> str:
    return ISOLATES.sub("", text)


def direction(text: str) -> str:
    """The direction ("rtl" or "ltr") of a text typed in one language, from
    its first letter: for a PDF's blocks, as WeasyPrint reads no dir="auto"."""
    letter = LETTER.search(text or "")
    return "rtl" if letter and RIGHT_TO_LEFT.match(letter[0]) else "ltr"


def typeable(label):
    """An <option>'s label that a select's type-ahead finds. A person on a
    focused select types "T" to reach "Transparence…", and browsers match
    the label's first characters: an isolate before the first letter
    (`isolate`'s FSI) makes every option unreachable so. A label isolated as
    a whole that starts with a letter loses its FSI…PDI for a mark of its
    direction after it (LRM or RLM, from its first letter): alone on its
    line, it needs only its end held (a closing bracket after Latin letters
    in an Arabic select)."""
    if not isinstance(label, str) or not (label.startswith(FSI) and label.endswith(PDI)):
        return label
    inner = label[1:-1]
    if not LETTER.match(inner):
        return label
    return inner + (RLM if direction(inner) == "rtl" else LRM)


def bdi_numbers(value) -> str:
    """HTML: the text escaped, each number in a <bdi> if the text has
    right-to-left letters. For blocks that carry dir="auto" themselves (a
    <bdi> around the whole would hide its letters from the block's dir="auto")."""
    if value is None:
        return ""
    if isinstance(value, SafeData):
        return value
    text = str(value)
    if not RIGHT_TO_LEFT.search(text):
        return escape(text)
    pairs, last = [], 0
    for match in NUMBER.finditer(text):
        pairs.append((text[last : match.start()], match[0]))
        last = match.end()
    return format_html("{}{}", format_html_join("", '{}<bdi dir="ltr">{}</bdi>', pairs), text[last:])


def bdi(value) -> str:
    """HTML: a name or title inside other text, in a <bdi>, its numbers too."""
    if value is None or value == "":
        return ""
    return format_html("<bdi>{}</bdi>", bdi_numbers(value))


def ltr(value) -> str:
    """HTML: a time, a range, a counter or a Latin token, left to right as a
    whole whatever the direction around it (`(.ics)`, not `(ics.)`)."""
    return format_html('<bdi dir="ltr">{}</bdi>', value)


def ltr_text(value) -> str:
    """Plain text: the same with Unicode's isolates (LRI…PDI)."""
    return LRI + str(value) + PDI


def _moments(start: datetime.datetime, end: datetime.datetime | None):
    """The date of `start`, and its time and the end's (the end's date too
    when another day), as the active language writes them."""
    start = timezone.localtime(start)
    times = [formats.time_format(start, "TIME_FORMAT")]
    if end is not None:
        end = timezone.localtime(end)
        same_day = end.date() == start.date()
        times.append(
            formats.time_format(end, "TIME_FORMAT") if same_day else formats.date_format(end, "j F Y H:i")
        )
    return formats.date_format(start, "DATE_FORMAT"), times


def _after_the_date() -> str:
    """What the active language writes between a date and its time, as its
    DATETIME_FORMAT has it (core.formats): ", ", in Arabic «، »."""
    day, time, both = (formats.get_format(name) for name in ("DATE_FORMAT", "TIME_FORMAT", "DATETIME_FORMAT"))
    if both.startswith(day) and both.endswith(time) and len(both) > len(day) + len(time):
        return both[len(day) : len(both) - len(time)]
    return ", "


def time_range(start, end=None) -> str:
    """HTML: «7 December 2026, 17:00–19:20», «7 دجنبر 2026، 17:00–19:20»
    (or one time without `end`), the times isolated left to right: inside
    Arabic, unisolated, they read «19:20–17:00». Each moment is a <time>
    with its datetime attribute."""
    if not isinstance(start, datetime.datetime):
        return ""
    day, times = _moments(start, end)
    moments = [(datetime_attr(start), times[0])] + (
        [(datetime_attr(end), times[1])] if end is not None else []
    )
    return format_html(
        '<time datetime="{}">{}</time>{}{}',
        datetime_attr(start),
        day,
        _after_the_date(),
        ltr(format_html_join("–", '<time datetime="{}">{}</time>', moments)),
    )


def time_range_text(start, end=None) -> str:
    """Plain text (emails, the calendar): the same with Unicode's isolates."""
    if not isinstance(start, datetime.datetime):
        return ""
    day, times = _moments(start, end)
    return f"{day}{_after_the_date()}{ltr_text('–'.join(times))}"


def datetime_attr(value: datetime.datetime) -> str:
    """The `datetime` attribute of a <time>: in the portal's time zone, to
    the second (HTML allows no microseconds)."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(microsecond=0).isoformat()


class BidiWidget:
    """A text input or textarea that follows the direction of what is typed
    (dir="auto") and shows the numbers of a right-to-left value in order."""

    def __init__(self, attrs=None, **kwargs):
        super().__init__({"dir": "auto", **(attrs or {})}, **kwargs)

    def format_value(self, value):
        value = super().format_value(value)
        return _isolate_numbers(strip_isolates(value)) if isinstance(value, str) else value

    def value_from_datadict(self, data, files, name):
        # Every direction control typed (the embeddings and overrides as well
        # as the isolates), in the admin as on the site: a staff member's
        # "\u202e" would reorder the public page's text as a citizen's would.
        value = super().value_from_datadict(data, files, name)
        return strip_controls(value, one_line=False) if isinstance(value, str) else value


@cache
def _bidi_class(cls: type) -> type:
    return type(cls.__name__, (BidiWidget, cls), {"__module__": cls.__module__})


@cache
def _typeable_class(cls: type) -> type:
    return type(cls.__name__, (TypeableSelect, cls), {"__module__": cls.__module__})


def bidi_widget(widget: forms.Widget) -> forms.Widget:
    """The same widget (attributes, admin classes and all) made a BidiWidget,
    if it is one where people type text; any other widget as it is."""
    if isinstance(widget, BidiWidget) or not isinstance(widget, forms.TextInput | forms.Textarea):
        return widget
    widget = widget.__deepcopy__({})
    widget.__class__ = _bidi_class(type(widget))
    widget.attrs.setdefault("dir", "auto")
    return widget


class TypeableSelect:
    """A select whose options a person reaches by typing their first letters (`typeable`)."""

    def create_option(self, name, value, label, *args, **kwargs):
        return super().create_option(name, value, typeable(label), *args, **kwargs)


class BidiFormMixin:
    """For the site's forms: every text field a BidiWidget, every select a TypeableSelect."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget = bidi_widget(field.widget)
            if isinstance(field.widget, forms.Select) and not isinstance(field.widget, TypeableSelect):
                widget = field.widget.__deepcopy__({})
                widget.__class__ = _typeable_class(type(widget))
                field.widget = widget


class BidiAdminMixin:
    """For every ModelAdmin (core.scoping.ScopedAdmin inherits it): the same
    for the admin's text fields, which were laid out left to right in Arabic."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None:
            formfield.widget = bidi_widget(formfield.widget)
        return formfield


TAG = re.compile(r"(<[^>]*>)")
# A number with separators (2021-2023, 12:30, 05/12/2025): what a bare cell turns around.
RANGE = re.compile(r"#?\d+(?:(?: ?[-–—] ?|[/.,:])\d+)+%?")
NUMBER_HTML = r'<bdi dir="ltr">\g<0></bdi>'
ENTITY = re.compile(r"(&#?\w+;)")


def bdi_html(html) -> str:
    """HTML that Django rendered (a cell of the admin's lists, a read-only
    value: built from a model's field where no filter can go): the numbers
    of each text that has right-to-left letters, or no letter at all (a bare
    2021-2023 takes the direction of the right-to-left page around it), put
    in a <bdi>. Tags, attributes and character references are left as they
    are; text not marked safe is escaped first."""
    html = str(html if isinstance(html, SafeData) else escape(html))

    def text(part: str) -> str:
        if part.startswith("<"):
            return part
        if RIGHT_TO_LEFT.search(part):
            number = NUMBER
        elif not LETTER.search(part):
            number = RANGE  # a lone 229 stays in order; 2021-2023 does not
        else:
            return part
        pieces = ENTITY.split(part)
        return "".join(p if ENTITY.fullmatch(p) else number.sub(NUMBER_HTML, p) for p in pieces)

    # Only <bdi> tags are added, around characters that were already escaped.
    return mark_safe("".join(text(part) for part in TAG.split(html)))  # noqa: S308
