"""The 24 proposed commitments of the 2021–2023 plan (illustrative titles and
card texts), proposed in April 2021 and adopted or not retained in September,
a few revised after the public consultation, then their implementation (`national_progress`): milestones of
the dataset's institutions, indicators with dated measurements, the progress
their focal points reported and the secretariat validated (through
commitments.lifecycle, so every update and decision has its event and its
line of history, dated inside 2021–2023), one update returned, one awaiting
validation, and civil society's parallel assessment of a few."""

from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from commitments import lifecycle, progress
from commitments.generations import COMMITMENTS as COMMITMENT_PAGES
from commitments.models import (
    Assessment,
    Commitment,
    Evidence,
    Indicator,
    Measurement,
    Milestone,
    ProgressUpdate,
    ProgressUpdateEvent,
)
from core.models import User
from core.permissions import FOCAL_POINTS_GROUP, REPRESENTATIVES_GROUP
from plans.models import Association, Institution, Plan, Theme

from . import at
from .plans import (
    ACCESS,
    BUDGET,
    CIVIL_SOCIETY,
    DGCT,
    DIGITAL,
    EDUCATION,
    ENVIRONMENT,
    JUSTICE,
    PROBITY,
    REFORM,
    SOLIDARITY,
)

# Theme, lead institution, ar, fr, en, retained.
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


# The card's texts, illustrative: built from the title and the theme, in the
# three languages (spec commitments.md, "The card").
CARD = {
    "ar": {
        "summary": "التزام توضيحي من الخطة الوطنية الثانية: {title}.",
        "problem": "خلال اللقاء التشاوري حول محور «{theme}»، أشار المشاركون إلى نقص المعلومات المتاحة "
        "وقنوات المشاركة والتتبع في هذا المجال.",
        "status_quo": "توجد مبادرات متفرقة، لكن المعطيات غير منشورة بشكل منتظم ولا يمكن للمواطنين "
        "تتبع ما يتم إنجازه.",
        "description": "يضع الالتزام «{title}» إطارا وأدوات عملية بشراكة مع المجتمع المدني، مع نشر "
        "منتظم للمعطيات وتتبع علني للتقدم.",
        "contribution": "نشر المعلومات وإشراك الجمعيات في كل مرحلة يجعلان التقدم قابلا للتحقق من طرف "
        "المواطنين.",
        "expected_results": "نصوص ومعطيات منشورة، أدوات رقمية في خدمة المواطنين، وتقارير دورية عن الإنجاز.",
    },
    "fr": {
        "summary": "Engagement illustratif du deuxième plan national : {title}.",
        "problem": "Lors de l'atelier du thème « {theme} », les participants ont relevé le manque "
        "d'informations disponibles et de canaux de participation et de suivi dans ce domaine.",
        "status_quo": "Des initiatives existent, mais les données ne sont pas publiées régulièrement et les "
        "citoyens ne peuvent pas suivre ce qui est réalisé.",
        "description": "L'engagement « {title} » met en place un cadre et des outils concrets, en "
        "partenariat avec la société civile, avec une publication régulière des données et un suivi public "
        "de l'avancement.",
        "contribution": "Publier l'information et associer les associations à chaque étape rend "
        "l'avancement vérifiable par les citoyens.",
        "expected_results": "Textes et données publiés, outils numériques au service des citoyens, rapports "
        "d'avancement périodiques.",
    },
    "en": {
        "summary": "Illustrative commitment of the second national plan: {title}.",
        "problem": "At the workshop on “{theme}”, participants pointed to the lack of available information "
        "and of channels to take part and follow progress in this area.",
        "status_quo": "Initiatives exist, but data are not published regularly and citizens cannot follow "
        "what is done.",
        "description": "The commitment “{title}” sets up a framework and practical tools, with civil "
        "society, publishing data regularly and reporting progress in public.",
        "contribution": "Publishing the information and involving associations at every step makes the "
        "progress verifiable by citizens.",
        "expected_results": "Texts and data published, digital tools serving citizens, periodic progress "
        "reports.",
    },
}
CARD_FIELDS = ("summary", "problem", "status_quo", "description", "contribution", "expected_results")
# The OGP values, by theme: access to information, civic participation,
# public accountability, technology and innovation.
VALUES = {
    1: (False, True, False, True),
    2: (True, True, False, False),
    3: (True, False, False, True),
    4: (True, False, True, True),
    5: (True, True, True, False),
    6: (True, True, False, False),
    7: (False, True, True, True),
    8: (True, True, True, False),
    9: (False, True, True, False),
    10: (True, False, True, True),
}
STARTS_ON, ENDS_ON = date(2021, 10, 1), date(2023, 8, 31)
CONTACT_NAME = "Point focal PGO"
CONTACT_EMAIL = "point-focal-pgo@demo.invalid"


def fields(index: int, themes: dict[int, Theme], institutions: dict[str, Institution]) -> dict:
    """The commitment COMMITMENTS[index] as model fields, its card included."""
    theme, lead, title_ar, title_fr, title_en, retained = COMMITMENTS[index]
    titles = {"ar": title_ar, "fr": title_fr, "en": title_en}
    texts = {
        f"{name}_{lang}": CARD[lang][name].format(
            title=titles[lang], theme=getattr(themes[theme], f"name_{lang}") or themes[theme].name_fr
        )
        for lang in CARD
        for name in CARD_FIELDS
    }
    access, participation, accountability, technology = VALUES[theme]
    return {
        "theme": themes[theme],
        "lead_institution": institutions[lead],
        "title_ar": title_ar,
        "title_fr": title_fr,
        "title_en": title_en,
        "status": Commitment.Status.ADOPTED if retained else Commitment.Status.NOT_RETAINED,
        **texts,
        "access_to_information": access,
        "civic_participation": participation,
        "public_accountability": accountability,
        "technology_and_innovation": technology,
        "starts_on": STARTS_ON,
        "ends_on": ENDS_ON - timedelta(days=61 * (index % 3)),
        "contact_name": CONTACT_NAME,
        "contact_email": CONTACT_EMAIL,
        "contact_institution": institutions[lead].name_fr,
    }


def national_commitments(
    plan: Plan, themes: dict[int, Theme], institutions: dict[str, Institution], admin: User
) -> list[Commitment]:
    commitments = []
    for index in range(len(COMMITMENTS)):
        values = fields(index, themes, institutions)
        commitment = Commitment.objects.filter(plan=plan, number=index + 1).first()
        if commitment is None:
            commitments.append(_proposed_then_decided(plan, index + 1, values, admin))
            continue
        # The status moves on through the life cycle (national_progress): a
        # later load keeps it. The card as adopted: revised, for some.
        del values["status"]
        values.update(_revision(index + 1, commitment.status, values))
        if any(getattr(commitment, name) != value for name, value in values.items()):
            # Saved only when the data changed: a second load writes nothing,
            # not even a line of the card's public history.
            for name, value in values.items():
                setattr(commitment, name, value)
            commitment.save()
        commitments.append(commitment)
    return commitments


def _proposed_then_decided(plan: Plan, number: int, values: dict, admin: User) -> Commitment:
    """A card as it was proposed (the version put to public consultation in
    May 2021), then adopted or not retained in September 2021, the adopted
    cards in REVISED_AFTER_CONSULTATION with their final description: the
    card's history (commitments.history) then shows what changed since the
    consulted version. Each line dated in the demo's past, before the lines
    dated after it (a line dated today would read as the newest change)."""
    decided = values.pop("status")
    revision = _revision(number, decided, values)
    commitment = Commitment(plan=plan, number=number, status=Commitment.Status.PROPOSED, **values)
    commitment._history_date = at(CARD_PROPOSED_ON)
    commitment.save()
    # Decided before the lines dated on the day of adoption (its partner
    # institutions, its milestones); the move's line of history a second
    # after the move, as when a person makes it: the consulted version is the
    # card's last line before the move, the proposed one.
    lifecycle.move(commitment, decided, by=admin)
    _date_events_and_history(commitment, at(CARD_ADOPTED_ON, 9))
    _date_last_history(Commitment, commitment.pk, at(CARD_ADOPTED_ON, 9) + timedelta(seconds=1))
    commitment.status = decided
    if revision:
        for name, value in revision.items():
            setattr(commitment, name, value)
        commitment._history_date = at(CARD_ADOPTED_ON, 9, 30)
        commitment.save()
    return commitment


def _revision(number: int, status: str, proposed: dict) -> dict:
    """The description of a card in REVISED_AFTER_CONSULTATION, once adopted:
    as proposed (`proposed`: the card's fields), with what it gained."""
    if number not in REVISED_AFTER_CONSULTATION or status == Commitment.Status.NOT_RETAINED:
        return {}
    return {
        f"description_{lang}": f"{proposed[f'description_{lang}']} {sentence}"
        for lang, sentence in AFTER_CONSULTATION.items()
    }


# Milestones, illustrative: description and expected output in ar, fr, en.
# fmt: off
MILESTONES = [
    (("إعداد تشخيص للوضع الحالي", "Diagnostic de la situation actuelle",
      "Diagnosis of the current situation"),
     ("تقرير التشخيص منشور", "Rapport de diagnostic publié", "Diagnosis report published")),
    (("صياغة الإطار والأدوات بشراكة مع الجمعيات", "Conception du cadre et des outils avec les associations",
      "Designing the framework and tools with associations"),
     ("مشروع الإطار مصادق عليه", "Projet de cadre validé", "Draft framework approved")),
    (("استشارة عمومية حول المشروع", "Consultation publique sur le projet",
      "Public consultation on the draft"),
     ("تقرير الاستشارة وردود المؤسسة", "Compte rendu de la consultation et réponses de l'institution",
      "Consultation report and the institution's answers")),
    (("إطلاق الخدمة ونشر المعطيات", "Lancement du service et publication des données",
      "Launching the service and publishing the data"),
     ("خدمة أو معطيات متاحة للعموم", "Service ou données accessibles au public",
      "Service or data open to the public")),
    (("تقييم الإنجاز ونشر التقرير النهائي", "Évaluation et publication du rapport final",
      "Evaluation and publication of the final report"),
     ("التقرير النهائي منشور", "Rapport final publié", "Final report published")),
]
# fmt: on
# Which milestones a commitment of 3, 4 or 5 has.
MILESTONE_SETS = {3: (0, 1, 3), 4: (0, 1, 2, 3), 5: (0, 1, 2, 3, 4)}

# How far each adopted commitment got, in turn: the dashboard shows every case.
PROFILES = ("complete", "advanced", "middle", "late", "advanced", "stalled")
ST = Milestone.Status

UPDATE_TEXTS = {
    "fr": {
        ST.DONE: "Étape achevée : le livrable est publié et partagé avec le comité de pilotage.",
        ST.IN_PROGRESS: "Travaux en cours, avec des réunions de suivi avec les associations partenaires.",
        ST.DELAYED: "Retard : le marché de prestation a été relancé, une nouvelle échéance sera fixée.",
        ST.CANCELLED: "Activité abandonnée, remplacée par une autre décidée en comité de pilotage.",
    },
    "ar": {
        ST.DONE: "أنجزت المرحلة: نشر المخرج وتقاسمه مع لجنة الإشراف.",
        ST.IN_PROGRESS: "الأشغال جارية، مع اجتماعات تتبع مع الجمعيات الشريكة.",
        ST.DELAYED: "تأخر: أعيد إطلاق صفقة الخدمات وسيحدد أجل جديد.",
        ST.CANCELLED: "ألغي النشاط وعوض بنشاط آخر قررته لجنة الإشراف.",
    },
}
RETURN_REASON = (
    "Le rapport annonce 50 % sans pièce justificative : merci de joindre le compte rendu de la réunion."
)
EVIDENCE_URL = "https://www.gouvernement-ouvert.ma/"
MEASUREMENT_SOURCE = "Rapport d'avancement de l'institution (illustratif)"
# Indicators: (ar, fr, en), kind, unit.
OUTPUT_INDICATOR = (
    (
        "عدد الوثائق والمعطيات المنشورة",
        "Nombre de documents et jeux de données publiés",
        "Number of documents and datasets published",
    ),
    Indicator.Kind.OUTPUT,
    "",
)
OUTCOME_INDICATOR = (
    (
        "نسبة المرتفقين المستجوبين الذين يعرفون الخدمة",
        "Part des usagers interrogés connaissant le dispositif",
        "Share of surveyed users aware of the service",
    ),
    Indicator.Kind.OUTCOME,
    "%",
)
BASELINE_ON = date(2021, 9, 30)
# Proposed at the end of the drafting phase, put to public consultation in
# May 2021 (demo.builders.consultations), adopted in September.
CARD_PROPOSED_ON = date(2021, 4, 30)
CARD_ADOPTED_ON = date(2021, 9, 15)
# The cards whose final version took in a comment of the consultation
# ("taken into account": demo.builders.consultations checks it), and what
# their description gained.
REVISED_AFTER_CONSULTATION = frozenset({1, 2, 4, 5, 6, 7, 9, 11, 17, 21, 22, 24})
AFTER_CONSULTATION = {
    "ar": "تدمج الصيغة النهائية للالتزام ملاحظات الاستشارة العمومية حول مشروع الخطة (ماي 2021).",
    "fr": "La version finale de l'engagement intègre des observations de la consultation publique sur le "
    "projet de plan (mai 2021).",
    "en": "The commitment's final version takes in comments from the public consultation on the draft plan "
    "(May 2021).",
}
# Civil society's parallel assessment: association (French name), commitment
# numbers, and how much lower than the official figure it rates them.
ASSESSMENTS = [
    ("Transparency Maroc", (11, 12, 16, 17), 30),
    ("Mouvement Alternatives Citoyennes", (2, 3, 20), 20),
]
ASSESSED_ON = date(2023, 10, 16)
ASSESSMENT_TEXTS = {
    "not_started": "Aucune réalisation vérifiable à ce jour.",
    "limited": "Des réunions ont eu lieu, mais peu de livrables sont publics et vérifiables.",
    "substantial": "L'essentiel des livrables est public ; le suivi avec la société civile reste irrégulier.",
    "complete": "Livrables publics et vérifiables, la société civile a été associée à chaque étape.",
}


def targets(profile: str, count: int, special: str = "") -> list[tuple[str, int]]:
    """The (status, completion) each milestone of a commitment reaches."""
    if profile == "complete":
        result = [(ST.DONE, 100)] * count
    elif profile == "advanced":
        result = [(ST.DONE, 100)] * (count - 1) + [(ST.IN_PROGRESS, 60)]
    elif profile == "middle":
        half = count // 2
        result = [(ST.DONE, 100)] * half + [(ST.IN_PROGRESS, 40)] + [(ST.NOT_STARTED, 0)] * (count - half - 1)
    elif profile == "late":
        result = [(ST.DONE, 100), (ST.DELAYED, 20)] + [(ST.NOT_STARTED, 0)] * (count - 2)
    else:  # stalled
        result = [(ST.IN_PROGRESS, 30)] + [(ST.NOT_STARTED, 0)] * (count - 1)
    if special == "cancelled":
        result[-1] = (ST.CANCELLED, 0)
    return result


def steps(status: str, completion: int, first: bool) -> list[tuple[str, int]]:
    """The validated updates that bring a milestone to (status, completion):
    one, or two for a commitment's first milestone (a report half-way)."""
    if status == ST.NOT_STARTED:
        return []
    if first and status in (ST.DONE, ST.DELAYED):
        return [(ST.IN_PROGRESS, completion // 2 or 10), (status, completion)]
    return [(status, completion)]


def staff_user(email: str, name: str, group_name: str) -> User:
    """A demo staff account nobody can sign in as (unusable password)."""
    user, created = User.objects.get_or_create(
        email=email,
        defaults={"display_name": name, "language": "fr", "password": make_password(None), "is_staff": True},
    )
    if created and (group := Group.objects.filter(name=group_name).first()):
        user.groups.add(group)
    return user


def focal_point(institution: Institution) -> User:
    user = staff_user(
        f"point-focal-{institution.slug[:40]}@demo.invalid",
        f"Point focal PGO · {institution.acronym or institution.name_fr[:60]}",
        FOCAL_POINTS_GROUP,
    )
    institution.focal_points.add(user)
    return user


def _date_last_history(model, pk: int, when) -> None:
    """The newest line of a row's history dated `when` (the demo's past)."""
    last = model.history.filter(id=pk).order_by("-history_id").values_list("history_id", flat=True).first()
    if last is not None:
        model.history.filter(history_id=last).update(history_date=when)


def span(start: date, end: date, part: int, parts: int) -> tuple[date, date]:
    length = (end - start).days
    return start + timedelta(days=length * part // parts), start + timedelta(
        days=length * (part + 1) // parts - 1
    )


def national_progress(
    plan: Plan,
    commitments: list[Commitment],
    associations: dict[str, Association],
    admin: User,
) -> None:
    """The implementation of the adopted commitments, built once per
    commitment (one that already has milestones is left as it is)."""
    adopted = [c for c in commitments if c.status != Commitment.Status.NOT_RETAINED]
    built = False
    for k, commitment in enumerate(adopted):
        if commitment.milestones.exists():
            continue
        built = True
        special = {1: "cancelled", 2: "weighted", 3: "returned", 5: "pending"}.get(k, "")
        _implementation(commitment, k, PROFILES[k % len(PROFILES)], special, admin)
    for name_fr, numbers, lower_by in ASSESSMENTS:
        association = associations[name_fr]
        author = staff_user(
            f"representant-{association.slug[:40]}@demo.invalid",
            f"{association.name_fr} (représentant)",
            REPRESENTATIVES_GROUP,
        )
        association.representatives.add(author)
        for commitment in commitments:
            if (
                commitment.number not in numbers
                or commitment.assessments.filter(association=association).exists()
            ):
                continue
            official = progress.completion(commitment.milestones.all()) or 0
            rating = progress.level(max(0, official - lower_by))
            assessment = Assessment(
                commitment=commitment,
                association=association,
                author=author,
                rating=rating,
                text=ASSESSMENT_TEXTS[rating],
            )
            assessment._history_date = at(ASSESSED_ON, 11)
            assessment.save()
            Assessment.objects.filter(pk=assessment.pk).update(updated_at=at(ASSESSED_ON, 11))
            built = True
    if built:
        # Dates set with .update() above: the cached pages are recomputed.
        COMMITMENT_PAGES.bump([plan.pk])


def _implementation(commitment: Commitment, k: int, profile: str, special: str, admin: User) -> None:
    lead = commitment.lead_institution
    others = [i for i in commitment.theme.institutions.all() if i.pk != lead.pk]
    if others:
        commitment.involved_institutions.set(others[:2])
        _date_last_history(Commitment, commitment.pk, at(CARD_ADOPTED_ON))
    count = 3 + k % 3
    start, end = commitment.starts_on, commitment.ends_on
    milestones = []
    for position, template in enumerate(MILESTONE_SETS[count]):
        (description, output), (starts_on, ends_on) = MILESTONES[template], span(start, end, position, count)
        # The consultation is the partner institution's when there is one.
        responsible = others[0] if template == 2 and others else lead
        milestone = Milestone(
            commitment=commitment,
            position=position + 1,
            responsible_institution=responsible,
            starts_on=starts_on,
            ends_on=ends_on,
            weight=2 if special == "weighted" and position == 0 else None,
            **{
                f"description_{lang}": text
                for lang, text in zip(("ar", "fr", "en"), description, strict=True)
            },
            **{
                f"expected_output_{lang}": text for lang, text in zip(("ar", "fr", "en"), output, strict=True)
            },
        )
        milestone._history_date = at(CARD_ADOPTED_ON)
        milestone.save()
        milestones.append(milestone)

    indicators = []
    for position, ((names, kind, unit), baseline, target) in enumerate(
        [(OUTPUT_INDICATOR, 0, 5 + 5 * (k % 4))]
        + ([(OUTCOME_INDICATOR, 10 + 5 * (k % 3), 50 + 5 * (k % 3))] if k % 2 == 0 else [])
    ):
        indicator = Indicator(
            commitment=commitment,
            position=position + 1,
            kind=kind,
            unit=unit,
            baseline_value=Decimal(baseline),
            baseline_on=BASELINE_ON,
            target_value=Decimal(target),
            target_on=end,
            **{f"name_{lang}": text for lang, text in zip(("ar", "fr", "en"), names, strict=True)},
        )
        indicator._history_date = at(CARD_ADOPTED_ON)
        indicator.save()
        indicators.append(indicator)

    lifecycle.move(commitment, Commitment.Status.IN_IMPLEMENTATION, by=admin)
    _date_events_and_history(commitment, at(start))

    language = "fr" if k % 2 == 0 else "ar"
    reached = targets(profile, count, "cancelled" if special == "cancelled" else "")
    for milestone, (status, completion) in zip(milestones, reached, strict=True):
        author = focal_point(milestone.responsible_institution)
        moves = steps(status, completion, first=milestone is milestones[0])
        for j, (step_status, step_completion) in enumerate(moves):
            when = milestone.starts_on + (milestone.ends_on - milestone.starts_on) * (j + 1) // (
                len(moves) + 1
            )
            milestone.status, milestone.completion = step_status, step_completion
            done = progress.completion(milestones) or 0
            measurements = [
                Measurement(
                    indicator=indicator,
                    measured_on=when,
                    value=_between(indicator, done),
                    source=MEASUREMENT_SOURCE,
                )
                for indicator in indicators
                if indicator.kind == Indicator.Kind.OUTPUT or step_status == ST.DONE
            ]
            evidence = (
                [Evidence(title=f"Livrable : {milestone.expected_output_fr}", url=EVIDENCE_URL)]
                if step_status == ST.DONE
                else []
            )
            for row in (*measurements, *evidence):
                row._history_date = at(when, 9)
            update = lifecycle.submit_update(
                milestone,
                by=author,
                status=step_status,
                completion=step_completion,
                text=UPDATE_TEXTS[language][step_status],
                measurements=measurements,
                evidence=evidence,
            )
            lifecycle.validate(update, by=admin)
            _date_update(update, at(when, 9), at(when + timedelta(days=3), 15))
            _date_last_history(Milestone, milestone.pk, at(when + timedelta(days=3), 15))

    if profile == "complete":
        lifecycle.move(commitment, Commitment.Status.COMPLETED, by=admin)
        _date_events_and_history(commitment, at(end + timedelta(days=30)))
    if special in ("returned", "pending"):
        # A report the secretariat sent back (nothing public changed), or
        # one still awaiting its decision.
        milestone = next(m for m in milestones if m.status != ST.DONE)
        when = min(milestone.ends_on + timedelta(days=20), date(2023, 11, 30))
        update = lifecycle.submit_update(
            milestone,
            by=focal_point(milestone.responsible_institution),
            status=ST.IN_PROGRESS,
            completion=50,
            text=UPDATE_TEXTS[language][ST.IN_PROGRESS],
        )
        if special == "returned":
            lifecycle.return_update(update, by=admin, reason=RETURN_REASON)
        _date_update(update, at(when, 9), at(when + timedelta(days=4), 16))


def _between(indicator: Indicator, percent: int) -> Decimal:
    value = indicator.baseline_value + (indicator.target_value - indicator.baseline_value) * percent / 100
    return value.quantize(Decimal("1") if not indicator.unit else Decimal("0.1"))


def _date_update(update: ProgressUpdate, reported, decided) -> None:
    ProgressUpdate.objects.filter(pk=update.pk).update(created_at=reported)
    ProgressUpdateEvent.objects.filter(update=update).update(created_at=decided)


def _date_events_and_history(commitment: Commitment, when) -> None:
    commitment.events.filter(pk__in=commitment.events.order_by("-pk").values("pk")[:1]).update(
        created_at=when
    )
    _date_last_history(Commitment, commitment.pk, when)
