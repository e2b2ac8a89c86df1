"""A commune whose local plan is collecting ideas today, so that a visitor can
try everything: its timeline is set relative to the day of the first load and
never moved afterwards."""

from datetime import timedelta

from django.utils import timezone

from core.models import User
from ideas.models import Idea, IdeaEvent, Support
from plans.models import Association, Institution, Member, Plan, Theme
from workshops.models import Registration, RegistrationEvent, Workshop

from . import at, relative_timeline

COMMUNE_SLUG = "tetouan"
COMMUNE_PLAN_SLUG = "tetouan-local-plan"

S = Idea.Status

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


def commune_plan(citizens: list[User], admin: User) -> tuple[Member, Plan]:
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
            "summary_ar": "خطة للعرض: جمع الأفكار مفتوح، يمكنكم التسجيل واقتراح فكرة.",
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
    relative_timeline(plan, timeline)
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
        _ideas(plan, themes, citizens, admin)
    if not plan.workshops.exists():
        _workshop(plan, themes[2], citizens, admin)
    return commune, plan


# Ten seats open to registration, nine taken: a visitor takes the last one,
# the next visitor goes on the waiting list.
WORKSHOP_SEATS = 12
WORKSHOP_RESERVED = 2
WORKSHOP_TAKEN = 9


def _workshop(plan: Plan, theme: Theme, citizens: list[User], admin: User) -> Workshop:
    """An upcoming workshop of the commune plan, open for registration."""
    organiser, _created = Association.objects.update_or_create(
        name_fr="Association Tétouan Citoyenne",
        defaults={"name_ar": "جمعية تطوان المواطنة", "name_en": "Tetouan Citizens' Association"},
    )
    starts_at = at(timezone.localdate() + timedelta(days=12), hour=17)
    workshop = Workshop.objects.create(
        plan=plan,
        theme=theme,
        number=1,
        title_ar="لقاء تشاوري: ميزانية الجماعة في متناول الجميع",
        title_fr="Atelier : le budget de la commune à la portée de tous",
        title_en="Workshop: the commune's budget within everyone's reach",
        organiser=organiser,
        starts_at=starts_at,
        mode=Workshop.Mode.HYBRID,
        place_ar="قاعة الاجتماعات، مقر جماعة تطوان",
        place_fr="Salle des réunions, siège de la Commune de Tétouan",
        place_en="Meeting room, Tetouan town hall",
        online_link="https://meet.jit.si/tetouan-budget-citoyen",
        capacity=WORKSHOP_SEATS,
        reserved_seats=WORKSHOP_RESERVED,
        registration_opens_at=timezone.now() - timedelta(days=5),
        registration_closes_at=starts_at - timedelta(days=1),
    )
    workshop.institutions.set(theme.institutions.all())
    workshop.add_standard_programme()
    # Demo citizens already registered (no emails: they are not real people).
    now = timezone.now()
    registrations = Registration.objects.bulk_create(
        Registration(
            workshop=workshop,
            user=person,
            name=person.display_name or person.email,
            email=person.email,
            status=Registration.Status.REGISTERED,
            created_at=now - timedelta(days=4, hours=i),
            queued_at=now - timedelta(days=4, hours=i),
        )
        for i, person in enumerate(citizens[:WORKSHOP_TAKEN])
    )
    RegistrationEvent.objects.bulk_create(
        RegistrationEvent(
            registration=registration,
            actor=registration.user,
            from_status=Registration.Status.PENDING,
            to_status=Registration.Status.REGISTERED,
            created_at=registration.created_at,
        )
        for registration in registrations
    )
    return workshop


def _ideas(plan: Plan, themes: dict[int, Theme], citizens: list[User], admin: User) -> None:
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
                reason=IdeaEvent.Reason.NOT_OPENNESS,
                explanation="La propreté relève du service de gestion des déchets : votre demande lui a été "
                "transmise. Elle ne concerne pas la transparence, la participation ou la redevabilité.",
            ),
        ]
    )
    Support.objects.bulk_create(
        [Support(idea=ideas[0], user=citizens[k], created_at=screened) for k in (6, 7, 8)]
        + [Support(idea=ideas[2], user=citizens[9], created_at=screened)]
    )
