"""The demo dataset that `make run` loads, built from fixtures/ (real names and
figures of Morocco's 2021–2023 plan), plus a commune plan open today so that a
visitor can try everything.

The figures of the 2021–2023 plan (participants, ideas by theme and source,
screening funnel, commitments, institutions) come out exactly as in the
published co-creation report; the texts of the ideas, the participants' names
and the commitments' titles are illustrative, and the plan's summary says so.

Idempotent: loading twice changes nothing. Everything is looked up by a stable
key (slug, number, email); ideas, with their screening history, are created
once per plan. The commune's timeline is set relative to the day of the first
load and never moved afterwards.

Rows are bulk-created (no screening functions): demo data sends no email."""

import json
import random
from datetime import date, datetime, time, timedelta
from pathlib import Path

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from commitments.models import Commitment
from core.models import User
from ideas.models import Comment, Idea, IdeaEvent, Support
from plans.models import Association, Institution, Member, Phase, Plan, Theme
from workshops.models import Workshop

DATA_FILE = Path(__file__).resolve().parent / "data" / "nap2-2021-2023.json"
ADMIN_EMAIL = "admin@demo.gouvernement-ouvert.ma"
ADMIN_PASSWORD = "demo-admin-2026"  # noqa: S105 - printed on purpose: demo data only

NATIONAL_PLAN_SLUG = "nap2-2021-2023"
COMMUNE_SLUG = "tetouan"
COMMUNE_PLAN_SLUG = "tetouan-local-plan"
CITIZEN_EMAIL = "citizen-{}@demo.invalid"

S = Idea.Status
R = IdeaEvent.Reason


def load_data() -> dict:
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


@transaction.atomic
def load(data: dict | None = None) -> dict:
    data = data or load_data()
    admin = User.objects.filter(email=ADMIN_EMAIL).first()
    if admin is None:
        admin = User.objects.create_superuser(
            ADMIN_EMAIL, ADMIN_PASSWORD, display_name="Secrétariat (démo)", language="fr"
        )
    EmailAddress.objects.update_or_create(
        user=admin, email=ADMIN_EMAIL, defaults={"verified": True, "primary": True}
    )
    m = data["member"]
    member, _created = Member.objects.update_or_create(
        slug="morocco",
        defaults={
            "kind": m["kind"],
            "name_ar": m["name_ar"],
            "name_fr": m["name_fr"],
            "name_en": m["name_en"],
            "website": "https://www.gouvernement-ouvert.ma/",
        },
    )
    plan = _national_plan(member, data)
    institutions = _institutions(member, data)
    themes = _themes(plan, data, institutions)
    workshops = _workshops(plan, data, themes, institutions)
    commitments = _commitments(plan, themes, institutions)
    citizens = _citizens(data["totals"]["participants_online"])
    if not plan.ideas.exists():
        _national_ideas(plan, data, themes, workshops, institutions, commitments, citizens, admin)
    commune, commune_plan = _commune(citizens, admin)
    return {
        "admin": admin,
        "member": member,
        "plan": plan,
        "commune": commune,
        "commune_plan": commune_plan,
    }


# ---------------------------------------------------------------------------
# The national plan 2021–2023: plan, timeline, themes, institutions, workshops


PHASE_NOTES = {
    "themes": {
        "ar": "صادقت اللجنة التوجيهية على المنهجية يوم 31 أكتوبر 2019؛ وحددت المحاور في اجتماعات تنسيقية "
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
        "انتقاؤها وفق المعايير (يناير 2021)، ثم عرض أول لائحة للالتزامات المقترحة على اللجنة "
        "التوجيهية يوم 27 فبراير 2021.",
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

# The institutions named in the workshops, translated: English (the fixture's
# key) -> Arabic, French, acronym.
INSTITUTIONS = {
    "Ministry of the Interior / General Directorate of Territorial Collectivities": (
        "وزارة الداخلية / المديرية العامة للجماعات الترابية",
        "Ministère de l'Intérieur / Direction générale des collectivités territoriales",
        "DGCT",
    ),
    "Government department in charge of relations with civil society": (
        "القطاع الحكومي المكلف بالعلاقات مع المجتمع المدني",
        "Département chargé des relations avec la société civile",
        "",
    ),
    "Ministry of Economy, Finance and Administration Reform / Budget Directorate": (
        "وزارة الاقتصاد والمالية وإصلاح الإدارة / مديرية الميزانية",
        "Ministère de l'Économie, des Finances et de la Réforme de l'Administration / Direction du budget",
        "",
    ),
    "Administration reform department": (
        "قطاع إصلاح الإدارة",
        "Département de la réforme de l'administration",
        "",
    ),
    "Ministry of the Interior": ("وزارة الداخلية", "Ministère de l'Intérieur", ""),
    "Ministry of Solidarity, Social Development and Equality": (
        "وزارة التضامن والتنمية الاجتماعية والمساواة",
        "Ministère de la Solidarité, du Développement social et de l'Égalité",
        "",
    ),
    "Digital Development Agency": ("وكالة التنمية الرقمية", "Agence de développement du digital", "ADD"),
    "Ministry of National Education": ("وزارة التربية الوطنية", "Ministère de l'Éducation nationale", ""),
    "Superior Council of the Judicial Power": (
        "المجلس الأعلى للسلطة القضائية",
        "Conseil supérieur du pouvoir judiciaire",
        "CSPJ",
    ),
    "Ministry of Justice": ("وزارة العدل", "Ministère de la Justice", ""),
    "Presidency of the Public Prosecution": ("رئاسة النيابة العامة", "Présidence du ministère public", ""),
    "Ministry of Energy, Mines and Environment": (
        "وزارة الطاقة والمعادن والبيئة",
        "Ministère de l'Énergie, des Mines et de l'Environnement",
        "",
    ),
    "National Authority for Probity, Prevention and Fight against Corruption": (
        "الهيئة الوطنية للنزاهة والوقاية من الرشوة ومحاربتها",
        "Instance nationale de la probité, de la prévention et de la lutte contre la corruption",
        "INPPLC",
    ),
    "National Education department": ("قطاع التربية الوطنية", "Département de l'Éducation nationale", ""),
    "Ministry of Employment": ("وزارة الشغل", "Ministère de l'Emploi", ""),
    "Commission for the Right of Access to Information": (
        "لجنة الحق في الحصول على المعلومات",
        "Commission du droit d'accès à l'information",
        "CDAI",
    ),
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

# Where the accepted ideas of each theme were sent: 11 distinct institutions.
ROUTING = {
    1: [CIVIL_SOCIETY, DGCT],
    2: [SOLIDARITY, BUDGET],
    3: [DIGITAL],
    4: [JUSTICE],
    5: [BUDGET],
    6: [ENVIRONMENT],
    7: [PROBITY],
    8: [DGCT, CIVIL_SOCIETY],
    9: [EDUCATION, REFORM],
    10: [ACCESS],
}

# 24 proposed commitments (illustrative titles): theme, lead, ar, fr, en, retained.
# fmt: off
COMMITMENTS = [
    (1, CIVIL_SOCIETY, "تعزيز الإطار القانوني للعرائض والملتمسات",
     "Renforcer le cadre juridique des pétitions et motions",
     "Strengthening the legal framework for petitions and motions", True),
    (1, CIVIL_SOCIETY, "المنصة الوطنية للتشاور العمومي", "Plateforme nationale de consultation publique",
     "National platform for public consultation", True),
    (1, DGCT, "المشاركة المواطنة في الجماعات الترابية",
     "Participation citoyenne dans les collectivités territoriales",
     "Citizen participation in territorial collectivities", True),
    (2, BUDGET, "معطيات الميزانية المستجيبة للنوع", "Données de la budgétisation sensible au genre",
     "Gender-responsive budgeting data", True),
    (2, SOLIDARITY, "معطيات مفتوحة حول العنف ضد النساء",
     "Données ouvertes sur les violences faites aux femmes", "Open data on violence against women", True),
    (3, DIGITAL, "بوابة المعطيات المفتوحة ومعايير النشر",
     "Portail et normes de publication des données ouvertes", "Open data portal and publication standards",
     True),
    (3, REFORM, "المساطر الإدارية عبر الإنترنت مع التتبع", "Démarches administratives en ligne avec suivi",
     "Online administrative procedures with tracking", True),
    (3, DIGITAL, "مختبر الابتكار العمومي", "Laboratoire d'innovation publique", "Public innovation lab",
     False),
    (4, JUSTICE, "نشر المقررات القضائية", "Publication des décisions de justice",
     "Publication of court decisions", True),
    (4, JUSTICE, "التتبع الإلكتروني للقضايا", "Suivi en ligne des affaires judiciaires",
     "Online tracking of court cases", True),
    (5, BUDGET, "ميزانية المواطن", "Budget citoyen", "Citizen budget", True),
    (5, BUDGET, "المعطيات المفتوحة للصفقات العمومية", "Données ouvertes de la commande publique",
     "Open public procurement data", True),
    (5, BUDGET, "شفافية النفقات الجبائية", "Transparence des dépenses fiscales",
     "Transparency of tax expenditures", False),
    (6, ENVIRONMENT, "المعطيات البيئية المفتوحة", "Données environnementales ouvertes",
     "Open environmental data", True),
    (6, ENVIRONMENT, "ولوج العموم إلى دراسات التأثير على البيئة",
     "Accès public aux études d'impact environnemental", "Public access to environmental impact studies",
     True),
    (7, PROBITY, "حماية المبلغين عن الفساد", "Protection des lanceurs d'alerte",
     "Protection of whistleblowers", True),
    (7, PROBITY, "منصة موحدة للتبليغ عن الفساد", "Plateforme unifiée de signalement de la corruption",
     "Unified platform for reporting corruption", True),
    (7, REFORM, "الوقاية من تضارب المصالح", "Prévention des conflits d'intérêts",
     "Preventing conflicts of interest", True),
    (8, DGCT, "مؤشرات التنمية المجالية", "Indicateurs de développement territorial",
     "Territorial development indicators", True),
    (8, DGCT, "جماعات ترابية منفتحة", "Collectivités territoriales ouvertes",
     "Open territorial collectivities", True),
    (9, REFORM, "قياس رضا المرتفقين وتدبير الشكايات", "Satisfaction des usagers et gestion des réclamations",
     "User satisfaction and complaints management", True),
    (9, EDUCATION, "معطيات مفتوحة حول المؤسسات التعليمية",
     "Données ouvertes sur les établissements scolaires", "Open data on schools", True),
    (10, ACCESS, "النشر الاستباقي للمعلومات", "Publication proactive des informations",
     "Proactive publication of information", True),
    (10, REFORM, "بوابة طلبات الحصول على المعلومات", "Portail des demandes d'accès à l'information",
     "Portal for access to information requests", True),
]
# fmt: on


def _day(value: str) -> date:
    return date.fromisoformat(value)


def _at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _national_plan(member: Member, data: dict) -> Plan:
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
    for step in data["timeline"]:
        kind = step["phase"]
        Phase.objects.update_or_create(
            plan=plan,
            kind=kind,
            defaults={
                "start": _day(step["start"]) if "start" in step else THEMES_PHASE_START,
                "end": _day(step["end"]),
                "note_en": step.get("note", ""),
                "note_ar": PHASE_NOTES.get(kind, {}).get("ar", ""),
                "note_fr": PHASE_NOTES.get(kind, {}).get("fr", ""),
            },
        )
    return plan


def _institutions(member: Member, data: dict) -> dict[str, Institution]:
    names = dict.fromkeys(name for w in data["workshops"] for name in w["institutions"])
    institutions = {}
    for name_en in names:
        name_ar, name_fr, acronym = INSTITUTIONS[name_en]
        institutions[name_en], _created = Institution.objects.update_or_create(
            member=member,
            slug=slugify(name_en)[:80],
            defaults={"name_ar": name_ar, "name_fr": name_fr, "name_en": name_en, "acronym": acronym},
        )
    return institutions


def _themes(plan: Plan, data: dict, institutions: dict[str, Institution]) -> dict[int, Theme]:
    themes = {}
    for t in data["themes"]:
        themes[t["n"]], _created = Theme.objects.update_or_create(
            plan=plan, number=t["n"], defaults={"name_ar": t["ar"], "name_fr": t["fr"], "name_en": t["en"]}
        )
    for w in data["workshops"]:
        themes[w["theme"]].institutions.set([institutions[name] for name in w["institutions"]])
    return themes


def _workshops(
    plan: Plan, data: dict, themes: dict[int, Theme], institutions: dict[str, Institution]
) -> dict[int, Workshop]:
    workshops = {}
    for w in data["workshops"]:
        organiser, _created = Association.objects.update_or_create(
            slug=slugify(w["organiser_fr"])[:80],
            defaults={"name_ar": w["organiser_ar"], "name_fr": w["organiser_fr"]},
        )
        theme = themes[w["theme"]]
        workshop, _created = Workshop.objects.update_or_create(
            plan=plan,
            number=w["n"],
            defaults={
                "theme": theme,
                "title_ar": f"لقاء تشاوري موضوعاتي: {theme.name_ar}",
                "title_fr": f"Atelier thématique : {theme.name_fr}",
                "title_en": f"Thematic workshop: {theme.name_en}",
                "organiser": organiser,
                "starts_at": _at(_day(w["date"])),
                "place_ar": "عن بعد",
                "place_fr": "À distance",
                "place_en": "Online",
                "registered_count": w["registered"],
                "attended_count": w["attended"],
            },
        )
        workshop.institutions.set([institutions[name] for name in w["institutions"]])
        workshops[w["n"]] = workshop
    return workshops


def _commitments(
    plan: Plan, themes: dict[int, Theme], institutions: dict[str, Institution]
) -> list[Commitment]:
    commitments = []
    for number, (theme, lead, title_ar, title_fr, title_en, retained) in enumerate(COMMITMENTS, start=1):
        commitment, _created = Commitment.objects.update_or_create(
            plan=plan,
            number=number,
            defaults={
                "theme": themes[theme],
                "lead_institution": institutions[lead],
                "title_ar": title_ar,
                "title_fr": title_fr,
                "title_en": title_en,
                "status": Commitment.Status.ADOPTED if retained else Commitment.Status.NOT_RETAINED,
            },
        )
        commitments.append(commitment)
    return commitments


# ---------------------------------------------------------------------------
# Demo citizens

# fmt: off
FIRST_NAMES = [
    "Amina", "Youssef", "Fatima Zahra", "Mohamed", "Khadija", "Omar", "Salma", "Hamza", "Imane", "Mehdi",
    "Soukaina", "Anas", "Nadia", "Rachid", "Hajar", "Karim", "Meryem", "Ayoub", "Zineb", "Hicham", "Loubna",
    "Adil", "Sanae", "Yassine", "Houda", "Abdellah", "Ikram", "Saïd", "Asmae", "Reda",
]
FIRST_NAMES_AR = [
    "أمينة", "يوسف", "فاطمة الزهراء", "محمد", "خديجة", "عمر", "سلمى", "حمزة", "إيمان", "المهدي", "سكينة",
    "أنس", "نادية", "رشيد", "هاجر", "كريم", "مريم", "أيوب", "زينب", "هشام",
]
# fmt: on
INITIALS = "BEKMTALSOHRZ"
INITIALS_AR = "بعكمتلسحرز"


def _display_name(i: int) -> str:
    if i % 3 == 2:
        return f"{FIRST_NAMES_AR[i % len(FIRST_NAMES_AR)]} {INITIALS_AR[(i * 7) % len(INITIALS_AR)]}."
    return f"{FIRST_NAMES[i % len(FIRST_NAMES)]} {INITIALS[(i * 5) % len(INITIALS)]}."


def _citizens(count: int) -> list[User]:
    """citizen-1 … citizen-N, who cannot sign in (unusable passwords)."""
    emails = [CITIZEN_EMAIL.format(i) for i in range(1, count + 1)]
    existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    joined = _at(date(2020, 10, 7), 9)
    User.objects.bulk_create(
        [
            User(
                email=email,
                display_name=_display_name(i),
                language="fr" if i % 4 == 0 else "ar",
                password=make_password(None),
                date_joined=joined,
            )
            for i, email in enumerate(emails, start=1)
            if email not in existing
        ]
    )
    by_email = User.objects.in_bulk(emails, field_name="email")
    return [by_email[email] for email in emails]


# ---------------------------------------------------------------------------
# Ideas of the national plan, with their whole screening history

# fmt: off
CITIES = [
    ("الرباط", "Rabat"), ("الدار البيضاء", "Casablanca"), ("فاس", "Fès"), ("مراكش", "Marrakech"),
    ("طنجة", "Tanger"), ("أكادير", "Agadir"), ("وجدة", "Oujda"), ("مكناس", "Meknès"), ("تطوان", "Tétouan"),
    ("العيون", "Laâyoune"), ("بني ملال", "Béni Mellal"), ("الحسيمة", "Al Hoceïma"),
]
# fmt: on

# Illustrative ideas per theme: language, title, problem, solution, expected results.
# fmt: off
IDEA_TEXTS = {
    1: [
        ("ar", "منصة رقمية للعرائض المحلية", "صعوبة تقديم العرائض إلى المجالس الجماعية وتتبع مآلها.",
         "إحداث منصة إلكترونية لإيداع العرائض وتتبعها.", "مشاركة أوسع للمواطنين في القرار المحلي."),
        ("ar", "نشر جداول أعمال دورات المجالس مسبقا", "المواطن لا يعلم بمواعيد الدورات ومواضيعها.",
         "نشر جدول الأعمال والوثائق قبل كل دورة بأسبوعين.", "حضور وتتبع أكبر لأشغال الدورات."),
        ("fr", "Budget participatif communal", "Les habitants ne participent pas aux choix d'investissement.",
         "Réserver une part du budget d'investissement à des projets choisis par les habitants.",
         "Des projets adaptés aux besoins des quartiers."),
        ("ar", "هيئات استشارية للشباب", "ضعف إشراك الشباب في إعداد برامج العمل.",
         "تفعيل هيئات استشارية للشباب لدى المجالس المنتخبة.", "برامج عمل تستجيب لحاجيات الشباب."),
        ("fr", "Retransmettre les sessions des conseils",
         "Les séances des conseils élus sont peu accessibles.",
         "Diffuser en direct et archiver les sessions des conseils.", "Un suivi citoyen des décisions."),
    ],
    2: [
        ("ar", "ميزانية مستجيبة للنوع على المستوى المحلي", "غياب معطيات حول أثر الميزانيات على النساء.",
         "نشر مؤشرات النوع في ميزانيات الجماعات.", "تخطيط يراعي حاجيات النساء والفتيات."),
        ("ar", "معطيات مفتوحة حول العنف ضد النساء", "تشتت المعطيات حول حالات العنف.",
         "نشر إحصائيات دورية مفصلة بصيغة مفتوحة.", "سياسات عمومية مبنية على المعطيات."),
        ("fr", "Données ouvertes sur l'égalité salariale", "Les écarts de salaire sont mal connus.",
         "Publier chaque année des données sexuées sur l'emploi public.",
         "Des politiques d'égalité mesurables."),
        ("ar", "تمثيلية النساء في هيئات التشاور", "ضعف حضور النساء في هيئات التشاور العمومي.",
         "اعتماد المناصفة في تشكيل الهيئات الاستشارية.", "مشاركة متوازنة في صنع القرار."),
        ("fr", "Accès des femmes rurales aux services", "Les femmes rurales connaissent mal leurs droits.",
         "Créer des guichets d'information itinérants.", "Un meilleur accès aux services publics."),
    ],
    3: [
        ("ar", "تحيين بوابة المعطيات المفتوحة", "المعطيات المنشورة قديمة وغير قابلة لإعادة الاستعمال.",
         "تحيين البوابة ونشر المعطيات بصيغ مفتوحة.", "إعادة استعمال المعطيات من طرف الباحثين والمقاولات."),
        ("ar", "رقمنة المساطر الإدارية", "كثرة الوثائق المطلوبة والتنقل إلى الإدارة.",
         "رقمنة المساطر الأكثر طلبا مع تتبع الطلب عن بعد.", "ربح الوقت وتقليص فرص الرشوة."),
        ("fr", "Hackathons sur les données publiques", "Les données publiées sont peu utilisées.",
         "Organiser chaque année des hackathons avec les administrations.", "Des applications utiles."),
        ("ar", "مختبر للابتكار العمومي", "ضعف إشراك المجتمع المدني في تطوير الخدمات الرقمية.",
         "إحداث مختبر مفتوح يجمع الإدارة والمطورين والجمعيات.", "خدمات رقمية يصممها مستعملوها."),
        ("fr", "Codes sources ouverts de l'administration",
         "Les logiciels payés sur fonds publics sont fermés.",
         "Publier sous licence libre le code des services publics numériques.",
         "Mutualisation et confiance."),
    ],
    4: [
        ("ar", "نشر الأحكام القضائية", "صعوبة الاطلاع على الاجتهاد القضائي.",
         "نشر الأحكام بعد إخفاء المعطيات الشخصية.", "أمن قانوني وشفافية أكبر."),
        ("ar", "تتبع الملفات القضائية عن بعد", "المتقاضي يتنقل إلى المحكمة لمعرفة مآل ملفه.",
         "خدمة إلكترونية لتتبع الملفات والجلسات.", "ولوج أسهل إلى العدالة."),
        ("fr", "Guide du justiciable en langage simple",
         "Les procédures judiciaires sont difficiles à comprendre.",
         "Publier des guides simples en arabe, en amazighe et en français.",
         "Des justiciables mieux informés."),
        ("ar", "مؤشرات أداء المحاكم", "غياب معطيات منشورة حول آجال البت.", "نشر مؤشرات سنوية لكل محكمة.",
         "تحسين النجاعة القضائية."),
        ("fr", "Statistiques judiciaires ouvertes",
         "Les statistiques des tribunaux ne sont pas réutilisables.",
         "Publier les statistiques judiciaires en format ouvert.", "Un débat public éclairé sur la justice."),
    ],
    5: [
        ("ar", "ميزانية المواطن لكل جماعة", "وثائق الميزانية معقدة وغير مفهومة.",
         "إعداد ونشر ميزانية المواطن بلغة مبسطة.", "فهم أفضل لكيفية صرف المال العام."),
        ("ar", "نشر معطيات الصفقات العمومية", "غياب الشفافية في منح الصفقات.",
         "نشر جميع مراحل الصفقات بصيغة مفتوحة.", "منافسة نزيهة وترشيد النفقات."),
        ("fr", "Transparence des exonérations fiscales", "Le coût des dépenses fiscales est peu connu.",
         "Publier le détail des dépenses fiscales par mesure.", "Un débat éclairé sur la justice fiscale."),
        ("ar", "تقرير منتصف السنة حول تنفيذ الميزانية", "لا تنشر معطيات التنفيذ إلا متأخرة.",
         "نشر تقرير منتصف السنة حول تنفيذ الميزانية.", "تتبع آني للمالية العمومية."),
        ("fr", "Consulter avant la loi de finances", "La société civile n'est pas consultée sur le budget.",
         "Organiser une consultation publique avant le dépôt du projet de loi de finances.",
         "Un budget qui tient compte des attentes citoyennes."),
    ],
    6: [
        ("ar", "معطيات مفتوحة حول جودة الهواء", "المواطن لا يعرف مستوى التلوث في مدينته.",
         "نشر قياسات جودة الهواء بشكل يومي.", "وقاية صحية ووعي بيئي."),
        ("ar", "شفافية رخص استغلال المقالع", "غياب المعلومات حول المقالع وآثارها.",
         "نشر لائحة الرخص ودراسات التأثير على البيئة.", "حماية الموارد الطبيعية."),
        ("fr", "Registre public des études d'impact", "Les études d'impact ne sont pas publiées.",
         "Mettre en ligne les études et les avis des comités.",
         "Une participation réelle aux enquêtes publiques."),
        ("ar", "إشراك الساكنة في تدبير الماء", "ندرة الماء وضعف إشراك الفلاحين الصغار.",
         "إحداث لجان محلية لتدبير الموارد المائية.", "تدبير مستدام وعادل للماء."),
        ("fr", "Cartographie ouverte des dépôts sauvages", "Les décharges sauvages se multiplient.",
         "Une carte participative pour signaler les dépôts.", "Des quartiers plus propres."),
    ],
    7: [
        ("ar", "حماية المبلغين عن الفساد", "الخوف من الانتقام يمنع التبليغ.",
         "تقوية الحماية القانونية للمبلغين.", "ارتفاع عدد التبليغات ومعالجتها."),
        ("ar", "نشر التصريح بالممتلكات", "التصريح بالممتلكات غير متاح للعموم.",
         "نشر ملخصات تصريحات كبار المسؤولين.", "وقاية من تضارب المصالح."),
        ("fr", "Plateforme de signalement de la corruption",
         "On ne sait pas où signaler un cas de corruption.",
         "Une plateforme unique de signalement avec suivi de la plainte.",
         "Des signalements traités et suivis."),
        ("ar", "سجل عمومي لتضارب المصالح", "غياب آليات لتدبير تضارب المصالح.",
         "إحداث سجل للتصريح بالمصالح لدى المنتخبين.", "ثقة أكبر في المؤسسات."),
        ("fr", "Registre des bénéficiaires effectifs", "Les propriétaires réels des sociétés sont inconnus.",
         "Créer un registre public des bénéficiaires effectifs.",
         "Moins de blanchiment et de conflits d'intérêts."),
    ],
    8: [
        ("ar", "خدمات إدارية متنقلة في المناطق الجبلية", "بعد الإدارات عن ساكنة الجبال.",
         "قوافل إدارية متنقلة بشكل منتظم.", "تقريب الإدارة من المواطن."),
        ("ar", "مؤشرات التفاوتات المجالية", "غياب معطيات دقيقة حول الفوارق بين الجهات.",
         "نشر مؤشرات التنمية على مستوى كل جماعة.", "توزيع أعدل للاستثمارات."),
        ("fr", "Suivi citoyen des programmes ruraux",
         "Les programmes de développement rural sont peu évalués.",
         "Publier l'avancement des projets par commune.", "Des investissements mieux ciblés."),
        ("ar", "ولوج الأشخاص في وضعية إعاقة", "صعوبة ولوج الأشخاص في وضعية إعاقة إلى المرافق.",
         "اعتماد معايير الولوجيات في البنايات والمواقع الإلكترونية.", "إدماج فعلي للأشخاص في وضعية إعاقة."),
        ("fr", "Information en langue amazighe",
         "Une partie de la population ne comprend pas les formulaires.",
         "Traduire les démarches essentielles en amazighe.", "Une administration accessible à tous."),
    ],
    9: [
        ("ar", "قياس رضا المرتفقين", "لا يؤخذ رأي المرتفقين في جودة الخدمات.",
         "استمارة رضا بعد كل خدمة ونشر نتائجها.", "تحسين مستمر للخدمات."),
        ("ar", "ميثاق المرافق العمومية", "غياب التزامات واضحة حول آجال الخدمات.",
         "نشر آجال معالجة كل خدمة والتقيد بها.", "خدمات أسرع وأكثر شفافية."),
        ("fr", "Délais d'attente publiés à l'hôpital",
         "Les patients ne connaissent pas les délais d'attente.",
         "Publier les délais moyens par service hospitalier.", "Un accès aux soins plus équitable."),
        ("ar", "تدبير الشكايات", "الشكايات تبقى دون جواب.", "منصة موحدة للشكايات مع آجال جواب محددة.",
         "ثقة أكبر في الإدارة."),
        ("fr", "Données ouvertes sur les écoles", "Les parents manquent d'information sur les écoles.",
         "Publier les indicateurs de chaque établissement.", "Un meilleur pilotage de l'éducation."),
    ],
    10: [
        ("ar", "النشر الاستباقي للمعلومات", "الإدارات لا تنشر المعلومات إلا بعد الطلب.",
         "إلزام كل إدارة بنشر لائحة دنيا من المعلومات.", "تقليص عدد الطلبات وتسريع الولوج."),
        ("ar", "تكوين المكلفين بتلقي الطلبات", "ضعف تكوين الأشخاص المكلفين بالمعلومات.",
         "برنامج تكوين مستمر لفائدة المكلفين.", "أجوبة أسرع وأدق."),
        ("fr", "Rapport annuel sur les demandes d'information",
         "On ignore combien de demandes sont satisfaites.",
         "Publier chaque année les statistiques des demandes par administration.",
         "Un suivi public du droit."),
        ("ar", "بوابة موحدة لطلبات الحصول على المعلومات", "صعوبة تقديم الطلبات وتتبعها.",
         "منصة إلكترونية لتقديم الطلبات وتتبعها.", "ممارسة فعلية للحق في الحصول على المعلومات."),
        ("fr", "Sensibiliser les jeunes au droit d'accès", "Les jeunes ignorent leur droit d'accès.",
         "Des ateliers dans les lycées et les universités.", "Une génération qui exerce ses droits."),
    ],
}
# fmt: on

# Why ideas were not accepted, in turn; and what the secretariat wrote.
REJECTIONS = [R.NOT_OPENNESS, R.NOT_PRECISE, R.NOT_OPENNESS, R.DUPLICATE, R.NOT_PRECISE, R.OTHER]
EXPLANATIONS = {
    R.NOT_OPENNESS: {
        "ar": "فكرة وجيهة لكنها تتعلق بسياسة قطاعية ولا ترتبط بمبادئ الشفافية أو المشاركة أو المساءلة.",
        "fr": "Idée pertinente, mais qui relève d'une politique sectorielle et non des principes de "
        "transparence, de participation ou de redevabilité.",
    },
    R.NOT_PRECISE: {
        "ar": "الفكرة عامة ولا تحدد الإجراء المقترح ولا المؤسسة المعنية.",
        "fr": "L'idée reste générale : elle ne précise ni l'action proposée ni l'institution concernée.",
    },
    R.DUPLICATE: {
        "ar": "دمجت مع فكرة مماثلة في نفس المحور.",
        "fr": "Regroupée avec une idée semblable du même thème.",
    },
    R.OTHER: {
        "ar": "الإجراء المقترح مبرمج في إطار مشروع جار خارج خطة العمل.",
        "fr": "La mesure proposée est déjà programmée dans un projet en cours, hors du plan d'action.",
    },
}
NOT_INTEGRATED = [
    {
        "ar": "لم تتمكن المؤسسة من إدراجها خلال مدة الخطة لعدم توفر الإمكانيات، وستدرس في الخطة المقبلة.",
        "fr": "L'institution n'a pas pu l'intégrer faute de moyens pendant la durée du plan ; elle sera "
        "étudiée pour le prochain plan.",
    },
    {
        "ar": "تتطلب الفكرة إصلاحا تشريعيا يتجاوز مدة خطة العمل.",
        "fr": "L'idée demande une réforme législative qui dépasse la durée du plan d'action.",
    },
    {
        "ar": "الإجراء قيد التنفيذ في إطار برنامج قائم للمؤسسة.",
        "fr": "La mesure est déjà en cours dans un programme existant de l'institution.",
    },
]
COMMENTS = [
    ("ar", "فكرة مهمة، أساندها وأتمنى تعميمها على كل الجهات."),
    ("fr", "Très bonne idée, à étendre à toutes les régions."),
    ("ar", "يجب تحديد المؤسسة المسؤولة عن التنفيذ وآجاله."),
    ("fr", "Il faudrait préciser le calendrier et les indicateurs."),
]


def _apportion(total: int, weights: list[int]) -> list[int]:
    """Splits `total` in proportion to `weights`, in whole numbers adding up to
    `total` (largest remainders get the units left over)."""
    whole = sum(weights)
    shares = [total * w // whole for w in weights]
    by_remainder = sorted(range(len(weights)), key=lambda i: (-(total * weights[i] % whole), i))
    for i in by_remainder[: total - sum(shares)]:
        shares[i] += 1
    return shares


def _idea(plan: Plan, theme: Theme, index: int, **fields) -> Idea:
    language, title, problem, solution, results = IDEA_TEXTS[theme.number][
        index % len(IDEA_TEXTS[theme.number])
    ]
    city_ar, city_fr = CITIES[(index // len(IDEA_TEXTS[theme.number]) + theme.number) % len(CITIES)]
    return Idea(
        plan=plan,
        theme=theme,
        title=f"{title} — {city_ar if language == 'ar' else city_fr}",
        problem=problem,
        solution=solution,
        expected_results=results,
        language=language,
        search_config="arabic" if language == "ar" else "french",
        **fields,
    )


def _national_ideas(plan, data, themes, workshops, institutions, commitments, citizens, admin) -> None:
    """The 232 ideas with the report's figures, each with its screening history."""
    totals = data["totals"]
    if totals["ideas_accepted"] + totals["ideas_not_accepted"] != totals["ideas_total"] or (
        totals["ideas_integrated"] + totals["ideas_not_integrated"] != totals["ideas_accepted"]
    ):
        raise ValueError("The fixture's funnel does not add up.")
    rng = random.Random(2021)  # the same demo on every machine
    timeline = {step["phase"]: step for step in data["timeline"]}
    collection_start = _day(timeline["collection"]["start"])
    collection_days = (_day(timeline["collection"]["end"]) - collection_start).days
    analysis_start = _day(timeline["analysis"]["start"])
    analysis_days = (_day(timeline["analysis"]["end"]) - analysis_start).days
    authors = iter(citizens[: totals["ideas_online"]])
    associations = sorted({w.organiser for w in workshops.values()}, key=lambda a: a.slug)

    # 1. Every idea of every theme: the online ones, then the workshop's.
    by_theme: dict[int, list[Idea]] = {}
    for number, theme in sorted(themes.items()):
        ideas = by_theme[number] = []
        for _i in range(data["ideas_online_by_theme"].get(str(number), 0)):
            day = collection_start + timedelta(days=rng.randint(0, collection_days))
            ideas.append(
                _idea(
                    plan,
                    theme,
                    len(ideas),
                    source=Idea.Source.PORTAL,
                    author=next(authors),
                    association=associations[len(ideas) % len(associations)] if len(ideas) % 9 == 4 else None,
                    created_at=_at(day, rng.randint(8, 22), rng.randint(0, 59)),
                )
            )
        for w in data["workshops"]:
            if w["theme"] == number:
                workshop = workshops[w["n"]]
                for _i in range(w["ideas"]):
                    ideas.append(
                        _idea(
                            plan,
                            theme,
                            len(ideas),
                            source=Idea.Source.WORKSHOP,
                            workshop=workshop,
                            created_at=workshop.starts_at + timedelta(hours=2, minutes=len(ideas)),
                        )
                    )

    # 2. Outcomes, in the report's proportions in every theme.
    numbers = sorted(by_theme)
    accepted_counts = _apportion(totals["ideas_accepted"], [len(by_theme[n]) for n in numbers])
    integrated_counts = _apportion(totals["ideas_integrated"], accepted_counts)
    retained = {}
    for commitment in commitments:
        if commitment.status == Commitment.Status.ADOPTED:
            retained.setdefault(commitment.theme.number, []).append(commitment)

    def when(first: int, last: int) -> datetime:
        return _at(analysis_start + timedelta(days=rng.randint(first, last)), rng.randint(9, 17))

    moves = []  # (idea, from, to, date, fields)
    sent_to, integrated_into = [], []
    rejected = 0
    for number, accepted_count, integrated_count in zip(
        numbers, accepted_counts, integrated_counts, strict=True
    ):
        ideas = by_theme[number]
        accepted = sorted(rng.sample(range(len(ideas)), accepted_count))
        integrated = set(rng.sample(accepted, integrated_count))
        routing = [institutions[name] for name in ROUTING[number]]
        for index, idea in enumerate(ideas):
            lang = idea.language
            screened = when(4, 29)
            if index not in accepted:
                reason = REJECTIONS[rejected % len(REJECTIONS)]
                rejected += 1
                if reason == R.DUPLICATE and not accepted:
                    reason = R.NOT_PRECISE  # nothing accepted in this theme to be a duplicate of
                fields = {"reason": reason, "explanation": EXPLANATIONS[reason][lang]}
                if reason == R.DUPLICATE:
                    fields["duplicate_of"] = ideas[accepted[0]]
                moves.append((idea, S.SUBMITTED, S.NOT_ACCEPTED, screened, fields))
                continue
            targets = [routing[index % len(routing)]]
            if index % 4 == 0 and institutions[REFORM] not in targets:
                targets.append(institutions[REFORM])
            names = ", ".join(t.name_ar if lang == "ar" else t.name_fr for t in targets)
            sent = when(30, 49)
            decided = when(70, analysis_days - 2)
            moves.append((idea, S.SUBMITTED, S.ACCEPTED, screened, {}))
            moves.append((idea, S.ACCEPTED, S.SENT, sent, {"explanation": names}))
            sent_to += [(idea, target) for target in targets]
            if index in integrated:
                commitment = retained[number][index % len(retained[number])]
                title = commitment.title_ar if lang == "ar" else commitment.title_fr
                moves.append(
                    (idea, S.SENT, S.INTEGRATED, decided, {"explanation": f"{commitment.number}. {title}"})
                )
                integrated_into.append((idea, commitment))
            else:
                explanation = NOT_INTEGRATED[index % len(NOT_INTEGRATED)][lang]
                moves.append((idea, S.SENT, S.NOT_INTEGRATED, decided, {"explanation": explanation}))
    for idea, _from, to, at, _fields in moves:  # in order: the last move is the status
        idea.status, idea.status_changed_at = to, at

    # 3. Write everything at once.
    all_ideas = [idea for n in numbers for idea in by_theme[n]]
    Idea.objects.bulk_create(all_ideas)
    IdeaEvent.objects.bulk_create(
        IdeaEvent(idea=idea, actor=admin, from_status=old, to_status=new, created_at=at, **fields)
        for idea, old, new, at, fields in moves
    )
    Idea.sent_to.through.objects.bulk_create(
        Idea.sent_to.through(idea_id=idea.pk, institution_id=institution.pk) for idea, institution in sent_to
    )
    Idea.commitments.through.objects.bulk_create(
        Idea.commitments.through(idea_id=idea.pk, commitment_id=commitment.pk)
        for idea, commitment in integrated_into
    )
    _interactions(all_ideas, citizens, totals["ideas_online"], _at(_day(timeline["collection"]["end"]), 20))


def _interactions(ideas: list[Idea], citizens: list[User], authors: int, closing: datetime) -> None:
    """Supports and comments: every citizen after the authors supports or
    comments at least once (they are the online participants who did not
    propose); authors support a neighbour's idea too."""
    online = [idea for idea in ideas if idea.source == Idea.Source.PORTAL]
    supports, comments = [], []

    def at(idea: Idea, hours: int) -> datetime:
        return min(idea.created_at + timedelta(hours=hours), closing)

    for k, user in enumerate(citizens[authors:]):
        for offset in (0, 3):
            idea = online[(k * 7 + offset) % len(online)]
            supports.append(Support(idea=idea, user=user, created_at=at(idea, 5 + k)))
        if k % 3 == 0:
            idea = online[(k * 11 + 1) % len(online)]
            _lang, body = COMMENTS[k % len(COMMENTS)]
            comments.append(Comment(idea=idea, author=user, body=body, created_at=at(idea, 8 + k)))
    for i, user in enumerate(citizens[:authors]):
        idea = online[(i * 37 + 11) % len(online)]
        if idea.author_id != user.pk:
            supports.append(Support(idea=idea, user=user, created_at=at(idea, 12)))
    Support.objects.bulk_create(supports, ignore_conflicts=True)
    Comment.objects.bulk_create(comments)


# ---------------------------------------------------------------------------
# A commune whose plan is collecting ideas today

# fmt: off
COMMUNE_THEMES = [
    ("المشاركة المواطنة", "Participation citoyenne", "Citizen participation"),
    ("شفافية الميزانية الجماعية", "Transparence du budget communal", "Transparency of the municipal budget"),
    ("الخدمات الجماعية الرقمية", "Services communaux numériques", "Digital municipal services"),
    ("البيئة وجودة الحياة", "Environnement et cadre de vie", "Environment and quality of life"),
]
COMMUNE_INSTITUTIONS = [
    ("direction-generale-des-services", "المديرية العامة للمصالح", "Direction générale des services",
     "General Directorate of Services", [1, 3]),
    ("division-des-affaires-financieres", "قسم الشؤون المالية", "Division des affaires financières",
     "Financial Affairs Division", [2]),
    ("division-urbanisme-environnement", "قسم التعمير والبيئة",
     "Division de l'urbanisme et de l'environnement", "Urban Planning and Environment Division", [4]),
]
# theme, citizen, language, title, problem, solution, expected results
COMMUNE_IDEAS = [
    (1, 1, "ar", "نشر محاضر دورات المجلس الجماعي", "محاضر الدورات لا تنشر إلا بعد مدة طويلة.",
     "نشر المحاضر والقرارات على موقع الجماعة خلال أسبوع من كل دورة.", "تتبع أفضل لقرارات المجلس."),
    (4, 2, "fr", "Plus de poubelles dans la médina", "Les ruelles de la médina manquent de poubelles.",
     "Installer des poubelles tous les cent mètres.", "Une médina plus propre."),
    (2, 3, "fr", "Budget citoyen de la commune", "Le budget de la commune est difficile à comprendre.",
     "Publier chaque année un budget citoyen illustré, en arabe et en français.",
     "Des habitants qui savent comment l'argent public est dépensé."),
    (3, 4, "ar", "تطبيق للتبليغ عن أعطاب الإنارة العمومية", "أعطاب الإنارة تبقى أسابيع دون إصلاح.",
     "تطبيق بسيط للتبليغ مع تتبع آجال الإصلاح.", "أحياء آمنة ومضاءة."),
    (3, 5, "ar", "بوابة لتتبع رخص البناء", "طالبو الرخص لا يعرفون مآل ملفاتهم.",
     "بوابة إلكترونية لتتبع ملفات رخص البناء ونشر آجالها.", "شفافية وتقليص للآجال."),
    (1, 6, "ar", "لقاءات مفتوحة مع المنتخبين في الأحياء", "قلة التواصل المباشر بين المنتخبين والساكنة.",
     "تنظيم لقاء مفتوح كل ثلاثة أشهر في كل مقاطعة.", "ثقة أكبر ومشاركة أوسع."),
]
# fmt: on


def _commune(citizens: list[User], admin: User) -> tuple[Member, Plan]:
    today = timezone.localdate()
    commune, _created = Member.objects.update_or_create(
        slug=COMMUNE_SLUG,
        defaults={
            "kind": Member.Kind.COMMUNE,
            "name_ar": "جماعة تطوان",
            "name_fr": "Commune de Tétouan",
            "name_en": "Commune of Tetouan",
        },
    )
    # get_or_create, not update: the period and the timeline are those of the
    # day of the first load, and a later load must not move them.
    plan, _created = Plan.objects.get_or_create(
        slug=COMMUNE_PLAN_SLUG,
        defaults={
            "member": commune,
            "number": 1,
            "title_ar": "خطة العمل المحلية للحكومة المنفتحة لجماعة تطوان",
            "title_fr": "Plan d'action local pour un gouvernement ouvert de la Commune de Tétouan",
            "title_en": "Tetouan local open government action plan",
            "start_year": today.year,
            "end_year": today.year + 3,
            "status": Plan.Status.COCREATION,
            "timeline_published_on": today - timedelta(days=60),
            "summary_ar": "خطة للعرض: مجموعة الأفكار مفتوحة، يمكنكم التسجيل واقتراح فكرة.",
            "summary_fr": "Plan de démonstration : la collecte d'idées est ouverte, inscrivez-vous pour "
            "proposer une idée.",
            "summary_en": "A demonstration plan: the collection of ideas is open, sign up to propose one.",
        },
    )
    timeline = {
        "themes": (-40, -11),
        "collection": (-10, 20),
        "analysis": (21, 50),
        "drafting": (51, 80),
        "consultation": (81, 108),
    }
    for kind, (start, end) in timeline.items():
        Phase.objects.get_or_create(
            plan=plan,
            kind=kind,
            defaults={"start": today + timedelta(days=start), "end": today + timedelta(days=end)},
        )
    themes = {}
    for number, (name_ar, name_fr, name_en) in enumerate(COMMUNE_THEMES, start=1):
        themes[number], _created = Theme.objects.update_or_create(
            plan=plan, number=number, defaults={"name_ar": name_ar, "name_fr": name_fr, "name_en": name_en}
        )
    for slug, name_ar, name_fr, name_en, theme_numbers in COMMUNE_INSTITUTIONS:
        institution, _created = Institution.objects.update_or_create(
            member=commune, slug=slug, defaults={"name_ar": name_ar, "name_fr": name_fr, "name_en": name_en}
        )
        for number in theme_numbers:
            themes[number].institutions.add(institution)
    if not plan.ideas.exists():
        _commune_ideas(plan, themes, citizens, admin)
    return commune, plan


def _commune_ideas(plan: Plan, themes: dict[int, Theme], citizens: list[User], admin: User) -> None:
    """One accepted, one not accepted, the others waiting: something to screen."""
    now = timezone.now()
    ideas = [
        Idea(
            plan=plan,
            theme=themes[theme],
            author=citizens[citizen - 1],
            title=title,
            problem=problem,
            solution=solution,
            expected_results=results,
            language=language,
            search_config="arabic" if language == "ar" else "french",
            created_at=now - timedelta(days=9 - i, hours=3),
            status_changed_at=now - timedelta(days=9 - i, hours=3),
        )
        for i, (theme, citizen, language, title, problem, solution, results) in enumerate(COMMUNE_IDEAS)
    ]
    screened = now - timedelta(hours=20)
    ideas[0].status, ideas[0].status_changed_at = S.ACCEPTED, screened
    ideas[1].status, ideas[1].status_changed_at = S.NOT_ACCEPTED, screened
    Idea.objects.bulk_create(ideas)
    IdeaEvent.objects.bulk_create(
        [
            IdeaEvent(
                idea=ideas[0], actor=admin, from_status=S.SUBMITTED, to_status=S.ACCEPTED, created_at=screened
            ),
            IdeaEvent(
                idea=ideas[1],
                actor=admin,
                from_status=S.SUBMITTED,
                to_status=S.NOT_ACCEPTED,
                created_at=screened,
                reason=R.NOT_OPENNESS,
                explanation="La propreté relève du service de gestion des déchets : votre demande lui a été "
                "transmise. Elle ne concerne pas la transparence, la participation ou la redevabilité.",
            ),
        ]
    )
    Support.objects.bulk_create(
        [Support(idea=ideas[0], user=citizens[k], created_at=screened) for k in (6, 7, 8)]
        + [Support(idea=ideas[2], user=citizens[9], created_at=screened)]
    )
