"""Published documents: what the portal renders as PDF, declared once.

Each app declares its documents in its `documents.py` (`DOCUMENTS = [...]`)
with `Document`: a kind (`action-plan`), a title, a template under
`<app>/templates/<app>/pdf/` that extends `pdf/base.html`, a function
building its context from its subject (a plan, a workshop) and, for a
dated document, a date, and the generations (core.generations) it is built
from, so that an edit, a deletion or an import makes it stale.

A page asks for a document with `ask()`: the PDF rendered for the current
state of its data is there (`Status.file`), or one render is enqueued — a
conditional UPDATE on the document's row claims it, so many simultaneous
first requests make one render — and the page says it is being prepared.
The Celery task (`core.tasks.render_document`, which calls `produce()`)
writes the PDF to protected storage whole or not at all, under a name
that carries the state of the data, and swaps it in; the download goes
through the protected-files view (`core.files`) under the document's
readable name. A render that fails is told to the visitor and, as the
task's error, to the admins."""

import contextlib
import hashlib
import logging
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date as Date
from datetime import timedelta
from functools import cache as once
from functools import partial
from importlib import import_module
from pathlib import Path
from typing import Any
from uuid import uuid4

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.template.utils import get_app_template_dirs
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext_lazy as _

from . import generations, pdf

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Document:
    kind: str
    # The document's name, lazy (gettext_lazy): in lists and in the PDF's metadata.
    title: Any
    template: str
    # context(subject, date) -> dict, called with the document's language
    # active; `date` is None for an undated document.
    context: Callable[[Any, Date | None], dict]
    # The generations the document of `subject` is read from.
    generations: Callable[[Any], Sequence[str]]
    # file_name(subject, language, date) -> a readable, language-specific
    # name without extension ("plan-action-2021-2023-fr").
    file_name: Callable[[Any, str, Date | None], str]
    # The model of the documents' subject ("plans.Plan").
    subject: str
    # A dated document (a progress report at a date): the dates its page
    # offers for `subject` (the end of each past half-year); None: undated.
    dates: Callable[[Any], Sequence[Date]] | None = None
    # Listed on the plan's documents page and in its repository, and served
    # to anyone when its subject is public; otherwise `can_view(user, subject)`.
    public: bool = True
    # Who may download it: can_view(user, subject).
    can_view: Callable[[Any, Any], bool] = lambda user, subject: False
    # The languages it is published in (all the portal's when empty).
    languages: Sequence[str] = ()
    # How a download finds the subject from its id, when it can without a
    # query (a public plan, from the cached public plans; None: no longer
    # public, a 404); by default the row's generic relation.
    subject_of: Callable[[int], Any] | None = None
    # A document of record (the draft plan as it was put to consultation):
    # while `keeps(subject)` is true, a file rendered before stands whatever
    # changed since, templates included; only a language never rendered is.
    keeps: Callable[[Any], bool] | None = None

    def in_languages(self) -> list[str]:
        return list(self.languages) or [code for code, _name in settings.LANGUAGES]


def render(document: Document, subject, language: str, date: Date | None = None) -> pdf.Rendered:
    """The document of `subject` in `language` (and at `date`), rendered now."""
    with translation.override(language):
        context = {"date": date, **document.context(subject, date)}
        title = str(context.get("document_title") or document.title)
        # The template reads its date as `date` (None when undated).
    return pdf.render(document.template, context, language=language, title=title)


# The registry.

_registry: dict[str, Document] = {}


def register(document: Document) -> None:
    if document.kind in _registry and _registry[document.kind] != document:
        raise ImproperlyConfigured(f"Two documents are named {document.kind!r}.")
    _registry[document.kind] = document


@once
def _discovered() -> None:
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, "documents"):
            for document in getattr(import_module(f"{config.name}.documents"), "DOCUMENTS", []):
                register(document)


def registry() -> dict[str, Document]:
    """Every document the apps declare, by kind, in the order of INSTALLED_APPS."""
    _discovered()
    return _registry


def of_subject(model_label: str, *, public: bool = True) -> list[Document]:
    """The documents published about rows of `model_label` ("plans.Plan")."""
    return [doc for doc in registry().values() if doc.subject == model_label and doc.public == public]


# The state of the data a document is rendered from.

# A render asked for and not finished after this long (a worker killed) may be asked again.
STALE_SECONDS = 10 * 60
# A failed render is tried again when asked after this long.
RETRY_SECONDS = 5 * 60


@once
def _templates_digest() -> str:
    """Every PDF template as deployed (the `pdf/` folders of the site's and
    the apps' templates, partials included): a release that changes one makes
    the documents stale (translations are not included)."""
    digest = hashlib.sha256()
    site = [Path(folder) for folder in settings.TEMPLATES[0]["DIRS"]]
    for folder in [*site, *get_app_template_dirs("templates")]:
        for path in sorted(Path(folder).glob("**/pdf/**/*.html")):
            digest.update(str(path.relative_to(folder)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def token(document: Document, subject, date: Date | None = None) -> str:
    """A word for the state of everything `document` shows of `subject` (at
    `date`): the generations it reads, its templates, and for a dated document
    asked without a date (as of today) the day."""
    names = list(document.generations(subject))
    parts = [_templates_digest(), generations.current(*names) if names else ""]
    if document.dates is not None and date is None:
        parts.append(timezone.localdate().isoformat())
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


@dataclass(frozen=True)
class Status:
    """What a page shows of one document in one language (and at one date)."""

    document: Document
    language: str
    date: Date | None
    row: Any  # core.models.Rendition, or None when never asked for
    fresh: bool  # its file is the one for today's data
    preparing: bool
    failed: bool

    @property
    def file(self):
        return self.row.file if self.fresh else None


def _key(document: Document, subject, language: str, date: Date | None) -> dict:
    return {
        "kind": document.kind,
        "subject_type": ContentType.objects.get_for_model(subject),
        "subject_id": subject.pk,
        "language": language,
        "date": date,
    }


def _row(key: dict):
    """The document's row, created when it has none (the first of
    simultaneous requests creates it; the unique constraint holds the others)."""
    from .models import Rendition

    try:
        with transaction.atomic():
            row, _created = Rendition.objects.get_or_create(**key)
    except IntegrityError:  # another request created it first
        row = Rendition.objects.get(**key)
    return row


def _kept(document: Document, subject) -> bool:
    return document.keeps is not None and document.keeps(subject)


def _status(document, language, date, row, current: str, now, kept: bool = False) -> Status:
    fresh = row is not None and bool(row.file) and (row.token == current or kept)
    asked = row is not None and not fresh and row.wanted == current and row.asked_at is not None
    failed = asked and row.failed and row.asked_at > now - timedelta(seconds=RETRY_SECONDS)
    preparing = asked and not row.failed and row.asked_at > now - timedelta(seconds=STALE_SECONDS)
    return Status(document, language, date, row, fresh, preparing, failed)


def statuses(document: Document, subject, entries: Sequence[tuple[str, Date | None]]) -> list[Status]:
    """The status of the document of `subject` in each (language, date), in
    one query, without asking for any render: for a page that lists them."""
    from .models import Rendition

    current = {date: token(document, subject, date) for date in {date for _language, date in entries}}
    rows = Rendition.objects.filter(
        kind=document.kind,
        subject_type=ContentType.objects.get_for_model(subject),
        subject_id=subject.pk,
    )
    by_key = {(row.language, row.date): row for row in rows}
    now = timezone.now()
    kept = _kept(document, subject)
    return [
        _status(document, language, date, by_key.get((language, date)), current[date], now, kept)
        for language, date in entries
    ]


def ask(document: Document, subject, language: str, date: Date | None = None) -> Status:
    """The document's status after asking for it: fresh, or one render
    enqueued (whoever else asks at the same time), or failed."""
    from .models import Rendition

    current = token(document, subject, date)
    row = _row(_key(document, subject, language, date))
    kept = _kept(document, subject)
    status = _status(document, language, date, row, current, timezone.now(), kept)
    if status.fresh or status.preparing or status.failed:
        return status
    # The claim: the row changes only if it is still as this request read it,
    # so of simultaneous requests one claims, the others find it asked for.
    unchanged = {"asked_at": row.asked_at} if row.asked_at else {"asked_at__isnull": True}
    claimed = Rendition.objects.filter(pk=row.pk, wanted=row.wanted, failed=row.failed, **unchanged).update(
        wanted=current, asked_at=timezone.now(), failed=False
    )
    if claimed:
        if settings.CELERY_TASK_ALWAYS_EAGER:
            # Tasks run in this process (`make run`, the tests): render now,
            # in this transaction, which holds the claim.
            _enqueue(row.pk, current)
        else:  # a worker reads the claim once it is committed
            transaction.on_commit(partial(_enqueue, row.pk, current))
    row.refresh_from_db()  # tasks run in-process (make run) have rendered it already
    return _status(document, language, date, row, current, timezone.now(), kept)


def _enqueue(pk: int, wanted: str) -> None:
    from .models import Rendition
    from .tasks import render_document

    try:
        render_document.apply_async((pk, wanted), ignore_result=True)
    except Exception:  # the broker is unreachable: the next request asks again
        logger.warning("Could not enqueue the render of document %s.", pk, exc_info=True)
        Rendition.objects.filter(pk=pk, wanted=wanted).update(wanted="", asked_at=None)


# Rendering.

FOLDER = "documents"
# How long a stored file's row is kept in the cache (find()).
FILE_ROW_SECONDS = 24 * 60 * 60


def produce(pk: int, wanted: str = "") -> Any:
    """Renders the document of row `pk` for the current state of its data and
    swaps the file in; returns the row. `wanted`: the render asked for, which
    a newer request may have replaced (then nothing is done)."""
    from .models import Rendition

    row = Rendition.objects.filter(pk=pk).select_related("subject_type").first()
    if row is None or (wanted and row.wanted != wanted):
        return row
    document = registry()[row.kind]
    subject = row.subject
    if subject is None:  # its subject was deleted
        row.delete()
        return None
    # Read before the data: a change during the render makes it stale at once.
    current = token(document, subject, row.date)
    started = time.perf_counter()
    try:
        rendered = render(document, subject, row.language, row.date)
    except Exception:
        Rendition.objects.filter(pk=pk, wanted=wanted or row.wanted).update(failed=True)
        raise
    seconds = time.perf_counter() - started
    name = _write(row, current, rendered.pdf)
    with transaction.atomic():
        locked = Rendition.objects.select_for_update().get(pk=pk)
        previous = locked.file.name
        locked.file.name = name
        locked.token = current
        locked.size = len(rendered.pdf)
        locked.pages = rendered.pages
        locked.seconds = round(seconds, 3)
        locked.rendered_at = timezone.now()
        if locked.wanted in (wanted, current):
            locked.wanted, locked.asked_at, locked.failed = "", None, False
        locked.save()
        generations.bump(changed(row.subject_type_id, row.subject_id))
        if previous and previous != name:
            transaction.on_commit(partial(_remove, locked.file.storage, previous))
    return locked


def _write(row, current: str, content: bytes) -> str:
    """Writes the PDF under a name carrying the state of the data; the file
    appears whole or not at all (a temporary file renamed into place)."""
    from .models import Rendition

    storage = Rendition._meta.get_field("file").storage
    seed = f"{row.kind}|{row.subject_type_id}|{row.subject_id}|{row.language}|{row.date}|{current}"
    name = f"{FOLDER}/{hashlib.sha256(seed.encode()).hexdigest()[:32]}.pdf"
    path = Path(storage.path(name))
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{uuid4().hex}")
    try:
        temporary.write_bytes(content)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return name


def _remove(storage, name: str) -> None:
    try:
        storage.delete(name)
    except OSError:
        logger.warning("Could not remove the replaced document %s.", name, exc_info=True)


def changed(subject_type_id: int, subject_id: int) -> str:
    """The generation bumped when a document of this subject is rendered:
    what a page listing the documents reads."""
    return f"documents:{subject_type_id}:{subject_id}"


def generation_of(subject) -> str:
    return changed(ContentType.objects.get_for_model(subject).pk, subject.pk)


def forget(model, pks) -> None:
    """Removes every rendered document of these rows of `model` (a person's
    data erased from them: a sign-in sheet names its registrants); the next
    request renders them again."""
    from .models import Rendition

    rows = Rendition.objects.filter(subject_type=ContentType.objects.get_for_model(model), subject_id__in=pks)
    for row in rows:
        if row.file:
            transaction.on_commit(partial(_remove, row.file.storage, row.file.name))
    rows.delete()


# Downloads: through core.files, to whoever the document's rule lets see its subject.


# The rows found by this worker, by file name (find()), the most recent
# FILE_ROWS_KEPT of them.
_found: dict[str, Any] = {}
FILE_ROWS_KEPT = 500


def find(name: str):
    """The row of a stored document's file, kept in the cache and in this
    worker's memory: its name carries the state of the data it was rendered
    from, so it points to the same row for good (a replaced or forgotten file
    is gone from the disk: a 404). What a download reads of the row (its
    kind, subject, language and date) never changes."""
    from .models import Rendition

    row = _found.get(name)
    if row is not None:
        return row
    key = "document-file:" + hashlib.sha256(name.encode()).hexdigest()
    row = cache.get(key)
    if row is None:
        row = Rendition.objects.filter(file=name).first()
        if row is None:
            return None
        cache.set(key, row, FILE_ROW_SECONDS)
    _found[name] = row
    if len(_found) > FILE_ROWS_KEPT:
        with contextlib.suppress(KeyError, RuntimeError, StopIteration):  # another thread got there first
            del _found[next(iter(_found))]  # the oldest
    return row


def _subject(document: Document, row):
    if document.subject_of is not None:
        return document.subject_of(row.subject_id)
    return row.subject


def can_view(user, row) -> bool:
    document = registry().get(row.kind)
    if document is None:
        return False
    subject = _subject(document, row)
    return subject is not None and document.can_view(user, subject)


def file_name(row) -> str:
    document = registry()[row.kind]
    return document.file_name(_subject(document, row), row.language, row.date)


def render_now(document: Document, subject, language: str, date: Date | None = None):
    """Renders the document now and stores it as `ask()` would have (the
    command, for the secretariat and cron); returns its row."""
    return produce(_row(_key(document, subject, language, date)).pk)


# The portal's own document: the portal presented in one page, whose
# subject is the site.

ABOUT = Document(
    kind="about",
    title=_("About the portal"),
    template="core/pdf/about.html",
    context=lambda site, date: {},
    generations=lambda site: [],  # its text only: its template and the catalogues
    file_name=lambda site, language, date: f"open-government-portal-{language}",
    subject="sites.Site",
    public=False,  # not a plan's: listed on no plan's page
    can_view=lambda user, site: True,
)
DOCUMENTS = [ABOUT]


def language_name(code: str) -> str:
    """A language named in itself ("Français"), as pages offer documents."""
    name = translation.get_language_info(code)["name_local"]
    return name[:1].upper() + name[1:]


# Answering a request for a document.

# The "being prepared" page asks again after this many seconds.
REFRESH_SECONDS = 3


def answer(request, status: Status, template: str, context: dict):
    """A redirect to the file when it is there for today's data; else the
    page `template` (extending core/document_status.html, or the admin's
    like it) saying it is being prepared, which asks again by itself, or
    that it failed. Never kept by a cache: it changes within seconds."""
    if status.fresh:
        return HttpResponseRedirect(status.file.url)
    context = {**context, "status": status, "refresh": REFRESH_SECONDS}
    response = TemplateResponse(request, template, context, status=503 if status.failed else 202)
    add_never_cache_headers(response)
    # The failure was reported once, as the task's error: not again for
    # each visitor's 503 (Django's request log skips a response so marked).
    response._has_been_logged = True
    return response
