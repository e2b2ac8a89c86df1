"""The 232 ideas of the 2021–2023 plan with their whole screening history
(events, institutions they were sent to, commitments they went into), and the
supports and comments of the online participants.

Rows are bulk-created, never through the screening functions: demo data sends
no email and fires no signal."""

import random
from datetime import datetime, timedelta

from commitments.models import Commitment
from core.models import User
from ideas.models import Comment, Idea, IdeaEvent, Support
from plans.models import Institution, Plan, Theme
from workshops.models import Workshop

from . import at, day
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

S = Idea.Status
R = IdeaEvent.Reason

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


def apportion(total: int, weights: list[int]) -> list[int]:
    """Splits `total` in proportion to `weights`, in whole numbers adding up to
    `total` (largest remainders get the units left over)."""
    whole = sum(weights)
    shares = [total * w // whole for w in weights]
    by_remainder = sorted(range(len(weights)), key=lambda i: (-(total * weights[i] % whole), i))
    for i in by_remainder[: total - sum(shares)]:
        shares[i] += 1
    return shares


def new_idea(plan: Plan, theme: Theme, index: int, **fields) -> Idea:
    """An unsaved idea of `theme`, its text chosen by `index`."""
    texts = IDEA_TEXTS[theme.number]
    language, title, problem, solution, results = texts[index % len(texts)]
    city_ar, city_fr = CITIES[(index // len(texts) + theme.number) % len(CITIES)]
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


class Screening:
    """The screening of new ideas: each move sets the idea's status and is
    kept, with the institutions and commitments it names, until `save()`
    writes them all in bulk once the ideas have their ids."""

    def __init__(self, admin: User):
        self.admin = admin
        self.events: list[IdeaEvent] = []
        self.sent_to: list[tuple[Idea, Institution]] = []
        self.integrated_into: list[tuple[Idea, Commitment]] = []

    def _move(self, idea: Idea, to: str, when: datetime, **fields) -> None:
        self.events.append(
            IdeaEvent(
                idea=idea, actor=self.admin, from_status=idea.status, to_status=to, created_at=when, **fields
            )
        )
        idea.status, idea.status_changed_at = to, when

    def reject(self, idea: Idea, when: datetime, reason: str, duplicate_of: Idea | None = None) -> None:
        explanation = EXPLANATIONS[reason][idea.language]
        self._move(
            idea, S.NOT_ACCEPTED, when, reason=reason, explanation=explanation, duplicate_of=duplicate_of
        )

    def accept(self, idea: Idea, when: datetime) -> None:
        self._move(idea, S.ACCEPTED, when)

    def send(self, idea: Idea, when: datetime, institutions: list[Institution]) -> None:
        # Named from the idea's links, in each reader's language (ideas.screening).
        self._move(idea, S.SENT, when)
        self.sent_to += [(idea, institution) for institution in institutions]

    def integrate(self, idea: Idea, when: datetime, commitment: Commitment) -> None:
        self._move(idea, S.INTEGRATED, when)
        self.integrated_into.append((idea, commitment))

    def not_integrate(self, idea: Idea, when: datetime, explanation: str) -> None:
        self._move(idea, S.NOT_INTEGRATED, when, explanation=explanation)

    def save(self, batch_size: int = 2000) -> None:
        # The events were built before their ideas had ids: bulk_create reads them now.
        IdeaEvent.objects.bulk_create(self.events, batch_size=batch_size)
        Idea.sent_to.through.objects.bulk_create(
            [Idea.sent_to.through(idea_id=idea.pk, institution_id=inst.pk) for idea, inst in self.sent_to],
            batch_size=batch_size,
        )
        Idea.commitments.through.objects.bulk_create(
            [
                Idea.commitments.through(idea_id=idea.pk, commitment_id=commitment.pk)
                for idea, commitment in self.integrated_into
            ],
            batch_size=batch_size,
        )


def national_ideas(
    plan: Plan,
    data: dict,
    themes: dict[int, Theme],
    workshops: dict[int, Workshop],
    institutions: dict[str, Institution],
    commitments: list[Commitment],
    citizens: list[User],
    admin: User,
) -> None:
    """The 232 ideas with the report's figures, each with its screening history."""
    totals = data["totals"]
    if totals["ideas_accepted"] + totals["ideas_not_accepted"] != totals["ideas_total"] or (
        totals["ideas_integrated"] + totals["ideas_not_integrated"] != totals["ideas_accepted"]
    ):
        raise ValueError("The fixture's funnel does not add up.")
    rng = random.Random(2021)  # the same demo on every machine
    timeline = {step["phase"]: step for step in data["timeline"]}
    collection_start = day(timeline["collection"]["start"])
    collection_days = (day(timeline["collection"]["end"]) - collection_start).days
    analysis_start = day(timeline["analysis"]["start"])
    analysis_days = (day(timeline["analysis"]["end"]) - analysis_start).days
    authors = iter(citizens[: totals["ideas_online"]])
    associations = sorted({w.organiser for w in workshops.values()}, key=lambda a: a.slug)

    # 1. Every idea of every theme: the online ones, then the workshop's.
    by_theme: dict[int, list[Idea]] = {}
    for number, theme in sorted(themes.items()):
        ideas = by_theme[number] = []
        for _i in range(data["ideas_online_by_theme"].get(str(number), 0)):
            when = collection_start + timedelta(days=rng.randint(0, collection_days))
            ideas.append(
                new_idea(
                    plan,
                    theme,
                    len(ideas),
                    source=Idea.Source.PORTAL,
                    author=next(authors),
                    association=associations[len(ideas) % len(associations)] if len(ideas) % 9 == 4 else None,
                    created_at=at(when, rng.randint(8, 22), rng.randint(0, 59)),
                )
            )
        for w in data["workshops"]:
            if w["theme"] == number:
                workshop = workshops[w["n"]]
                for _i in range(w["ideas"]):
                    ideas.append(
                        new_idea(
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
    accepted_counts = apportion(totals["ideas_accepted"], [len(by_theme[n]) for n in numbers])
    integrated_counts = apportion(totals["ideas_integrated"], accepted_counts)
    retained = {}
    for commitment in commitments:
        if commitment.status == Commitment.Status.ADOPTED:
            retained.setdefault(commitment.theme.number, []).append(commitment)

    def when(first: int, last: int) -> datetime:
        return at(analysis_start + timedelta(days=rng.randint(first, last)), rng.randint(9, 17))

    screening = Screening(admin)
    rejected = 0
    for number, accepted_count, integrated_count in zip(
        numbers, accepted_counts, integrated_counts, strict=True
    ):
        ideas = by_theme[number]
        accepted = sorted(rng.sample(range(len(ideas)), accepted_count))
        integrated = set(rng.sample(accepted, integrated_count))
        routing = [institutions[name] for name in ROUTING[number]]
        for index, idea in enumerate(ideas):
            screened = when(4, 29)
            if index not in accepted:
                reason = REJECTIONS[rejected % len(REJECTIONS)]
                rejected += 1
                if reason == R.DUPLICATE and not accepted:
                    reason = R.NOT_PRECISE  # nothing accepted in this theme to be a duplicate of
                duplicate_of = ideas[accepted[0]] if reason == R.DUPLICATE else None
                screening.reject(idea, screened, reason, duplicate_of)
                continue
            targets = [routing[index % len(routing)]]
            if index % 4 == 0 and institutions[REFORM] not in targets:
                targets.append(institutions[REFORM])
            sent = when(30, 49)
            decided = when(70, analysis_days - 2)
            screening.accept(idea, screened)
            screening.send(idea, sent, targets)
            if index in integrated:
                screening.integrate(idea, decided, retained[number][index % len(retained[number])])
            else:
                screening.not_integrate(
                    idea, decided, NOT_INTEGRATED[index % len(NOT_INTEGRATED)][idea.language]
                )

    # 3. Write everything at once.
    all_ideas = [idea for n in numbers for idea in by_theme[n]]
    Idea.objects.bulk_create(all_ideas)
    screening.save()
    interactions(all_ideas, citizens, totals["ideas_online"], at(day(timeline["collection"]["end"]), 20))


def interactions(ideas: list[Idea], citizens: list[User], authors: int, closing: datetime) -> None:
    """Supports and comments: every citizen after the authors supports or
    comments at least once (they are the online participants who did not
    propose); authors support a neighbour's idea too."""
    online = [idea for idea in ideas if idea.source == Idea.Source.PORTAL]
    supports, comments = [], []

    def when(idea: Idea, hours: int) -> datetime:
        return min(idea.created_at + timedelta(hours=hours), closing)

    for k, user in enumerate(citizens[authors:]):
        for offset in (0, 3):
            idea = online[(k * 7 + offset) % len(online)]
            supports.append(Support(idea=idea, user=user, created_at=when(idea, 5 + k)))
        if k % 3 == 0:
            idea = online[(k * 11 + 1) % len(online)]
            _lang, body = COMMENTS[k % len(COMMENTS)]
            comments.append(Comment(idea=idea, author=user, body=body, created_at=when(idea, 8 + k)))
    for i, user in enumerate(citizens[:authors]):
        idea = online[(i * 37 + 11) % len(online)]
        if idea.author_id != user.pk:
            supports.append(Support(idea=idea, user=user, created_at=when(idea, 12)))
    Support.objects.bulk_create(supports, ignore_conflicts=True)
    Comment.objects.bulk_create(comments)
