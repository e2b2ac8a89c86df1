"""The admin in the user's language (issue 18, points 6 and 32): the import
and export pages, Django's own form errors and the admin's JavaScript (its
pickers and calendar) in the portal's words (core/third_party_catalogue), the
export's columns under the fields' names, the workshop's links, a file that
cannot be read, the dates as the public pages write them (with Morocco's
month names), and the numbers of read-only values and cells in order."""

import html
import json
import re
import shutil
from datetime import datetime

import pytest
from django import forms
from django.core import validators
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.text import capfirst

from commitments.models import Commitment
from core.bidi import FSI, PDI
from core.imports import FORMATS
from core.models import Notification
from tests.core.test_account_language import catalogue as catalogue_script
from tests.core.test_account_language import forbidden, page_text
from tests.factories import PlanFactory

pytestmark = pytest.mark.django_db

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def admin_url(name: str, language: str, *args) -> str:
    with translation.override(language):
        return reverse(f"admin:{name}", args=args)


def text_of(response) -> str:
    assert response.status_code == 200, response
    return html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))


# Import and export.

WORDS = {
    "ar": {
        "select_all": "اختيار الكل",
        "exported": "سيتم تصدير الحقول التالية",
        "file": "الملف المراد استيراده",
    },
    "fr": {
        "select_all": "Tout sélectionner",
        "exported": "Les champs suivants seront exportés",
        "file": "Fichier à importer",
    },
}


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_export_page_speaks_the_users_language(client, staff, language):
    client.force_login(staff)
    response = client.get(admin_url("commitments_commitment_export", language))
    text = text_of(response)
    assert WORDS[language]["select_all"] in text and WORDS[language]["exported"] in text
    assert "Select all" not in text and "This exporter" not in text


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_exports_columns_are_the_fields_names_in_the_users_language(client, staff, language):
    client.force_login(staff)
    form = client.get(admin_url("commitments_commitment_export", language)).context["form"]
    labels = {
        name.removeprefix("commitmentresource_"): str(field.label) for name, field in form.fields.items()
    }
    with translation.override(language):
        for column in ["co_drafting_associations", "title_ar", "lead_institution"]:
            name = capfirst(str(Commitment._meta.get_field(column).verbose_name))
            assert labels[column] == f"{name} ({FSI}{column}{PDI})"
    # The library titled the codes: "Title Ar", "Co Drafting Associations".
    assert not [
        label for label in labels.values() if re.search(r"Title Ar|Co Drafting|Lead Institution", label)
    ]


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_import_page_speaks_the_users_language(client, staff, language):
    client.force_login(staff)
    text = text_of(client.get(admin_url("commitments_commitment_import", language)))
    assert WORDS[language]["file"] in text
    assert "This importer" not in text and "File to import" not in text


UNREADABLE = {
    "ar": "تعذرت قراءة الملف بصيغة XLSX",
    "fr": "Le fichier n'a pas pu être lu au format XLSX",
}


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_a_corrupt_spreadsheet_is_said_in_the_users_language(client, staff, language):
    client.force_login(staff)
    xlsx = [f().get_title() for f in FORMATS].index("xlsx")
    corrupt = SimpleUploadedFile("cartes.xlsx", b"PK\x03\x04 not a workbook", content_type=XLSX_TYPE)
    response = client.post(
        admin_url("commitments_commitment_import", language),
        {"resource": "0", "format": str(xlsx), "import_file": corrupt},
    )
    text = text_of(response)
    assert UNREADABLE[language] in text
    assert "BadZipFile" not in text and "encountered" not in text
    assert not Commitment.objects.exists()


# Django's own words: form fields, validators, the admin's messages.


def every_default_message() -> list[str]:
    """What Django's form fields and validators can say, in the active language."""
    messages = []
    for name in dir(forms):
        cls = getattr(forms, name)
        if isinstance(cls, type) and issubclass(cls, forms.Field):
            for klass in cls.__mro__:
                messages += [str(m) for m in getattr(klass, "default_error_messages", {}).values()]
    for name in dir(validators):
        cls = getattr(validators, name)
        if isinstance(cls, type) and hasattr(cls, "message"):
            messages.append(str(cls.message))
    return messages


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_djangos_form_errors_use_the_portals_register(language):
    with translation.override(language):
        messages = every_default_message()
    assert len(messages) > 30
    assert forbidden("\n".join(messages), language) == []
    if language == "ar":
        assert not [m for m in messages if m.startswith(("أدخل", "تأكد", "تحقق"))]


# «حرفًا واحدًا», «حرفين», «3 أحرف», «11 حرفًا», «100 حرف»: the noun agrees with the number.
LIMITS = {1: "حرفًا واحدًا", 2: "حرفين", 3: "3 أحرف", 11: "11 حرفًا", 100: "100 حرف"}


@pytest.mark.parametrize("limit,said", LIMITS.items())
def test_a_too_long_value_is_refused_in_arabic_with_the_right_plural(limit, said):
    with translation.override("ar"):
        with pytest.raises(forms.ValidationError) as refused:
            forms.CharField(max_length=limit).clean("x" * (limit + 1))
        message = refused.value.messages[0]
    assert message.startswith(f"يجب ألا تتجاوز هذه القيمة {said} (")
    assert f"عدد أحرفها الآن: {limit + 1}" in message


def test_an_admin_form_sent_back_says_why_in_the_formal_register(client, staff):
    client.force_login(staff)
    response = client.post(admin_url("plans_institution_add", "ar"), {})
    errors = " ".join(
        html.unescape(re.sub(r"<[^>]+>", " ", block))
        for block in re.findall(
            r'<(?:ul class="errorlist[^"]*"|p class="errornote")[^>]*>.*?</(?:ul|p)>',
            response.content.decode(),
            re.S,
        )
    )
    assert "هذه الخانة إلزامية." in errors
    assert "يرجى تصحيح" in errors
    assert forbidden(errors, "ar") == []


# The admin's JavaScript: the pickers of several rows, the calendar.


def javascript_catalogue(client, language: str) -> dict:
    body = client.get(f"/{language}/admin/jsi18n/").content.decode()
    return json.loads(re.search(r"const newcatalog = (\{.*?\});", body, re.S)[1])


@pytest.mark.skipif(not shutil.which("xgettext"), reason="needs gettext")
@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_admins_javascript_speaks_the_users_language(client, staff, language):
    client.force_login(staff)
    catalogue = javascript_catalogue(client, language)
    choose = 'Choose %s by selecting them and then select the "Choose" arrow button.'
    remove = 'Remove %s by selecting them and then select the "Remove" arrow button.'
    for msgid in [choose, remove, "Remove all %s", "Choose all %s"]:
        assert catalogue.get(msgid), msgid
    # What the admin's scripts say (Django's catalogue also holds words they no longer use).
    used = {entry.msgid for entry in catalogue_script.extract(language, "djangojs")}
    shown = [catalogue[msgid] for msgid in used if msgid in catalogue]
    said = "\n".join(value if isinstance(value, str) else "\n".join(value) for value in shown)
    assert forbidden(said, language) == []
    if language == "ar":
        assert catalogue["December"] == "دجنبر"
        assert "ديسمبر" not in said and "أغسطس" not in said


# Dates: the public pages' formats and month names.


@pytest.mark.parametrize("language", ["ar", "fr", "en"])
def test_the_admin_formats_dates_as_the_public_pages_do(language):
    # The public templates write |date:"j F Y" and |date:"DATETIME_FORMAT",
    # the Arabic with its own comma: «7 دجنبر 2026، 17:00».
    assert formats.get_format("DATE_FORMAT", language) == "j F Y"
    assert formats.get_format("DATETIME_FORMAT", language) == (
        "j F Y، H:i" if language == "ar" else "j F Y, H:i"
    )


def test_admin_dates_read_moroccos_month_names(client, staff):
    when = timezone.make_aware(datetime(2025, 12, 5, 9, 30))
    notification = Notification.objects.create(kind="x", to_email="a@example.org", language="ar")
    Notification.objects.filter(pk=notification.pk).update(created_at=when)
    client.force_login(staff)
    listed = client.get(admin_url("core_notification_changelist", "ar")).content.decode()
    assert "دجنبر" in listed and "ديسمبر" not in listed
    page = client.get(admin_url("core_notification_change", "ar", notification.pk)).content.decode()
    assert "دجنبر" in page and "ديسمبر" not in page


# Numbers inside Arabic text, and bare ranges, in order (core.bidi).


def test_a_read_only_value_isolates_its_numbers(client, staff):
    notification = Notification.objects.create(
        kind="x", to_email="a@example.org", language="ar", last_error="تعذر الإرسال إلى خطة 2021-2023"
    )
    client.force_login(staff)
    page = client.get(admin_url("core_notification_change", "ar", notification.pk)).content.decode()
    assert 'تعذر الإرسال إلى خطة <bdi dir="ltr">2021-2023</bdi>' in page


def test_a_bare_range_in_a_cell_is_isolated(client, staff):
    PlanFactory(slug="nap2", start_year=2021, end_year=2023)
    client.force_login(staff)
    listed = client.get(admin_url("plans_plan_changelist", "ar")).content.decode()
    assert re.search(r'<td class="field-period"><bdi dir="ltr">2021-2023</bdi></td>', listed)


# The workshop's own pages, linked from its change page.

SHEET = {"fr": "Feuille d'émargement", "ar": "ورقة الحضور"}


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_workshops_sign_in_sheet_links_are_in_the_users_language(client, staff, workshop, language):
    client.force_login(staff)
    text = text_of(client.get(admin_url("workshops_workshop_change", language, workshop.pk)))
    assert text.count(SHEET[language]) >= 2  # one link per language of the sheet
    assert "sign-in sheet" not in text.lower()


# The admin's own pages: what Django's templates and widgets say (buttons,
# links' titles, the sidebar's filter) in the portal's register.

ADMIN_PAGES = ["index", "changelist", "change", "delete", "history"]
# The portal's own name for a workshop's registrations (locale/), not signing up.
REGISTRATIONS = re.compile(r"التسجيلات|[Ii]nscriptions?")


@pytest.mark.parametrize("language", ["ar", "fr"])
@pytest.mark.parametrize("view", ADMIN_PAGES)
def test_the_admins_own_words_use_the_portals_register(client, staff, commitment_a, language, view):
    client.force_login(staff)
    if view == "index":
        url = admin_url("index", language)
    else:
        args = () if view == "changelist" else (commitment_a.pk,)
        url = admin_url(f"commitments_commitment_{view}", language, *args)
    text = REGISTRATIONS.sub("", page_text(client.get(url), language))
    assert forbidden(text, language) == []
