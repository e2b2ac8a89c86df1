"""The 2023 selection of the civil-society members of the national steering
committee of the next plan — the illustrative current plan's committee, the
only one of the demo whose term follows 2023 (the 2021–2023 committee sat
from 2019). The first plan's committee, whose term the rotation rule counts,
is demo.builders.committee's.

- The round (committee.selection): the civil society space elects the
  selection committee's civil-society member (three candidates, one vote
  per association, 18 associations voted); five scoring members (civil
  society, private sector, university, two independent bodies) and two
  observers (the ministry in charge, OGP's support unit); the call from
  18 September to 20 October 2023; twelve candidacies: eight complete files
  scored by the five members, two incomplete (each with what is missing),
  a draft that could not be submitted — Transparency Maroc's, refused for a
  third consecutive term (its submission is tried, and refused, when the
  demo is built) — and a draft left unfinished; three seats; two pairs less
  than ten points apart across the line, decided with their reasons
  (expertise keeps the second; geography gives the third seat to the
  fourth, from Drâa-Tafilalet); published on 1 December 2023, the three
  selected becoming the current committee's civil-society members.

Every move goes through committee.selection (the rules hold for the demo
as for anyone), then is dated when it was made in 2023. The people's names
and the files' texts are illustrative; the documents are one-page PDFs
that say so."""

from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone

from committee import selection
from committee.generations import COMMITTEE
from committee.models import (
    CRITERIA,
    GRID,
    Candidacy,
    CandidacyEvent,
    CandidacyFile,
    Committee,
    Membership,
    PairDecision,
    Score,
    SeatCandidate,
    SeatVote,
    SelectionEvent,
    SelectionRound,
    Selector,
    Side,
)
from core.models import User
from plans.models import Association

from .users import demo_users

# The round's dates (2023), and the days its moves were made.
SEATS = 3
VOTE = (date(2023, 9, 4), date(2023, 9, 15))
CALL = (date(2023, 9, 18), date(2023, 10, 20))
ANNOUNCED = (date(2023, 9, 18), 10)
CHECKED = date(2023, 10, 25)
SCORED = date(2023, 11, 10)
DECIDED = (date(2023, 11, 24), 11)
PUBLISHED = (date(2023, 12, 1), 11)
METHOD = {
    "method_ar": "تتحقق الكتابة من اكتمال كل ملف (النظام الأساسي، وآخر تقرير للأنشطة، ووصل الإيداع "
    "القانوني). ينقط كل عضو من أعضاء لجنة الانتقاء الخمسة كل ملف مكتمل وفق الشبكة (100 نقطة)، وتكون نقطة "
    "الترشيح معدل مجموع نقط الأعضاء. تحتل الترشيحات الثلاثة الأولى المقاعد الثلاثة؛ وكل ترشيحين متعادلين "
    "أو يفصل بينهما أقل من 10 نقط على جانبي خط الانتقاء تبت فيهما لجنة الانتقاء مراعية التمثيلية "
    "الجغرافية وتنوع الخبرات، ويُنشر قرارها وتعليله. ينشر كل شيء: الترشيحات، ونقط كل عضو، والمعدلات، "
    "والقرارات.",
    "method_fr": "Le secrétariat vérifie que chaque dossier est complet (statuts, dernier rapport "
    "d'activité, récépissé de dépôt légal). Chacun des cinq membres du comité de sélection note chaque "
    "dossier complet selon la grille (100 points) ; la note d'une candidature est la moyenne des totaux "
    "des membres. Les trois premières candidatures prennent les trois sièges ; deux candidatures à "
    "égalité ou à moins de 10 points de part et d'autre de la ligne de sélection sont départagées par le "
    "comité de sélection, selon la représentation géographique et la diversité des expertises, et sa "
    "décision est publiée avec sa raison. Tout est publié : les candidatures, les points de chaque "
    "membre, les moyennes, les décisions.",
    "method_en": "The secretariat checks that each file is complete (statutes, the latest activity "
    "report, the legal registration receipt). Each of the five members of the selection committee scores "
    "each complete file on the grid (100 points); a candidacy's score is the mean of the members' totals. "
    "The three first candidacies take the three seats; two candidacies tied or less than 10 points apart "
    "across the selection line are decided by the selection committee, on geographic representation and "
    "diversity of expertise, and its decision is published with its reason. Everything is published: the "
    "candidacies, each member's points, the means, the decisions.",
}

# The selection committee's civil-society seat: candidate, their association, votes.
SEAT_CANDIDATES = [
    ("Fatima Zahra Ouali", "Association Éducation à la démocratie (Meknès)", 9),
    ("Karim Tazi", "Cercle des chercheurs en sciences politiques (Salé)", 6),
    ("حسناء الإدريسي", "Association Horizon pour la citoyenneté et le développement (Settat)", 3),
]
# The other members: kind, name, organisation; the scoring ones' language for their comments.
SELECTORS = [
    (Selector.Kind.PRIVATE, "Mehdi Alaoui", "Confédération Générale des Entreprises du Maroc (CGEM)"),
    (Selector.Kind.UNIVERSITY, "Naïma Berrada", "Université Mohammed V de Rabat"),
    (
        Selector.Kind.INDEPENDENT,
        "رشيد الفيلالي",
        "الهيئة الوطنية للنزاهة والوقاية من الرشوة ومحاربتها",
    ),
    (Selector.Kind.INDEPENDENT, "Khadija Benjelloun", "Commission du Droit d'Accès à l'Information (CDAI)"),
    (
        Selector.Kind.MINISTRY,
        "Hassan Bouzidi",
        "Ministère de la Transition Numérique et de la Réforme de l'Administration",
    ),
    (
        Selector.Kind.INTERNATIONAL,
        "Claire Dubois",
        "Unité de soutien du Partenariat pour un Gouvernement Ouvert (OGP)",
    ),
]
# The members who comment in Arabic (the others in French).
ARABIC_COMMENTS = {"Fatima Zahra Ouali", "رشيد الفيلالي"}

# The candidacies: association (French name), person proposed, region, language,
# the facts its answers are written from, the day it was submitted (None: a
# draft), then its file: "complete" with its mean (five members' totals
# around it), or what is missing.
CANDIDACIES = [
    {
        "association": "Espace Associatif",
        "name": "Imane Haddad",
        "region": "Rabat-Salé-Kénitra",
        "lang": "fr",
        "since": "1996",
        "focus": "le plaidoyer pour la démocratie participative et l'accès à l'information",
        "network": "Un réseau de 60 associations membres dans les douze régions, et la coordination des "
        "ateliers thématiques du deuxième plan.",
        "tech": "Une plateforme de pétitions en ligne et des formations aux données ouvertes pour les "
        "associations membres.",
        "commitments": "les engagements 1, 4 et 5",
        "submitted": date(2023, 10, 3),
        "mean": 86.0,
    },
    {
        "association": "Coalition Marocaine pour le Climat et le Développement Durable",
        "name": "Meryem Soussi",
        "region": "Rabat-Salé-Kénitra",
        "lang": "fr",
        "since": "2015",
        "focus": "la transparence des politiques climatiques et environnementales",
        "network": "Plus de 80 organisations membres, dont des associations locales de toutes les régions.",
        "tech": "Un observatoire en ligne des projets climatiques, alimenté par des données ouvertes.",
        "commitments": "les engagements 9 et 10",
        "submitted": date(2023, 10, 11),
        "mean": 78.4,
    },
    {
        "association": "Association Femmes pour la parité (Casablanca)",
        "name": "لبنى بنيس",
        "region": "الدار البيضاء-سطات",
        "lang": "ar",
        "since": "2008",
        "focus": "المشاركة السياسية للنساء وميزانية النوع",
        "network": "شبكة من 25 جمعية نسائية في جهة الدار البيضاء-سطات، وحملات ترافع وطنية.",
        "tech": "دليل رقمي لتتبع ميزانية النوع في الجماعات الترابية.",
        "commitments": "الالتزامين 2 و6",
        "submitted": date(2023, 10, 16),
        "mean": 74.6,
    },
    {
        "association": "Association Jeunes des oasis (Errachidia)",
        "name": "يوسف أوبلا",
        "region": "درعة-تافيلالت",
        "lang": "ar",
        "since": "2012",
        "focus": "مشاركة الشباب في الشأن المحلي بالواحات",
        "network": "فروع في خمسة أقاليم بجهة درعة-تافيلالت، وشراكات مع المجالس الجماعية.",
        "tech": "صفحات تواصل رقمية لتقاسم قرارات المجالس الجماعية مع الساكنة.",
        "commitments": "الالتزامين 3 و8",
        "submitted": date(2023, 10, 19),
        "mean": 71.0,
    },
    {
        "association": "Observatoire de la transparence locale (Oujda)",
        "name": "Hicham Zerouali",
        "region": "Oriental",
        "lang": "fr",
        "since": "2014",
        "focus": "le suivi des budgets des communes de l'Oriental",
        "network": "Des observateurs bénévoles dans huit communes de la région.",
        "tech": "Des tableaux de bord des budgets communaux publiés en ligne.",
        "commitments": "l'engagement 3",
        "submitted": date(2023, 10, 12),
        "mean": 63.2,
    },
    {
        "association": "Association Initiative numérique citoyenne (Rabat)",
        "name": "Sanae Lamrani",
        "region": "Rabat-Salé-Kénitra",
        "lang": "fr",
        "since": "2019",
        "focus": "les services publics numériques et l'inclusion numérique",
        "network": "Des ateliers mensuels avec des étudiants et des associations de quartier.",
        "tech": "Des applications civiques développées avec des bénévoles, en code ouvert.",
        "commitments": "l'engagement 7",
        "submitted": date(2023, 10, 18),
        "mean": 58.8,
    },
    {
        "association": "Association Culture amazighe et citoyenneté (Al Hoceïma)",
        "name": "فاطمة أمزيان",
        "region": "طنجة-تطوان-الحسيمة",
        "lang": "ar",
        "since": "2011",
        "focus": "الحق في المعلومة باللغة الأمازيغية",
        "network": "أنشطة تحسيسية في جماعات إقليم الحسيمة.",
        "tech": "نشر مضامين رقمية باللغة الأمازيغية.",
        "commitments": "الالتزام 1",
        "submitted": date(2023, 10, 20),
        "mean": 52.0,
    },
    {
        "association": "Forum Citoyenneté et gouvernance (Tanger)",
        "name": "Adil Chakiri",
        "region": "Tanger-Tétouan-Al Hoceïma",
        "lang": "fr",
        "since": "2020",
        "focus": "la gouvernance locale à Tanger",
        "network": "Des rencontres trimestrielles avec les élus et les habitants.",
        "tech": "Une page d'information en ligne.",
        "commitments": "l'engagement 3",
        "submitted": date(2023, 10, 20),
        "mean": 47.4,
    },
    {
        "association": "Association de défense des usagers (Laâyoune)",
        "name": "Brahim Ould Sidi",
        "region": "Laâyoune-Sakia El Hamra",
        "lang": "fr",
        "since": "2016",
        "focus": "les droits des usagers des services publics",
        "network": "Une permanence d'écoute des usagers et un réseau de bénévoles à Laâyoune.",
        "tech": "Un formulaire en ligne de signalement des difficultés des usagers.",
        "commitments": "l'engagement 5",
        "submitted": date(2023, 10, 17),
        "missing": "Le rapport d'activité joint est celui de 2021 : celui du dernier exercice (2022) manque. "
        "Joignez-le pour que le dossier soit noté lors d'un prochain appel.",
    },
    {
        "association": "Association des jeunes juristes (Fès)",
        "name": "Reda Fassi",
        "region": "Fès-Meknès",
        "lang": "fr",
        "since": "2017",
        "focus": "l'accès au droit et la transparence judiciaire",
        "network": "Des cliniques juridiques avec les facultés de droit de Fès et de Meknès.",
        "tech": "Une base en ligne de fiches juridiques pratiques.",
        "commitments": "l'engagement 6",
        "submitted": date(2023, 10, 20),
        "missing": "Les statuts joints ne portent ni la date ni le cachet du dépôt auprès des autorités : "
        "la copie déposée est demandée.",
    },
    # Refused at submission for a third consecutive term (the first and second plans' committees).
    {
        "association": "Transparency Maroc",
        "name": "Omar Lahlou",
        "region": "Rabat-Salé-Kénitra",
        "lang": "fr",
        "since": "1996",
        "focus": "la lutte contre la corruption et l'accès à l'information",
        "network": "Des centres d'assistance juridique anti-corruption et un réseau national de militants.",
        "tech": "Un indice de transparence budgétaire publié en données ouvertes.",
        "commitments": "les engagements 1 et 2",
        "submitted": None,
        "tried": date(2023, 10, 9),
    },
    # Left unfinished: two answers and the activity report missing.
    {
        "association": "Association Tétouan Citoyenne",
        "name": "Nabil Ouazzani",
        "region": "Tanger-Tétouan-Al Hoceïma",
        "lang": "fr",
        "since": "2018",
        "focus": "la participation des habitants de Tétouan",
        "network": "",
        "tech": "",
        "commitments": "l'engagement 3",
        "submitted": None,
        "unfinished": True,
    },
]
# The five scoring members' totals around each file's mean (the offsets add up to 0).
OFFSETS = [(3, -2, 1, -4, 2), (-1, 4, -3, 2, -2), (2, 1, -4, 3, -2), (-3, 2, 3, -1, -1)]
COMMENTS = {
    "fr": [
        "Expérience solide et propositions précises pour le suivi et l'évaluation du plan.",
        "Bonne mobilisation ; les propositions pour l'évaluation restent générales.",
        "Expérience réelle mais propositions peu détaillées pour le plan en cours.",
        "Dossier sérieux ; l'usage des technologies est limité.",
    ],
    "ar": [
        "تجربة متينة ومقترحات دقيقة لتتبع الخطة وتقييمها.",
        "تعبئة جيدة؛ تبقى مقترحات التقييم عامة.",
        "تجربة حقيقية لكن المقترحات الخاصة بالخطة الجارية غير مفصلة.",
        "ملف جاد؛ استعمال التكنولوجيات محدود.",
    ],
}
# The decisions on the two close pairs: (above, below) by rank, the rank that
# takes the seat, the reason and the text published.
DECISIONS = [
    (
        2,
        4,
        2,
        PairDecision.Reason.EXPERTISE,
        "تحتفظ لجنة الانتقاء بالائتلاف المغربي من أجل المناخ والتنمية المستدامة: فهو يأتي بخبرة في السياسات "
        "المناخية والبيئية لا تتوفر عليها أي جمعية أخرى من الجمعيات المنتقاة.\n\n"
        "Le comité de sélection maintient la Coalition Marocaine pour le Climat et le Développement Durable "
        ": elle apporte une expertise des politiques climatiques et environnementales qu'aucune autre "
        "association retenue n'a.",
    ),
    (
        3,
        4,
        4,
        PairDecision.Reason.GEOGRAPHY,
        "الجمعيات المرتبة فوق خط الانتقاء تشتغل كلها على محور الرباط-الدار البيضاء، ولن تمثل أي جمعية من "
        "جهة درعة-تافيلالت ولا من الجنوب الشرقي. تمنح لجنة الانتقاء المقعد الثالث لجمعية شباب الواحات "
        "(الرشيدية)، التي يفصلها عن الترشيح الثالث 3.6 نقط.\n\n"
        "Les associations classées au-dessus de la ligne travaillent toutes sur l'axe Rabat-Casablanca : "
        "aucune association du Drâa-Tafilalet ni du sud-est ne siégerait. Le comité de sélection attribue "
        "le troisième siège à l'Association Jeunes des oasis (Errachidia), à 3,6 points de la troisième "
        "candidature.",
    ),
]


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


# The 2023 round.


def _pdf(lines: list[str]) -> bytes:
    """A one-page A4 PDF writing `lines` (Latin text) in Helvetica."""

    def text(line: str) -> str:
        return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    stream = (
        "BT /F1 13 Tf 60 790 Td 20 TL " + " ".join(f"({text(line)}) '" for line in lines) + " ET"
    ).encode("cp1252", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    table = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, table)
    return out


DOCUMENT_TITLES = {
    CandidacyFile.Kind.STATUTES: "Statuts",
    CandidacyFile.Kind.ACTIVITY_REPORT: "Rapport d'activite",
    CandidacyFile.Kind.LEGAL_RECEIPT: "Recepisse de depot legal",
    CandidacyFile.Kind.CV: "CV de la personne proposee",
}


def _document(candidacy: Candidacy, kind: str, uploaded: datetime) -> CandidacyFile:
    lines = [
        DOCUMENT_TITLES[kind],
        candidacy.association.name_fr or candidacy.association.name,
        "",
        "Document illustratif de demonstration : ce n'est pas le document de l'association.",
        "Illustrative demonstration document: not the association's own document.",
    ]
    return CandidacyFile.objects.create(
        candidacy=candidacy,
        kind=kind,
        file=ContentFile(_pdf(lines), name=f"{kind}.pdf"),
        uploaded_at=uploaded,
    )


def _answers(spec: dict) -> dict:
    if spec["lang"] == "ar":
        answers = {
            "experience": f"تشتغل الجمعية منذ {spec['since']} على {spec['focus']}.",
            "mobilising": spec["network"],
            "technology": spec["tech"],
            "implementing": f"تتبع {spec['commitments']} للخطة الجارية وإطلاع جمعيات الجهة على تقدمها.",
            "evaluating": "المساهمة في التقييم الموازي عند منتصف المدة بتقرير بديل يعد مع جمعيات الجهة.",
            "drafting": f"تنظيم لقاءات تشاورية لجمع أفكار الخطة المقبلة في جهة {spec['region']}.",
        }
    else:
        answers = {
            "experience": f"Depuis {spec['since']}, l'association travaille sur {spec['focus']}.",
            "mobilising": spec["network"],
            "technology": spec["tech"],
            "implementing": f"Suivre {spec['commitments']} du plan en cours et en rendre "
            "compte aux associations de la région.",
            "evaluating": "Contribuer à l'évaluation parallèle à mi-parcours par un rapport alternatif "
            "préparé avec les associations de la région.",
            "drafting": "Organiser des ateliers de collecte d'idées pour le prochain plan en "
            f"{spec['region']}.",
        }
    if spec.get("unfinished"):
        answers.update(evaluating="", drafting="")
    return answers


def _points(total: int, tilt: int) -> dict[str, int]:
    """Points per criterion adding up to `total`, near the grid's proportions."""
    given = {name: min(maximum, round(total * maximum / 100)) for name, maximum in GRID}
    names = [name for name, _maximum in GRID]
    left, step = total - sum(given.values()), tilt
    while left:
        name = names[step % len(names)]
        if left > 0 and given[name] < CRITERIA[name]:
            given[name], left = given[name] + 1, left - 1
        elif left < 0 and given[name] > 0:
            given[name], left = given[name] - 1, left + 1
        step += 1
    return given


def representative_of(association: Association) -> User:
    """One of the association's representatives, or a new demo account that represents it."""
    found = association.representatives.order_by("pk").first()
    if found is None:
        [found] = demo_users([f"representant-{association.slug[:40]}@demo.invalid"])
        association.representatives.add(found)
    return found


def selection_2023(
    committee: Committee, associations: dict[str, Association], admin: User, member_account: User
) -> SelectionRound:
    """The round that fills `committee`'s civil-society seats, published: its
    selected take those seats (created by committee.selection.publish)."""
    named = {a.name_fr: a for a in Association.objects.all()}
    named.update(associations)
    round = SelectionRound.objects.create(
        committee=committee,
        seats=SEATS,
        vote_opens_on=VOTE[0],
        vote_closes_on=VOTE[1],
        call_opens_on=CALL[0],
        call_closes_on=CALL[1],
        **METHOD,
    )
    _vote(round, named, admin)
    candidacies = _candidacies(round, named, member_account)
    scorers = list(selection.scorers(round).order_by("kind", "name"))
    complete = [c for c, spec in candidacies if "mean" in spec]
    for k, (candidacy, spec) in enumerate(candidacies):
        if spec["submitted"] is None:
            continue
        selection.check_file(candidacy, by=admin, complete="mean" in spec, reason=spec.get("missing", ""))
        if "mean" not in spec:
            continue
        for n, (member, total) in enumerate(zip(scorers, totals(spec["mean"], k), strict=True)):
            comments = COMMENTS["ar" if member.name in ARABIC_COMMENTS else "fr"]
            selection.score(
                candidacy,
                selector=member,
                points=_points(total, tilt=k + n),
                comment=comments[k % len(comments)],
            )
    by_rank = {row.rank: row.candidacy for row in selection.ranking(round).rows}
    for above, below, chosen, reason, explanation in DECISIONS:
        selection.decide_pair(
            round,
            by=admin,
            above=by_rank[above],
            below=by_rank[below],
            chosen=by_rank[chosen],
            reason=reason,
            explanation=explanation,
        )
    selection.publish(round, by=admin)
    _dated(round, candidacies, complete, admin)
    return round


def totals(mean: float, k: int) -> list[int]:
    """Five members' totals whose mean is `mean` (a fifth of a point at most):
    around it by the offsets of the file `k`."""
    base = int(mean)
    extra = round((mean - base) * 5)
    given = [base + offset for offset in OFFSETS[k % len(OFFSETS)]]
    return [total + (1 if n < extra else 0) for n, total in enumerate(given)]


def _vote(round: SelectionRound, named: dict[str, Association], admin: User) -> None:
    """The civil society space's vote (one per association, cast by its
    representative where it has one), and the elected seated; then the
    other members of the selection committee."""
    candidates = [
        SeatCandidate.objects.create(round=round, association=named[association], name=name)
        for name, association, _votes in SEAT_CANDIDATES
    ]
    voters = list(Association.objects.order_by("slug", "pk"))
    ballots = [
        c for c, (_n, _a, votes) in zip(candidates, SEAT_CANDIDATES, strict=True) for _ in range(votes)
    ]
    SeatVote.objects.bulk_create(
        SeatVote(
            round=round,
            association=association,
            candidate=candidate,
            cast_by=association.representatives.order_by("pk").first(),
            cast_at=at(VOTE[0], 9) + (VOTE[1] - VOTE[0]) * k / len(ballots),
        )
        for k, (association, candidate) in enumerate(zip(voters, ballots, strict=False))
    )
    elected = candidates[0]
    selection.elect(
        round, candidate=elected, organisation=elected.association.name_fr, today=VOTE[1] + timedelta(days=1)
    )
    Selector.objects.bulk_create(
        Selector(round=round, kind=kind, name=name, organisation=organisation)
        for kind, name, organisation in SELECTORS
    )


def _candidacies(round, named, member_account) -> list[tuple[Candidacy, dict]]:
    made = []
    for spec in CANDIDACIES:
        association = named[spec["association"]]
        applicant = representative_of(association)
        day = spec["submitted"] or spec.get("tried") or CALL[1]
        candidacy = Candidacy.objects.create(
            round=round,
            association=association,
            applicant=applicant,
            name=spec["name"],
            person=member_account if spec["name"] == member_account.display_name else None,
            region=spec["region"],
            created_at=at(CALL[0] + (day - CALL[0]) / 2, 9),
            **_answers(spec),
        )
        kinds = [CandidacyFile.Kind.STATUTES, CandidacyFile.Kind.LEGAL_RECEIPT, CandidacyFile.Kind.CV]
        if not spec.get("unfinished"):
            kinds.insert(1, CandidacyFile.Kind.ACTIVITY_REPORT)
        for kind in kinds:
            _document(candidacy, kind, at(day, 9))
        if spec["submitted"]:
            selection.submit(candidacy, by=applicant, today=day)
        elif spec.get("tried"):
            # Refused for a third consecutive term: it stays a draft.
            try:
                selection.submit(candidacy, by=applicant, today=day)
            except ValidationError:
                pass
            else:
                raise AssertionError(f"{association} should be refused a third consecutive term.")
        made.append((candidacy, spec))
    return made


def _dated(round: SelectionRound, candidacies, complete, admin: User) -> None:
    """Each move dated when it was made in 2023 (the moves were made today)."""
    announced, published = at(*ANNOUNCED), at(*PUBLISHED)
    SelectionRound.objects.filter(pk=round.pk).update(announced_at=announced, published_at=published)
    SelectionEvent.objects.create(
        round=round,
        actor=admin,
        from_status=SelectionRound.Stage.CALL,
        to_status=SelectionEvent.Move.ANNOUNCED,
        created_at=announced,
    )
    SelectionEvent.objects.filter(round=round, to_status=SelectionEvent.Move.PUBLISHED).update(
        created_at=published
    )
    for candidacy, spec in candidacies:
        if spec["submitted"] is None:
            continue
        submitted = at(spec["submitted"], 16)
        Candidacy.objects.filter(pk=candidacy.pk).update(submitted_at=submitted)
        events = CandidacyEvent.objects.filter(candidacy=candidacy)
        events.filter(to_status="submitted").update(created_at=submitted)
        events.filter(to_status__in=["complete", "incomplete"]).update(created_at=at(CHECKED, 11))
        events.filter(to_status__in=["selected", "not_selected"]).update(created_at=published)
    for n, score in enumerate(Score.objects.filter(candidacy__round=round).order_by("pk")):
        Score.objects.filter(pk=score.pk).update(scored_at=at(SCORED, 9 + n % 8, (7 * n) % 60))
    PairDecision.objects.filter(round=round).update(decided_at=at(*DECIDED))
    # The seats the publication gave: designated that day, from the term's start.
    Membership.objects.filter(committee=round.committee, side=Side.CIVIL).update(
        designated_on=PUBLISHED[0], starts_on=round.committee.term_start
    )
    COMMITTEE.bump([round.committee.plan_id])  # the rows updated in bulk
