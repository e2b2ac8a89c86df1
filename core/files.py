"""Uploaded files, one mechanism for every upload field:

- `RandomName(prefix)` as `upload_to`: `<prefix>/<uuid4 hex>.<ext>`, the
  extension told by the bytes, never by the uploader's file name;
- `AllowedContent(...)` and `SizeLimit(setting)` as field validators, so the
  public forms and the admin check the same things;
- `protect(model, field_name, can_view)`, called from each app's
  `AppConfig.ready()`, says who may see a field's files; `serve` is the one
  view that hands them out, and `ProtectedStorage.url()` points at it;
- `follows_rows(public=…, scope=…, permission=…)` makes the rule under which
  a file follows the scope of the row it belongs to: the public gets the
  files of public rows, staff those of the rows their admin lists.

Nothing else serves MEDIA_ROOT (see settings)."""

import re
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from . import generations
from .permissions import Scope, is_staff_with


@dataclass(frozen=True)
class Kind:
    label: str
    mime: str
    extension: str
    # Shown in the browser (PDF viewer, image) rather than downloaded.
    inline: bool = False


KINDS = {
    "pdf": Kind("PDF", "application/pdf", "pdf", inline=True),
    "png": Kind("PNG", "image/png", "png", inline=True),
    "jpeg": Kind("JPEG", "image/jpeg", "jpg", inline=True),
    "odt": Kind("ODT", "application/vnd.oasis.opendocument.text", "odt"),
    "ods": Kind("ODS", "application/vnd.oasis.opendocument.spreadsheet", "ods"),
    "odp": Kind("ODP", "application/vnd.oasis.opendocument.presentation", "odp"),
    "docx": Kind("DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "xlsx": Kind("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "pptx": Kind("PPTX", "application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"),
}

MAGIC = {b"%PDF-": "pdf", b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpeg"}
# OpenDocument: a ZIP whose `mimetype` entry names the kind.
ODF = {KINDS[key].mime: key for key in ("odt", "ods", "odp")}
# Office Open XML: a ZIP whose `[Content_Types].xml` declares the main part
# (macro-enabled and template variants declare other types: refused).
OOXML = {KINDS[key].mime + ".main+xml": key for key in ("docx", "xlsx", "pptx")}


def detect(file) -> str | None:
    """The kind (a key of KINDS) of a seekable binary file, from its bytes;
    None when it is none of them. Leaves the file where it was."""
    position = file.tell()
    try:
        file.seek(0)
        head = file.read(16)
        for magic, key in MAGIC.items():
            if head.startswith(magic):
                return key
        if head.startswith(b"PK\x03\x04"):
            file.seek(0)
            return _office_kind(file)
        return None
    finally:
        file.seek(position)


def _office_kind(file) -> str | None:
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                with archive.open("mimetype") as entry:
                    return ODF.get(entry.read(100).decode("ascii", "replace").strip())
            if "[Content_Types].xml" in names:
                with archive.open("[Content_Types].xml") as entry:
                    # Read a bounded amount: a small entry may inflate hugely.
                    types = entry.read(200_000).decode("utf-8", "replace")
                return next((key for mime, key in OOXML.items() if _declares(types, mime)), None)
    except Exception:
        # A broken, encrypted or odd archive is simply not an office document.
        return None
    return None


def _declares(content_types: str, mime: str) -> bool:
    return re.search(r"ContentType\s*=\s*[\"']" + re.escape(mime) + r"[\"']", content_types) is not None


def _already_stored(value) -> bool:
    # A file already in storage was checked when it came in; an admin page
    # saved again must not re-read (or fail on) it.
    return getattr(value, "_committed", False)


@deconstructible
class AllowedContent:
    """Refuses a file whose bytes are not one of `kinds` (keys of KINDS)."""

    def __init__(self, *kinds: str):
        unknown = set(kinds) - set(KINDS)
        if unknown:
            raise ValueError(f"Unknown kinds of file: {sorted(unknown)}")
        self.kinds = kinds

    def __call__(self, value) -> None:
        if _already_stored(value):
            return
        if detect(value) not in self.kinds:
            raise ValidationError(
                _("The content of this file is not an accepted type. Accepted types: %(types)s."),
                code="file_type",
                params={"types": self.labels},
            )

    @property
    def labels(self) -> str:
        return ", ".join(KINDS[key].label for key in self.kinds)

    def __eq__(self, other) -> bool:
        return isinstance(other, AllowedContent) and self.kinds == other.kinds


@deconstructible
class SizeLimit:
    """Refuses a file larger than the number of bytes in the named setting
    (read when validating, so the migration does not freeze the figure)."""

    def __init__(self, setting: str):
        self.setting = setting

    def __call__(self, value) -> None:
        if _already_stored(value):
            return
        limit = getattr(settings, self.setting)
        if value.size > limit:
            raise ValidationError(
                _("The file is too large (%(size)s): the limit is %(limit)s."),
                code="file_size",
                params={"size": filesizeformat(value.size), "limit": filesizeformat(limit)},
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, SizeLimit) and self.setting == other.setting


@deconstructible
class RandomName:
    """`upload_to` giving `<prefix>/<uuid4 hex>.<extension of the detected kind>`.

    Django passes `upload_to` the instance and the uploader's name, not the
    bytes; they are found on the instance, in the field that uses this very
    object and holds the file not yet stored (forms, admin and factories all
    assign the file to the field, then save). Bytes of no known kind get `.bin`."""

    def __init__(self, prefix: str):
        self.prefix = prefix.strip("/")

    def __call__(self, instance, filename: str) -> str:
        key = self._kind(instance)
        extension = KINDS[key].extension if key else "bin"
        return f"{self.prefix}/{uuid.uuid4().hex}.{extension}"

    def _kind(self, instance) -> str | None:
        for field in instance._meta.concrete_fields:
            if getattr(field, "upload_to", None) is self:
                pending = getattr(instance, field.attname)
                if pending and not pending._committed:
                    return detect(pending.file)
        return None

    def __eq__(self, other) -> bool:
        return isinstance(other, RandomName) and self.prefix == other.prefix


# The registry: which model field owns the files under each prefix, and who may see them.


@dataclass(frozen=True)
class Protected:
    model: type[models.Model]
    field_name: str
    can_view: Callable[..., bool]
    # The name a download is saved under (without extension), if not
    # <model>-<pk>-<field>: a published document's readable name.
    file_name: Callable[[object], str] | None = None
    # How the row is found from a stored name, if not by a query: a published
    # document's names carry the state of its data, so its row may be cached.
    find: Callable[[str], object] | None = None

    @property
    def field(self) -> models.FileField:
        return self.model._meta.get_field(self.field_name)


_registry: dict[str, Protected] = {}


def protect(
    model: type[models.Model],
    field_name: str,
    can_view: Callable[..., bool],
    file_name: Callable[[object], str] | None = None,
    find: Callable[[str], object] | None = None,
) -> None:
    """Serves the files of `model.field_name` to the users for whom
    `can_view(user, obj)` is true, saved as `file_name(obj)` when given;
    call it from the app's `ready()`."""
    field = model._meta.get_field(field_name)
    if not isinstance(field.upload_to, RandomName):
        raise ImproperlyConfigured(f"{model.__name__}.{field_name} must use upload_to=RandomName(...).")
    prefix = field.upload_to.prefix
    entry = Protected(model, field_name, can_view, file_name, find)
    known = _registry.get(prefix)
    if known and (known.model, known.field_name) != (model, field_name):
        raise ImproperlyConfigured(f"{prefix}/ already holds the files of {known.model.__name__}.")
    _registry[prefix] = entry


def follows_rows(
    *, public: Callable[[models.QuerySet], models.QuerySet], scope: Scope, permission: str
) -> Callable[..., bool]:
    """A rule for protect() under which a file goes where its row goes:
    to everyone if the row is among those `public(rows)` keeps; else to
    staff with `permission` whose `scope` (the admin's, core.permissions)
    holds the row. A staff user who may view such rows but not this one (a
    focal point, another institution's draft) gets a 404, as in the admin."""

    def can_view(user, obj) -> bool:
        rows = type(obj)._default_manager.filter(pk=obj.pk)
        if public(rows).exists():
            return True
        return is_staff_with(user, permission) and scope.rows(user, rows).exists()

    return can_view


def protected_fields() -> list[Protected]:
    return list(_registry.values())


# What a stored name looks like (RandomName); anything else is not ours.
STORED_NAME = re.compile(r"(?P<prefix>[a-z0-9_-]+(?:/[a-z0-9_-]+)*)/[0-9a-f]{32}\.[a-z0-9]{1,5}")

# A file is never a page of the portal: no script, no style, no form, no
# frame, no same-origin rights (sandbox). Chromium's PDF viewer still shows
# PDFs under this policy (checked with Chromium 156).
FILE_POLICY = "default-src 'none'; frame-ancestors 'none'; sandbox"


@require_safe
def serve(request, name: str):
    """A stored file, to whoever may see the object it belongs to; 404 (not
    403) otherwise, so a hidden object's file does not even confirm it exists."""
    match = STORED_NAME.fullmatch(name)
    entry = _registry.get(match["prefix"]) if match else None
    if entry is None:
        raise Http404
    # The rule and the readable name may read the same generations (a
    # document's plan, from the cached public plans): once for the request.
    with generations.one_reading():
        if entry.find is not None:
            obj = entry.find(name)
        else:
            obj = entry.model._default_manager.filter(**{entry.field_name: name}).first()
        if obj is None or not entry.can_view(request.user, obj):
            raise Http404
        if entry.file_name is not None:
            saved_as = entry.file_name(obj)
        else:
            saved_as = f"{entry.model._meta.model_name}-{obj.pk}-{entry.field_name}"
    try:
        file = entry.field.storage.open(name, "rb")
    except OSError:
        raise Http404 from None
    kind = KINDS.get(detect(file))
    extension = kind.extension if kind else "bin"
    response = FileResponse(
        file,
        content_type=kind.mime if kind else "application/octet-stream",
        as_attachment=not (kind and kind.inline),
        filename=f"{saved_as}.{extension}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_POLICY
    # Hidden content must not stay in a shared cache.
    patch_cache_control(response, private=True)
    return response


class ProtectedStorage(FileSystemStorage):
    """MEDIA_ROOT, whose files' addresses are those of `serve`."""

    def url(self, name: str | None) -> str:
        return reverse("protected_file", kwargs={"name": name})
