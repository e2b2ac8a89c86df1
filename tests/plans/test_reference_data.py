"""The reference data a real deployment starts from without the demo
(fixtures/, issue 18 point 22): the national OGP member, its institutions
and Morocco's fixed public holidays, loaded with `manage.py loaddata` into an empty database, found
by their natural keys (slugs; a holiday by its day) so that loading again
(or the demo after it) updates them."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.forms.models import model_to_dict

from core.forms import is_reserved_name
from plans.models import Institution, Member, PublicHoliday
from tests.factories import PlanFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "fixtures" / "morocco.json"


def test_the_reference_data_loads_into_an_empty_database_and_again_changes_nothing(client):
    assert not Member.objects.exists() and not Institution.objects.exists()
    call_command("loaddata", str(FIXTURE), verbosity=0)

    member = Member.objects.get()
    assert (member.slug, member.kind) == ("morocco", Member.Kind.NATIONAL)
    assert (member.name_ar, member.name_fr, member.name_en) == (
        "المملكة المغربية",
        "Royaume du Maroc",
        "Kingdom of Morocco",
    )
    institutions = {row.slug: row for row in member.institutions.all()}
    assert len(institutions) == 16
    for institution in institutions.values():
        assert institution.name_ar and institution.name_fr and institution.name_en
    probity = institutions["national-authority-for-probity-prevention-and-fight-against-corruption"]
    assert probity.acronym == "INPPLC"
    assert probity.name_fr.startswith("Instance nationale de la probité")

    # The fixed public holidays, every year's, named in the three languages.
    holidays = {(h.month, h.day): h for h in member.holidays.all()}
    assert sorted(holidays) == [
        (1, 1), (1, 11), (1, 14), (5, 1), (7, 30), (8, 14), (8, 20), (8, 21), (11, 6), (11, 18),
    ]  # fmt: skip
    for holiday in holidays.values():
        assert holiday.year is None and holiday.name_ar and holiday.name_fr and holiday.name_en
    assert holidays[1, 14].name_fr == "Nouvel An amazigh (Yennayer)"
    assert holidays[7, 30].name_ar == "عيد العرش"
    assert holidays[11, 6].name_en == "Anniversary of the Green March"

    # Found by natural key: loading again changes nothing.
    before = [
        {"pk": row.pk, **model_to_dict(row)}
        for model in (Member, Institution, PublicHoliday)
        for row in model.objects.all()
    ]
    call_command("loaddata", str(FIXTURE), verbosity=0)
    assert Member.objects.count() == 1 and Institution.objects.count() == 16
    assert PublicHoliday.objects.count() == 10
    after = [
        {"pk": row.pk, **model_to_dict(row)}
        for model in (Member, Institution, PublicHoliday)
        for row in model.objects.all()
    ]
    assert after == before

    # What the portal then does with it: no one may take an institution's
    # name, and the secretariat's first plan belongs to the member.
    assert is_reserved_name("Royaume du Maroc") and is_reserved_name("INPPLC")
    plan = PlanFactory(member=member, slug="nap3", title_fr="Troisième plan")
    assert "Troisième plan" in client.get("/fr/plans/").content.decode()
    assert plan.member == member


def test_the_reference_data_names_the_real_institutions_of_the_2021_2023_plan():
    # The names of the published report (the same file as /work/shared/data's).
    data = json.loads((ROOT / "demo" / "data" / "nap2-2021-2023.json").read_text())
    named = {name for workshop in data["workshops"] for name in workshop["institutions"]}
    rows = json.loads(FIXTURE.read_text())
    assert {row["fields"]["name_en"] for row in rows if row["model"] == "plans.institution"} == named
    members = [row["fields"] for row in rows if row["model"] == "plans.member"]
    assert [member["name_fr"] for member in members] == [data["member"]["name_fr"]]
