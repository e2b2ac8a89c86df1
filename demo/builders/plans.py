"""The national member and its 2021–2023 plan: timeline, institutions, themes,
and the associations that organised its workshops."""

from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.utils.text import slugify

from plans.models import Association, Institution, Member, Phase, Plan, Theme

from . import day

NATIONAL_SLUG = "morocco"
# The national member and its institutions, as a real deployment loads them.
REFERENCE_DATA = Path(settings.BASE_DIR) / "fixtures" / "morocco.json"
NATIONAL_PLAN_SLUG = "nap2-2021-2023"

PHASE_NOTES = {
    "themes": {
        "ar": "صادقت لجنة الإشراف على المنهجية يوم 31 أكتوبر 2019؛ وحددت المحاور في اجتماعات تنسيقية "
        "في فبراير 2020.",
        "fr": "Méthode adoptée par le comité de pilotage le 31 octobre 2019 ; thèmes arrêtés lors de "
        "réunions de coordination en février 2020.",
    },
    "collection": {
        "ar": "الندوة الافتتاحية يوم 7 أكتوبر 2020؛ عشرة لقاءات تشاورية من 9 أكتوبر إلى 3 نونبر 2020؛ "
        "وفضاء رقمي لاقتراح الأفكار بالموازاة.",
        "fr": "Conférence d'ouverture le 7 octobre 2020 ; dix ateliers du 9 octobre au 3 novembre 2020 ; "
        "espace d'idées en ligne en parallèle.",
    },
    "analysis": {
        "ar": "فرز الأفكار وتجميعها حسب المؤسسات (نونبر 2020)، إحالتها على المؤسسات (دجنبر 2020)، "
        "انتقاؤها وفق المعايير (يناير 2021)، ثم عرض أول لائحة للالتزامات المقترحة على لجنة "
        "الإشراف يوم 27 فبراير 2021.",
        "fr": "Tri des idées et regroupement par institution (novembre 2020), partage avec les "
        "institutions (décembre 2020), sélection selon les critères (janvier 2021), première liste "
        "d'engagements proposés au comité de pilotage le 27 février 2021.",
    },
    "drafting": {
        "ar": "اجتماعات تنسيقية مع المؤسسات والمجتمع المدني (مارس 2021)؛ بطاقات مفصلة بالأنشطة والمؤشرات "
        "(مارس-أبريل 2021)؛ نشر جميع الأفكار مع تعليل عدم الاحتفاظ ببعضها (أبريل 2021).",
        "fr": "Réunions de coordination avec les institutions et la société civile (mars 2021) ; fiches "
        "détaillées avec activités et indicateurs (mars-avril 2021) ; publication de toutes les idées, "
        "avec les raisons pour celles non retenues (avril 2021).",
    },
    "consultation": {
        "ar": "استشارة عمومية حول مشروع الخطة لمدة أربعة أسابيع، ماي 2021.",
        "fr": "Consultation publique sur le projet de plan, quatre semaines, mai 2021.",
    },
}
# The report dates the method, not the start of the themes phase.
THEMES_PHASE_START = date(2019, 10, 31)

NATIONAL_SUMMARY = {
    "ar": "الخطة الوطنية الثانية للمغرب، أعدت بشكل تشاركي مع المجتمع المدني: عشرة محاور وعشرة لقاءات "
    "تشاورية موضوعاتية وفضاء رقمي لاقتراح الأفكار. معطيات للعرض: الأرقام (المشاركون، الأفكار، الفرز، "
    "الالتزامات) هي أرقام تقرير الإعداد المشترك المنشور، أما نصوص الأفكار وأسماء المشاركين وعناوين "
    "الالتزامات فهي توضيحية.",
    "fr": "Deuxième plan d'action national du Maroc, co-construit avec la société civile : dix thèmes, dix "
    "ateliers thématiques et un espace d'idées en ligne. Données de démonstration : les chiffres "
    "(participants, idées, tri, engagements) sont ceux du rapport de co-création publié ; les textes des "
    "idées, les noms des participants et les intitulés des engagements sont illustratifs.",
    "en": "Morocco's second national action plan, co-created with civil society: ten themes, ten thematic "
    "workshops and an online space for ideas. Demonstration data: the figures (participants, ideas, "
    "screening, commitments) are those of the published co-creation report; the texts of the ideas, the "
    "participants' names and the commitments' titles are illustrative.",
}

BUDGET = "Ministry of Economy, Finance and Administration Reform / Budget Directorate"
CIVIL_SOCIETY = "Government department in charge of relations with civil society"
DGCT = "Ministry of the Interior / General Directorate of Territorial Collectivities"
REFORM = "Administration reform department"
SOLIDARITY = "Ministry of Solidarity, Social Development and Equality"
DIGITAL = "Digital Development Agency"
JUSTICE = "Ministry of Justice"
ENVIRONMENT = "Ministry of Energy, Mines and Environment"
PROBITY = "National Authority for Probity, Prevention and Fight against Corruption"
EDUCATION = "National Education department"
ACCESS = "Commission for the Right of Access to Information"


def national_member() -> Member:
    """The national member and its institutions: the reference data a real
    deployment starts from (fixtures/morocco.json), loaded as
    `manage.py loaddata` loads it (found by slug, so loading again updates)."""
    call_command("loaddata", REFERENCE_DATA, verbosity=0)
    return Member.objects.get(slug=NATIONAL_SLUG)


def national_plan(member: Member, data: dict) -> Plan:
    p = data["plan"]
    start_year, end_year = (int(year) for year in p["period"].split("-"))
    plan, _created = Plan.objects.update_or_create(
        slug=NATIONAL_PLAN_SLUG,
        defaults={
            "member": member,
            "number": p["number"],
            "title_ar": p["title_ar"],
            "title_fr": p["title_fr"],
            "title_en": "Second national action plan for open government 2021-2023",
            "start_year": start_year,
            "end_year": end_year,
            "status": Plan.Status.ADOPTED,
            "timeline_published_on": date(2020, 9, 15),
            **{f"summary_{lang}": text for lang, text in NATIONAL_SUMMARY.items()},
        },
    )
    timeline(plan, data)
    return plan


def timeline(plan: Plan, data: dict) -> None:
    """The phases of the 2021–2023 plan, with their notes, on `plan`."""
    for step in data["timeline"]:
        kind = step["phase"]
        Phase.objects.update_or_create(
            plan=plan,
            kind=kind,
            defaults={
                "start": day(step["start"]) if "start" in step else THEMES_PHASE_START,
                "end": day(step["end"]),
                "note_en": step.get("note", ""),
                "note_ar": PHASE_NOTES.get(kind, {}).get("ar", ""),
                "note_fr": PHASE_NOTES.get(kind, {}).get("fr", ""),
            },
        )


def institutions(member: Member, data: dict) -> dict[str, Institution]:
    """The institutions named in the workshops (the reference data's), by English name."""
    names = {name for w in data["workshops"] for name in w["institutions"]}
    found = {row.name_en: row for row in member.institutions.filter(name_en__in=names)}
    missing = names - set(found)
    if missing:
        raise LookupError(f"Not in {REFERENCE_DATA.name}: {sorted(missing)}")
    return found


def themes(plan: Plan, data: dict, institutions: dict[str, Institution]) -> dict[int, Theme]:
    """The ten themes of the 2021–2023 plan on `plan`, by number, each with the
    institutions of its workshop."""
    found = {}
    for t in data["themes"]:
        found[t["n"]], _created = Theme.objects.update_or_create(
            plan=plan, number=t["n"], defaults={"name_ar": t["ar"], "name_fr": t["fr"], "name_en": t["en"]}
        )
    for w in data["workshops"]:
        found[w["theme"]].institutions.set([institutions[name] for name in w["institutions"]])
    return found


def associations(data: dict) -> dict[str, Association]:
    """The workshops' organisers, by French name."""
    found = {}
    for w in data["workshops"]:
        found[w["organiser_fr"]], _created = Association.objects.update_or_create(
            slug=slugify(w["organiser_fr"])[:80],
            defaults={"name_ar": w["organiser_ar"], "name_fr": w["organiser_fr"]},
        )
    return found
