"""Spreadsheet import and export through the admin (django-import-export), one
way for every model that has them: the file is imported whole or not at all
(one bad row rolls everything back, also when the confirmed import meets a row
the preview found valid), and every bad row is named with its column and a
message in the user's language.

A resource reads its rows with the cell readers below, which turn what a CSV
(text) or a spreadsheet (numbers, dates, booleans) holds into a value or a
`CellError` whose message says what is wrong with the cell; `Cells` gathers
them per column so that a row's errors are reported together.
`SpreadsheetResource` is what every resource builds on: the readers applied
to its text columns, the export of each cell as the import reads it back,
rows that change nothing skipped, the same key twice in a file refused.
`AllOrNothingImportAdmin` refuses a file larger than `IMPORT_MAX_BYTES`, or
with more than `IMPORT_MAX_ROWS` rows, before its rows are read."""

import csv
import io
import re
import zipfile
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.http import HttpResponseRedirect
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from import_export import resources
from import_export.admin import ExportMixin, ImportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ImportForm, SelectableFieldsExportForm

from .bidi import isolate
from .files import SizeLimit
from .scoping import _has_nul
from .text import CONTROLS, MARKS, strip_controls

FORMATS = [CSV, XLSX]
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Characters no cell has a reason to hold: PostgreSQL refuses NUL in text,
# and the other C0 and C1 controls (tab and line breaks aside) are invisible,
# or terminal escapes (ESC, CSI U+009B) to whoever reads the text in a shell.
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# An XLSX is a ZIP whose sheets the spreadsheet library unpacks whole: a file
# that unpacks to more than this many times IMPORT_MAX_BYTES is refused.
UNPACKED_RATIO = 20
# A cell starting with one of these is a formula to a spreadsheet program:
# exported text cells get a quote in front, which the import takes off.
FORMULA_START = ("=", "+", "-", "@")
# Between the slugs of a cell that names several rows.
SEPARATOR = ";"
TRUE = {"1", "yes", "true", "x", "oui", "vrai", "نعم"}
FALSE = {"", "0", "no", "false", "non", "faux", "لا"}


class CellError(Exception):
    """What is wrong with a cell, said to the person who filled it in."""


def _raw(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    bad = FORBIDDEN.search(text)
    if bad:
        raise CellError(
            gettext("The cell holds an invisible control character (U+%(code)04X): remove it.")
            % {"code": ord(bad.group())}
        )
    return text.strip()


def text(value, *, one_line: bool = False) -> str:
    """A text cell, without the direction controls the site's forms also take
    out (core.text), and without the quote the export put before a formula."""
    value = strip_controls(_raw(value), one_line=one_line)
    if value.startswith("'") and value[1:].startswith(FORMULA_START):
        value = value[1:]
    return value


def key(value) -> str:
    """A slug or a code: invisible direction characters there only spoof."""
    value = _raw(value)
    if CONTROLS.search(value) or MARKS.search(value):
        raise CellError(gettext("The cell holds invisible direction characters: remove them."))
    return value


def whole(value, *, minimum: int = 0, maximum: int = 32767) -> int | None:
    """A whole number from text ("3") or a spreadsheet number (3 or 3.0)."""
    if isinstance(value, bool):
        value = str(value)
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    else:
        cell = key(value)
        if not cell:
            return None
        if not cell.isascii() or not cell.isdigit():
            raise CellError(gettext("“%(value)s” is not a whole number.") % {"value": cell})
        number = int(cell) if len(cell) <= 10 else maximum + 1
    if not minimum <= number <= maximum:
        raise CellError(
            gettext("The number must be between %(minimum)d and %(maximum)d.")
            % {"minimum": minimum, "maximum": maximum}
        )
    return number


def decimal(value, *, max_digits: int = 14, places: int = 2) -> Decimal | None:
    """A number with at most `places` decimals, written with a point."""
    if isinstance(value, bool):
        value = str(value)
    if isinstance(value, float):
        value = round(value, places)  # a spreadsheet's float noise (0.1 + 0.2)
    cell = key(value)
    if not cell:
        return None
    try:
        number = Decimal(cell) if cell.isascii() else None
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise CellError(
            gettext("“%(value)s” is not a number (write it with a point: 12.5).") % {"value": cell}
        )
    if number.as_tuple().exponent < -places:
        raise CellError(
            ngettext(
                "The number may have at most %(places)d decimal.",
                "The number may have at most %(places)d decimals.",
                places,
            )
            % {"places": places}
        )
    limit = Decimal(10) ** (max_digits - places)
    if abs(number) >= limit:
        raise CellError(gettext("The number must be smaller than %(limit)s.") % {"limit": f"{limit:,.0f}"})
    return number.quantize(Decimal(1).scaleb(-places))


def iso_date(value) -> date | None:
    """A date from text (YYYY-MM-DD) or a spreadsheet date."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    cell = key(value)
    if not cell:
        return None
    try:
        if ISO_DATE.fullmatch(cell):
            return date.fromisoformat(cell)
    except ValueError:
        pass
    raise CellError(gettext("The date %(value)s is not a date (YYYY-MM-DD).") % {"value": cell})


def boolean(value) -> bool:
    if isinstance(value, bool):
        return value
    cell = key(value).lower()
    if cell in TRUE:
        return True
    if cell in FALSE:
        return False
    raise CellError(gettext("“%(value)s” is neither 1 (yes) nor 0 (no).") % {"value": cell})


def choice(value, choices) -> str | None:
    """One of a TextChoices' codes, as the export writes them."""
    cell = key(value)
    if not cell:
        return None
    if cell not in choices.values:
        raise CellError(
            gettext("“%(value)s” is not one of: %(codes)s.")
            % {"value": cell, "codes": ", ".join(choices.values)}
        )
    return cell


def spreadsheet_safe(value: str) -> str:
    """For export: a text a spreadsheet program will not run as a formula."""
    return f"'{value}" if value.startswith(FORMULA_START) else value


def cell(value):
    """A value as the export writes it (and the import reads it back)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Model):
        return value.slug
    if isinstance(value, str):
        return spreadsheet_safe(value)
    return value


class Cells:
    """A row's cells, read column by column; each column's first problem is
    kept and `check()` raises them together as the row's errors."""

    def __init__(self, row):
        self.row = row
        self.errors: dict[str, str] = {}

    def read(self, column: str, reader=text, *, required: bool = False, **options):
        if column not in self.row:
            if required:
                self.errors[column] = gettext("The column “%(column)s” is missing from the file.") % {
                    "column": column
                }
            return None
        try:
            value = reader(self.row[column], **options)
        except CellError as error:
            self.errors[column] = str(error)
            return None
        if required and value in (None, ""):
            self.errors[column] = gettext("This cell is empty.")
            return None
        return value

    def refuse(self, column: str, message: str) -> None:
        self.errors.setdefault(column, message)

    def ok(self, *columns: str) -> bool:
        return not any(column in self.errors for column in columns)

    def check(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


class AllOrNothingResource:
    """Mixin for a ModelResource: the whole file or nothing."""

    def import_data(self, dataset, **kwargs):
        # All or nothing, also when the confirmed import meets a row that the
        # dry run found valid (the database may have changed in between).
        kwargs["use_transactions"] = True
        kwargs["rollback_on_validation_errors"] = True
        return super().import_data(dataset, **kwargs)

    def save_instance(self, instance, is_create, row, **kwargs):
        # A row another import or edit saved at the same moment (the database's
        # unique constraints hold): the row is refused in words, and the file
        # rolled back, rather than a database error shown.
        try:
            with transaction.atomic():
                super().save_instance(instance, is_create, row, **kwargs)
        except IntegrityError:
            raise ValidationError(
                gettext("The same row was saved by someone else at the same moment. Import the file again.")
            ) from None

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # A row already refused by `import_instance` is half-filled: the
        # model's own checks would only add noise ("theme cannot be null").
        if import_validation_errors:
            raise ValidationError(import_validation_errors)
        super().validate_instance(instance, import_validation_errors, validate_unique)


class SpreadsheetResource(AllOrNothingResource, resources.ModelResource):
    """What every resource shares: the export of each column through `cell`
    (a column may have an `export_<column>` method), the text columns read
    with `text` (`one_line`: the columns, or the fields whose per-language
    columns, hold one line), the rows that change nothing skipped (no empty
    entry in a history), and the same key twice in a file refused. A row is
    new unless `existing(row)` finds the one it changes."""

    columns: list[str]
    required: list[str]
    texts: list[str] = []
    one_line: frozenset[str] = frozenset()
    dates = ("starts_on", "ends_on")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._seen: dict[tuple, int] = {}

    # Export.
    def export_field(self, field, instance, **kwargs):
        column = field.column_name
        method = getattr(self, f"export_{column}", None)
        return cell(method(instance) if method else getattr(instance, column))

    def snapshot(self, instance) -> list:
        return [self.export_field(field, instance) for field in self.get_export_fields()]

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors or original is None or original.pk is None:
            return False
        return self.snapshot(instance) == self.snapshot(original)

    # Import.
    def get_or_init_instance(self, instance_loader, row):
        instance = self.existing(row)
        return (instance, False) if instance is not None else (self.init_instance(row), True)

    def existing(self, row):
        return None

    def texts_from(self, cells: Cells, instance) -> None:
        for column in self.texts:
            one_line = column in self.one_line or column.rsplit("_", 1)[0] in self.one_line
            value = cells.read(column, text, required=column in self.required, one_line=one_line)
            if column in cells.row and cells.ok(column):
                setattr(instance, column, value)

    def set_if_given(self, cells: Cells, instance, column: str, reader, **options) -> None:
        value = cells.read(column, reader, **options)
        if column in cells.row and cells.ok(column):
            setattr(instance, column, value)

    def check_dates(self, cells: Cells, instance, start="starts_on", end="ends_on") -> None:
        starts, ends = getattr(instance, start), getattr(instance, end)
        if cells.ok(start, end) and starts and ends and ends < starts:
            cells.refuse(
                end,
                gettext("The end (%(end)s) is before the start (%(start)s).")
                % {"end": ends.isoformat(), "start": starts.isoformat()},
            )

    def once_per_file(self, cells: Cells, row_key: tuple, row_number, column: str, what: str) -> None:
        first = self._seen.setdefault(row_key, row_number)
        if first != row_number:
            cells.refuse(column, gettext("Row %(row)s already has %(what)s.") % {"row": first, "what": what})


class FileTooLarge(Exception):
    """A spreadsheet that unpacks to more than its size allows."""


def count_rows(data: bytes, format_class, stop: int) -> int | None:
    """The rows a file holds, headings included, counted until `stop` (the
    rest is not read); None when it cannot be read, which the import then
    says. An XLSX whose sheet declares its size is answered from that."""
    if issubclass(format_class, XLSX):
        return _xlsx_rows(data, stop)
    try:
        lines = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
        rows = 0
        for line in lines:
            rows += bool(line)  # the import skips blank lines
            if rows >= stop:
                break
        return rows
    except (UnicodeDecodeError, csv.Error):
        return None


def _xlsx_rows(data: bytes, stop: int) -> int | None:
    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except zipfile.BadZipFile:
        return None
    if unpacked > UNPACKED_RATIO * settings.IMPORT_MAX_BYTES:
        raise FileTooLarge
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 — whatever openpyxl raises, the import says it
        return None
    try:
        sheet = book.active
        declared = sheet.max_row if sheet is not None else None  # the sheet's <dimension>
        if declared and declared >= stop:
            return declared
        rows = 0
        for _row in sheet.iter_rows(values_only=True) if sheet is not None else ():
            rows += 1
            if rows >= stop:
                break
        return rows
    except Exception:  # noqa: BLE001
        return None
    finally:
        book.close()


class SpreadsheetImportForm(ImportForm):
    """The import's first step: a file over IMPORT_MAX_BYTES, or with more
    than IMPORT_MAX_ROWS rows under its headings, is refused before its rows
    are read (the library would read them all, and the preview import each)."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.formats = formats
        self.fields["import_file"].validators.append(SizeLimit("IMPORT_MAX_BYTES"))

    def clean(self):
        cleaned = super().clean()
        file, index = cleaned.get("import_file"), cleaned.get("format")
        if file is None or not index:
            return cleaned
        limit = settings.IMPORT_MAX_ROWS
        file.seek(0)
        data = file.read()
        file.seek(0)
        try:
            rows = count_rows(data, self.formats[int(index)], stop=limit + 2)
        except FileTooLarge:
            self.add_error(
                "import_file",
                gettext("The spreadsheet unpacks to more than %(size)s: split it into smaller files.")
                % {"size": filesizeformat(UNPACKED_RATIO * settings.IMPORT_MAX_BYTES)},
            )
            return cleaned
        if rows is not None and rows - 1 > limit:
            self.add_error(
                "import_file",
                ngettext(
                    "The file has more than %(limit)s row under its headings: split it into files "
                    "of at most %(limit)s row.",
                    "The file has more than %(limit)s rows under its headings: split it into files "
                    "of at most %(limit)s rows.",
                    limit,
                )
                % {"limit": limit},
            )
        return cleaned


def model_field(model, column: str):
    """The model field a column holds: the model's own, or one of the rows
    it points to (a milestone's `plan` is its commitment's)."""
    try:
        return model._meta.get_field(column)
    except FieldDoesNotExist:
        pass
    for field in model._meta.get_fields():
        if field.many_to_one and field.concrete:
            try:
                return field.related_model._meta.get_field(column)
            except FieldDoesNotExist:
                continue
    return None


def column_label(model, column: str) -> str:
    """A column as the person choosing it reads it: the field's name in
    their language, and the column's heading in the file, isolated so that
    it reads left to right in an Arabic label (« العنوان [ar] (title_ar) »)."""
    field = model_field(model, column)
    name = capfirst(str(field.verbose_name)) if field is not None else column
    return f"{name} ({isolate(column)})" if name.lower() != column.lower() else name


class ExportForm(SelectableFieldsExportForm):
    """The export's column checkboxes under the fields' names in the user's
    language (the library titles the column codes: "Title Ar")."""

    def _get_field_label(self, resource, field_name: str) -> str:
        column = resource.fields[field_name].column_name if field_name in resource.fields else field_name
        return column_label(resource._meta.model, column)


class AllOrNothingImportAdmin(ImportMixin):
    """Mixin for a ModelAdmin (after core.scoping.ScopedAdmin, which decides
    who imports: those who see every row): CSV and XLSX, and a refused file
    said so in a message naming its bad rows, each row's errors listed."""

    import_formats = FORMATS
    import_template_name = "admin/core/import.html"
    import_form_class = SpreadsheetImportForm

    def get_import_context_data(self, **kwargs):
        # The limits, said on the import page.
        return {
            **super().get_import_context_data(**kwargs),
            "import_max_rows": settings.IMPORT_MAX_ROWS,
            "import_max_bytes": settings.IMPORT_MAX_BYTES,
        }

    def has_import_permission(self, request) -> bool:
        # An import creates rows and changes existing ones.
        return (
            self.has_add_permission(request)
            and self.has_change_permission(request)
            and super().has_import_permission(request)
        )

    def add_data_read_fail_error_to_form(self, form, error):
        # The library says "'BadZipFile' encountered while trying to read file".
        chosen = self.get_import_formats()[int(form.cleaned_data["format"])]
        form.add_error(
            "import_file",
            gettext(
                "The file could not be read as %(format)s: it is damaged, or it is not a %(format)s file. "
                "Check the format chosen, or save the file again from your spreadsheet program."
            )
            % {"format": chosen().get_title().upper()},
        )

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        result = getattr(response, "context_data", {}).get("result")
        if result is not None:
            self.report_refused_import(request, result)
        return response

    def process_result(self, result, request):
        # The confirmed import met a bad row and rolled back: nothing to log.
        if self.report_refused_import(request, result):
            opts = self.model._meta
            return HttpResponseRedirect(
                reverse(f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_import")
            )
        return super().process_result(result, request)

    def report_refused_import(self, request, result) -> bool:
        if not (result.has_errors() or result.has_validation_errors()):
            return False
        rows = sorted({row.number for row in result.invalid_rows} | {row.number for row in result.error_rows})
        if rows:
            message = ngettext(
                "Nothing was imported: row %(rows)s has an error. Correct it, then import the file again.",
                "Nothing was imported: rows %(rows)s have errors. Correct them, then import the file again.",
                len(rows),
            ) % {"rows": ", ".join(str(number) for number in rows)}
        else:
            message = gettext("Nothing was imported: the file could not be read.")
        self.message_user(request, message, messages.ERROR)
        return True


class SpreadsheetAdmin(AllOrNothingImportAdmin, ExportMixin):
    """Import as above, and export of the rows the user sees (the admin's
    scoped queryset, with the list's filters and search applied)."""

    export_formats = FORMATS
    export_form_class = ExportForm
    import_export_change_list_template = "admin/import_export/change_list_import_export.html"

    def has_export_permission(self, request) -> bool:
        return self.has_view_or_change_permission(request) and super().has_export_permission(request)

    def export_action(self, request):
        # The export applies the list's filters: a value the database cannot
        # take answers as the list does (core.scoping), with a message.
        try:
            if _has_nul(request.GET):
                raise IncorrectLookupParameters("NUL byte in the query string")
            return super().export_action(request)
        except (IncorrectLookupParameters, OverflowError):
            self.message_user(
                request,
                gettext("A filter or search value was not valid: the list is shown without it."),
                messages.ERROR,
            )
            return HttpResponseRedirect(request.path)
