"""An illustrative current national plan, collecting ideas from the day the
demo is first loaded, with upcoming workshops open for registration: what
the portal's main job looks like the moment it starts. Its title and summary
say, on each of its pages, that it is illustrative; its timeline is relative
to the day of the first load and never moved afterwards."""

from datetime import timedelta

from django.utils import timezone

from plans.models import Association, Institution, Member, Plan, Theme
from workshops.models import Workshop

from . import at, relative_timeline

CURRENT_PLAN_SLUG = "nap3-illustrative"

TITLE = {
    "ar": "خطة العمل الوطنية الثالثة للحكومة المنفتحة (خطة توضيحية)",
    "fr": "Troisième plan d'action national pour un gouvernement ouvert (plan illustratif)",
    "en": "Third national open government action plan (illustrative)",
}
SUMMARY = {
    "ar": "خطة توضيحية للعرض، وليست خطة رسمية: تواريخها محددة انطلاقا من يوم تحميل المعطيات، ومحاورها "
    "مأخوذة من الخطة الثانية. جمع الأفكار مفتوح واللقاءات التشاورية مفتوحة للتسجيل، لتجربة البوابة.",
    "fr": "Plan illustratif de démonstration, et non un plan officiel : ses dates partent du jour du "
    "chargement des données, ses thèmes reprennent ceux du deuxième plan. La collecte d'idées et les "
    "inscriptions aux ateliers sont ouvertes, pour essayer le portail.",
    "en": "An illustrative demonstration plan, not an official one: its dates start from the day the data "
    "was loaded, its themes are those of the second plan. The collection of ideas and the workshops' "
    "registrations are open, to try the portal.",
}
# Days from the first load: the collection runs for six weeks around it.
TIMELINE = {
    "themes": (-50, -21),
    "collection": (-20, 25),
    "analysis": (26, 55),
    "drafting": (56, 85),
    "consultation": (86, 113),
    "adoption": (114, 130),
}
# Of the second plan's themes, those the illustrative plan takes up.
THEMES = (1, 2, 5, 10)
# theme, days from the first load, hour, mode, capacity: two upcoming workshops.
WORKSHOPS = [(5, 9, 10, Workshop.Mode.IN_PERSON, 60), (10, 16, 15, Workshop.Mode.ONLINE, 200)]


def current_national_plan(member: Member, national_themes: dict[int, Theme]) -> Plan:
    today = timezone.localdate()
    plan, _created = Plan.objects.get_or_create(
        slug=CURRENT_PLAN_SLUG,
        defaults={
            "member": member,
            "number": 3,
            **{f"title_{lang}": text for lang, text in TITLE.items()},
            **{f"summary_{lang}": text for lang, text in SUMMARY.items()},
            "start_year": today.year,
            "end_year": today.year + 1,
            "status": Plan.Status.COCREATION,
            "timeline_published_on": today + timedelta(days=TIMELINE["themes"][0] - 10),
        },
    )
    relative_timeline(plan, TIMELINE)
    themes = {}
    for number, source in enumerate(THEMES, start=1):
        national = national_themes[source]
        themes[source], _created = Theme.objects.update_or_create(
            plan=plan,
            number=number,
            defaults={"name_ar": national.name_ar, "name_fr": national.name_fr, "name_en": national.name_en},
        )
        themes[source].institutions.set(national.institutions.all())
    if not plan.workshops.exists():
        _workshops(plan, themes, national_themes, today)
    return plan


def _workshops(plan: Plan, themes: dict[int, Theme], national_themes: dict[int, Theme], today) -> None:
    """Upcoming workshops, open for registration, organised by the association
    that organised the same theme's workshop for the second plan."""
    for number, (source, days, hour, mode, capacity) in enumerate(WORKSHOPS, start=1):
        theme = themes[source]
        organiser: Association = national_themes[source].workshops.get().organiser
        starts_at = at(today + timedelta(days=days), hour=hour)
        online = mode == Workshop.Mode.ONLINE
        workshop = Workshop.objects.create(
            plan=plan,
            theme=theme,
            number=number,
            title_ar=f"لقاء تشاوري موضوعاتي: {theme.name_ar}",
            title_fr=f"Atelier thématique : {theme.name_fr}",
            title_en=f"Thematic workshop: {theme.name_en}",
            organiser=organiser,
            starts_at=starts_at,
            mode=mode,
            place_ar="عن بعد" if online else "الرباط",
            place_fr="À distance" if online else "Rabat",
            place_en="Online" if online else "Rabat",
            online_link="https://meet.jit.si/gouvernement-ouvert-demo" if online else "",
            capacity=capacity,
            registration_opens_at=timezone.now() - timedelta(days=3),
            registration_closes_at=starts_at - timedelta(days=1),
        )
        institutions: list[Institution] = list(theme.institutions.all())
        workshop.institutions.set(institutions)
        workshop.add_standard_programme()
