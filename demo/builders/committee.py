"""The steering committees of the demo (committee/).

The national committee of the 2021–2023 plan: balanced sides (public
members from institutions leading the plan's commitments, chaired by the
secretary general of the ministry in charge, with a deputy; civil society
from the associations that organised its workshops), and its meetings of
2019-10-31 (the co-creation method), 2020-07-15 (the themes) and 2021-02-27
(the first list of proposed commitments), as the plan's timeline records
them, each with its agenda, attendance, guests, minutes in Arabic, French
and English and decisions (one by vote), published; one civil-society
member missed two of them without a justification. The handbook's first
version, adopted at the first meeting, and Morocco's religious holidays of
2019–2021, which the minutes' working days skip.

Morocco's first plan (2018–2020, closed) and its committee, whose term the
rotation of civil-society seats counts.

The committee of the illustrative current plan, its civil-society members
those its 2023 selection chose (demo.builders.selection), with one upcoming meeting convened the day
before the first load, so that its members may propose items today, and a
member's account to try the members' area with.

Built once per committee (one that exists is left as it is, as the current
plan's timeline is); the meetings move through their machine
(committee.meetings) at the moments the moves were made, the rows with no
move at stake are written in bulk. The names and texts are illustrative."""

from datetime import date, timedelta

from allauth.account.models import EmailAddress
from django.utils import timezone

from commitments.models import Commitment
from committee.generations import COMMITTEE
from committee.meetings import at as machine_at
from committee.models import (
    AgendaItem,
    Attendance,
    Committee,
    Decision,
    Guest,
    HandbookVersion,
    Meeting,
    Membership,
    Side,
)
from core import generations
from core.models import User
from plans.models import Association, Institution, Member, Plan, PublicHoliday

from . import at
from .plans import ACCESS, BUDGET, CIVIL_SOCIETY, DIGITAL, REFORM
from .selection import selection_2023
from .users import DEMO_PASSWORD

S = Meeting.Status
P = Attendance.Presence
R = Membership.Role

# Morocco's religious holidays, one row per day off, as the Ministry of
# Habous announced them: (year, month, day, holiday, its second day).
RELIGIOUS_HOLIDAYS = [
    (2019, 6, 5, "fitr", False), (2019, 6, 6, "fitr", True),
    (2019, 8, 12, "adha", False), (2019, 8, 13, "adha", True),
    (2019, 9, 1, "muharram", False),
    (2019, 11, 10, "mawlid", False), (2019, 11, 11, "mawlid", True),
    (2020, 5, 24, "fitr", False), (2020, 5, 25, "fitr", True),
    (2020, 7, 31, "adha", False), (2020, 8, 1, "adha", True),
    (2020, 8, 21, "muharram", False),
    (2020, 10, 29, "mawlid", False), (2020, 10, 30, "mawlid", True),
    (2021, 5, 13, "fitr", False), (2021, 5, 14, "fitr", True),
    (2021, 7, 21, "adha", False), (2021, 7, 22, "adha", True),
    (2021, 8, 10, "muharram", False),
    (2021, 10, 19, "mawlid", False), (2021, 10, 20, "mawlid", True),
]  # fmt: skip
HOLIDAY_NAMES = {
    "fitr": {"ar": "عيد الفطر", "fr": "Aïd al-Fitr", "en": "Eid al-Fitr"},
    "adha": {"ar": "عيد الأضحى", "fr": "Aïd al-Adha", "en": "Eid al-Adha"},
    "muharram": {"ar": "فاتح محرم", "fr": "1er Moharram", "en": "1 Muharram (Islamic New Year)"},
    "mawlid": {"ar": "عيد المولد النبوي", "fr": "Aïd al-Mawlid", "en": "Mawlid (the Prophet's birthday)"},
}
SECOND_DAY = {"ar": "{}، اليوم الثاني", "fr": "{} (2e jour)", "en": "{} (day 2)"}

# The national committee of 2021–2023: name, side, institution (English
# name) or association (French name), role. The deputy sits for the chair.
NATIONAL_TERM = (date(2019, 10, 1), date(2023, 12, 31))
NATIONAL_MEMBERS = [
    ("Mohammed Idrissi", Side.PUBLIC, REFORM, R.CHAIR),
    ("Latifa Bennani", Side.PUBLIC, DIGITAL, R.MEMBER),
    ("يوسف التازي", Side.PUBLIC, BUDGET, R.MEMBER),
    ("Samira El Fassi", Side.PUBLIC, CIVIL_SOCIETY, R.MEMBER),
    ("Rachid Amrani", Side.PUBLIC, ACCESS, R.MEMBER),
    ("خديجة العلوي", Side.CIVIL, "Espace Associatif", R.MEMBER),
    ("Amal Chraibi", Side.CIVIL, "Association Démocratique des Femmes du Maroc", R.MEMBER),
    ("Omar Lahlou", Side.CIVIL, "Transparency Maroc", R.MEMBER),
    ("هشام السفريوي", Side.CIVIL, "Mouvement Alternatives Citoyennes", R.MEMBER),
    ("Salma Kettani", Side.CIVIL, "Forum Marocain des Jeunes Journalistes", R.MEMBER),
]
DEPUTY = ("Nadia Berrada", Side.PUBLIC, REFORM)
CHAIR, DEPUTY_NAME, ABSENT = "Mohammed Idrissi", DEPUTY[0], "Salma Kettani"
ILLUSTRATIVE = {
    "ar": "محضر توضيحي للعرض: أسماء الأعضاء غير حقيقية.",
    "fr": "Procès-verbal illustratif de démonstration : les noms des membres sont fictifs.",
    "en": "Illustrative demonstration minutes: the members' names are fictitious.",
}


def _texts(ar: str, fr: str, en: str, field: str = "title") -> dict:
    return {f"{field}_ar": ar, f"{field}_fr": fr, f"{field}_en": en}


# The meetings of 2019–2021: when and where, the dates of their moves, the
# agenda (title, description), who was not simply present (name: presence,
# justification), the guests (name, organisation), the minutes and the
# decisions (agenda item, text, the six counts of a vote).
NATIONAL_MEETINGS = [
    {
        "day": date(2019, 10, 31),
        "hours": ((10, 0), (12, 30)),
        "place": "Rabat",
        "online": False,
        "title": _texts(
            "إطلاق الإعداد المشترك للخطة الثانية",
            "Lancement de la co-création du deuxième plan",
            "Launching the co-creation of the second plan",
        ),
        "moves": ((date(2019, 10, 17), 10), (date(2019, 11, 4), 16), (date(2019, 11, 7), 10)),
        "chair": CHAIR,
        "items": [
            (
                _texts(
                    "افتتاح الاجتماع والمصادقة على جدول الأعمال",
                    "Ouverture et adoption de l'ordre du jour",
                    "Opening and adoption of the agenda",
                ),
                _texts(
                    "كلمة الرئيس وتقديم الأعضاء.",
                    "Mot du président et présentation des membres.",
                    "The chair's welcome and the members' introductions.",
                    "description",
                ),
            ),
            (
                _texts(
                    "منهجية الإعداد المشترك لخطة العمل الوطنية الثانية",
                    "Méthode de co-création du deuxième plan d'action national",
                    "The method for co-creating the second national action plan",
                ),
                _texts(
                    "لقاءات تشاورية موضوعاتية، وفضاء رقمي لاقتراح الأفكار، وفرز الأفكار مع المؤسسات، ثم "
                    "صياغة الالتزامات.",
                    "Ateliers thématiques, espace d'idées en ligne, tri des idées avec les institutions, "
                    "puis rédaction des engagements.",
                    "Thematic workshops, an online space for ideas, screening of the ideas with the "
                    "institutions, then drafting the commitments.",
                    "description",
                ),
            ),
            (
                _texts(
                    "دليل عمل لجنة الإشراف",
                    "Le guide de fonctionnement du comité",
                    "The committee's handbook",
                ),
                _texts(
                    "مناقشة مشروع الدليل: التشكيلة، والاجتماعات، والمحاضر، والقرارات، ومسطرة المراجعة.",
                    "Examen du projet de guide : composition, réunions, procès-verbaux, décisions et "
                    "procédure de révision.",
                    "Discussion of the draft handbook: composition, meetings, minutes, decisions and how "
                    "it is revised.",
                    "description",
                ),
            ),
        ],
        "attendance": {},
        "guests": [("Sara Benjelloun", "Open Government Partnership (OGP)")],
        "minutes": _texts(
            "عقدت لجنة الإشراف اجتماعها الأول برئاسة الكاتب العام لقطاع إصلاح الإدارة. بعد المصادقة على "
            "جدول الأعمال، قدمت الكتابة المنهجية المقترحة للإعداد المشترك لخطة العمل الوطنية الثانية: "
            "لقاءات تشاورية موضوعاتية مع الجمعيات، وفضاء رقمي مفتوح للجميع لاقتراح الأفكار، ثم فرز "
            "الأفكار مع المؤسسات المعنية. طلب أعضاء المجتمع المدني أن تحظى كل فكرة غير محتفظ بها برد "
            "معلل، فتمت إضافة ذلك إلى المنهجية التي صودق عليها. ثم ناقشت اللجنة دليل عملها وصادقت عليه.",
            "Le comité de pilotage a tenu sa première réunion sous la présidence du secrétaire général du "
            "département de la réforme de l'administration. Après l'adoption de l'ordre du jour, le "
            "secrétariat a présenté la méthode proposée pour co-construire le deuxième plan d'action "
            "national : des ateliers thématiques avec les associations, un espace d'idées en ligne ouvert "
            "à tous, puis le tri des idées avec les institutions concernées. Les membres de la société "
            "civile ont demandé que chaque idée non retenue reçoive une réponse motivée ; la méthode a "
            "été complétée en ce sens et adoptée. Le comité a ensuite examiné et adopté son guide de "
            "fonctionnement.",
            "The steering committee held its first meeting, chaired by the secretary general of the "
            "administration reform department. After the agenda was adopted, the secretariat presented "
            "the proposed method for co-creating the second national action plan: thematic workshops with "
            "associations, an online space for ideas open to all, then the screening of the ideas with "
            "the institutions concerned. The civil-society members asked that every idea not retained "
            "receive a reasoned answer; the method was completed accordingly and adopted. The committee "
            "then discussed and adopted its handbook.",
            "minutes",
        ),
        "decisions": [
            (
                2,
                _texts(
                    "تصادق اللجنة على منهجية الإعداد المشترك لخطة العمل الوطنية الثانية، مع رد معلل على "
                    "كل فكرة غير محتفظ بها.",
                    "Le comité adopte la méthode de co-création du deuxième plan d'action national, "
                    "chaque idée non retenue recevant une réponse motivée.",
                    "The committee adopts the method for co-creating the second national action plan, "
                    "every idea not retained receiving a reasoned answer.",
                    "text",
                ),
                None,
            ),
            (
                3,
                _texts(
                    "تصادق اللجنة على دليل عملها (النسخة الأولى).",
                    "Le comité adopte son guide de fonctionnement (version 1).",
                    "The committee adopts its handbook (version 1).",
                    "text",
                ),
                None,
            ),
        ],
    },
    {
        "day": date(2020, 7, 15),
        "hours": ((10, 0), (12, 0)),
        "place": "",
        "online": True,
        "title": _texts(
            "محاور وجدولة الإعداد المشترك",
            "Thèmes et calendrier de la co-création",
            "Themes and calendar of the co-creation",
        ),
        "moves": ((date(2020, 7, 1), 10), (date(2020, 7, 17), 15), (date(2020, 7, 21), 10)),
        "chair": DEPUTY_NAME,
        "items": [
            (
                _texts("محاور الخطة الثانية", "Les thèmes du deuxième plan", "The second plan's themes"),
                _texts(
                    "المحاور العشرة التي حددت في الاجتماعات التنسيقية لشهر فبراير 2020.",
                    "Les dix thèmes arrêtés lors des réunions de coordination de février 2020.",
                    "The ten themes agreed in the coordination meetings of February 2020.",
                    "description",
                ),
            ),
            (
                _texts(
                    "جدولة جمع الأفكار",
                    "Calendrier de la collecte des idées",
                    "Calendar of the collection of ideas",
                ),
                _texts(
                    "ندوة افتتاحية، وعشرة لقاءات تشاورية موضوعاتية، وفضاء رقمي للأفكار، في خريف 2020.",
                    "Conférence d'ouverture, dix ateliers thématiques et espace d'idées en ligne, à "
                    "l'automne 2020.",
                    "An opening conference, ten thematic workshops and the online space for ideas, in "
                    "autumn 2020.",
                    "description",
                ),
            ),
        ],
        "attendance": {
            CHAIR: (P.EXCUSED, "Mission à l'étranger"),
            DEPUTY_NAME: (P.PRESENT, ""),
            "Rachid Amrani": (P.EXCUSED, "Empêchement de service"),
            ABSENT: (P.ABSENT, ""),
        },
        "guests": [],
        "minutes": _texts(
            "اجتمعت اللجنة عن بعد بسبب الوضعية الصحية، برئاسة نائبة الرئيس. أكدت اللجنة المحاور العشرة "
            "للخطة الثانية التي حددت في الاجتماعات التنسيقية لشهر فبراير 2020، وجدولة جمع الأفكار: ندوة "
            "افتتاحية، وعشرة لقاءات تشاورية موضوعاتية تنظمها الجمعيات، وفضاء رقمي للأفكار بالموازاة، "
            "ابتداء من أكتوبر 2020.",
            "Réuni à distance en raison de la situation sanitaire, sous la présidence de la suppléante du "
            "président, le comité a confirmé les dix thèmes du deuxième plan arrêtés lors des réunions de "
            "coordination de février 2020, et le calendrier de la collecte des idées : une conférence "
            "d'ouverture, dix ateliers thématiques organisés par les associations et un espace d'idées en "
            "ligne en parallèle, à partir d'octobre 2020.",
            "Meeting online because of the health situation, chaired by the chair's deputy, the committee "
            "confirmed the second plan's ten themes agreed in the coordination meetings of February 2020, "
            "and the calendar of the collection of ideas: an opening conference, ten thematic workshops "
            "run by associations and an online space for ideas alongside them, from October 2020.",
            "minutes",
        ),
        "decisions": [
            (
                2,
                _texts(
                    "تؤكد اللجنة المحاور العشرة للخطة الثانية، وتفتح جمع الأفكار في أكتوبر 2020: ندوة "
                    "افتتاحية، وعشرة لقاءات تشاورية موضوعاتية، والفضاء الرقمي للأفكار.",
                    "Le comité confirme les dix thèmes du deuxième plan et ouvre la collecte des idées en "
                    "octobre 2020 : une conférence d'ouverture, dix ateliers thématiques et l'espace "
                    "d'idées en ligne.",
                    "The committee confirms the second plan's ten themes and opens the collection of "
                    "ideas in October 2020: an opening conference, ten thematic workshops and the online "
                    "space for ideas.",
                    "text",
                ),
                None,
            ),
        ],
    },
    {
        "day": date(2021, 2, 27),
        "hours": ((10, 0), (13, 0)),
        "place": "Rabat",
        "online": True,
        "title": _texts(
            "اللائحة الأولى للالتزامات المقترحة",
            "Première liste des engagements proposés",
            "First list of proposed commitments",
        ),
        "moves": ((date(2021, 2, 12), 10), (date(2021, 3, 2), 16), (date(2021, 3, 4), 10)),
        "chair": CHAIR,
        "items": [
            (
                _texts(
                    "حصيلة جمع الأفكار وفرزها",
                    "Bilan de la collecte et du tri des idées",
                    "Results of the collection and screening of ideas",
                ),
                _texts(
                    "الأفكار المقترحة عبر الفضاء الرقمي وخلال اللقاءات التشاورية، وفرزها وإحالتها على "
                    "المؤسسات.",
                    "Les idées reçues en ligne et lors des ateliers, leur tri et leur partage avec les "
                    "institutions.",
                    "The ideas received online and at the workshops, their screening and how they were "
                    "shared with the institutions.",
                    "description",
                ),
            ),
            (
                _texts(
                    "اللائحة الأولى للالتزامات المقترحة",
                    "Première liste des engagements proposés",
                    "First list of proposed commitments",
                ),
                _texts(
                    "الالتزامات التي اقترحتها المؤسسات انطلاقا من الأفكار المحتفظ بها، حسب المحاور.",
                    "Les engagements proposés par les institutions à partir des idées retenues, par thème.",
                    "The commitments the institutions proposed from the ideas retained, by theme.",
                    "description",
                ),
            ),
            (
                _texts(
                    "المراحل المقبلة: الصياغة والاستشارة العمومية",
                    "Suite du calendrier : rédaction et consultation publique",
                    "Next steps: drafting and public consultation",
                ),
                _texts(
                    "إعداد البطاقات المفصلة مع المؤسسات في مارس وأبريل 2021، ثم استشارة عمومية حول مشروع "
                    "الخطة.",
                    "Fiches détaillées avec les institutions en mars et avril 2021, puis consultation "
                    "publique sur le projet de plan.",
                    "Detailed cards with the institutions in March and April 2021, then a public "
                    "consultation on the draft plan.",
                    "description",
                ),
            ),
        ],
        "attendance": {ABSENT: (P.ABSENT, "")},
        "guests": [
            ("Karima Ouali", "Ministère de la Justice"),
            (
                "Anas Berrechid",
                "Instance nationale de la probité, de la prévention et de la lutte contre la corruption",
            ),
        ],
        "minutes": _texts(
            "عرضت الكتابة حصيلة جمع الأفكار وفرزها وإحالتها على المؤسسات، ثم قدمت المؤسسات اللائحة الأولى "
            "للالتزامات المقترحة، حسب المحاور. ناقش الأعضاء كل التزام واحتفظت اللجنة باللائحة أساسا "
            "لصياغة البطاقات المفصلة. وفي غياب توافق حول مدة الاستشارة العمومية حول مشروع الخطة (أسبوعان "
            "أو أربعة أسابيع)، لجأت اللجنة إلى التصويت: صودق على مدة أربعة أسابيع بأغلبية الأعضاء "
            "الحاضرين من كل طرف.",
            "Le secrétariat a présenté le bilan de la collecte et du tri des idées et leur partage avec "
            "les institutions ; les institutions ont ensuite présenté la première liste des engagements "
            "proposés, par thème. Les membres ont discuté chaque engagement et le comité a retenu la "
            "liste comme base de la rédaction des fiches détaillées. Faute de consensus sur la durée de "
            "la consultation publique sur le projet de plan (deux ou quatre semaines), le comité a voté : "
            "la durée de quatre semaines est adoptée à la majorité des membres présents de chaque partie.",
            "The secretariat presented the results of the collection and screening of ideas and how they "
            "were shared with the institutions; the institutions then presented the first list of "
            "proposed commitments, by theme. The members discussed each commitment and the committee "
            "retained the list as the basis for drafting the detailed cards. With no consensus on how "
            "long the public consultation on the draft plan should run (two or four weeks), the committee "
            "voted: four weeks was adopted by a majority of the members present on each side.",
            "minutes",
        ),
        "decisions": [
            (
                2,
                _texts(
                    "تحتفظ اللجنة باللائحة الأولى للالتزامات المقترحة أساسا لصياغة البطاقات المفصلة مع "
                    "المؤسسات، في مارس وأبريل 2021.",
                    "Le comité retient la première liste des engagements proposés comme base de la "
                    "rédaction des fiches détaillées avec les institutions, en mars et avril 2021.",
                    "The committee retains the first list of proposed commitments as the basis for "
                    "drafting the detailed cards with the institutions, in March and April 2021.",
                    "text",
                ),
                None,
            ),
            (
                3,
                _texts(
                    "يعرض مشروع الخطة على استشارة عمومية لمدة أربعة أسابيع، في ماي 2021.",
                    "Le projet de plan est soumis à une consultation publique de quatre semaines, en mai "
                    "2021.",
                    "The draft plan is put to a public consultation of four weeks, in May 2021.",
                    "text",
                ),
                # Public administration, then civil society: for, against, abstentions.
                ((4, 0, 1), (3, 1, 0)),
            ),
        ],
    },
]
ONLINE_LINK = "https://meet.jit.si/comite-pilotage-demo"

HANDBOOK = {
    **_texts(
        "النسخة الأولى، صادقت عليها اللجنة في اجتماعها الأول.",
        "Première version, adoptée lors de la première réunion du comité.",
        "First version, adopted at the committee's first meeting.",
        "summary",
    ),
    **_texts(
        "المبادئ: الشفافية، والتعاون، والاستقلالية، واحترام الاختلاف والتنوع، والشمولية، والتحسين "
        "المستمر.\nالتشكيلة: عدد متساو من ممثلي الإدارة العمومية والمجتمع المدني.\nالاجتماعات: مرة كل ستة "
        "أشهر على الأقل؛ يرسل جدول الأعمال قبل عشرة أيام على الأقل، وللأعضاء ثلاثة أيام لاقتراح نقط أو "
        "موعد آخر؛ يرسل المحضر خلال ثلاثة أيام عمل، وللأعضاء يوم عمل واحد لإبداء ملاحظاتهم.\nالقرارات: "
        "بالتوافق، واستثناء بالتصويت بأغلبية كل طرف.\nالمراجعة: بطلب من ثلث الأعضاء خلال الربع الأخير من "
        "السنة الأخيرة للخطة.",
        "Principes : transparence, coopération, indépendance, respect de la diversité, inclusion, "
        "amélioration continue.\nComposition : autant de membres de l'administration publique que de la "
        "société civile.\nRéunions : au moins une tous les six mois ; l'ordre du jour est envoyé au moins "
        "dix jours avant, les membres ont trois jours pour proposer un point ou une autre date ; le "
        "procès-verbal est envoyé dans les trois jours ouvrables, les membres ont un jour ouvrable pour "
        "leurs observations.\nDécisions : par consensus, exceptionnellement par vote à la majorité de "
        "chaque partie.\nRévision : à la demande d'un tiers des membres, au dernier trimestre de la "
        "dernière année du plan.",
        "Principles: transparency, cooperation, independence, respect for diversity, inclusiveness, "
        "continuous improvement.\nComposition: as many members from the public administration as from "
        "civil society.\nMeetings: at least one every six months; the agenda is sent at least ten days "
        "before, members have three days to propose an item or another date; the minutes are sent within "
        "three working days, members have one working day to comment.\nDecisions: by consensus, "
        "exceptionally by a vote with a majority of each side.\nRevision: at the request of a third of "
        "the members, in the last quarter of the plan's last year.",
        "text",
    ),
}

# Morocco's first plan (2018–2020, closed: its 18 commitments are not on
# the portal, its summary says so) and its committee, whose term the rotation
# of civil-society seats counts: Transparency Maroc (Omar Lahlou) and the
# Association Démocratique des Femmes du Maroc sat on it, as they did on the
# 2021–2023 committee (the 2023 selection refuses the first a third term).
FIRST_PLAN_SLUG = "nap1-2018-2020"
FIRST_PLAN = {
    "title_ar": "خطة العمل الوطنية الأولى للحكومة المنفتحة 2018-2020",
    "title_fr": "Premier plan d'action national pour le gouvernement ouvert 2018-2020",
    "title_en": "First national action plan for open government 2018-2020",
    "summary_ar": "الخطة الوطنية الأولى للمغرب: 18 التزاما، نسبة إنجازها 84% في دجنبر 2020. مسجلة في البوابة "
    "من أجل لجنة الإشراف الخاصة بها، التي تحتسب ولايتها في تناوب مقاعد المجتمع المدني؛ التزاماتها غير مدرجة.",
    "summary_fr": "Premier plan national du Maroc : 18 engagements, réalisés à 84 % en décembre 2020. "
    "Inscrit sur le portail pour son comité de pilotage, dont le mandat compte dans la rotation des sièges "
    "de la société civile ; ses engagements n'y sont pas saisis.",
    "summary_en": "Morocco's first national plan: 18 commitments, 84% completed by December 2020. Recorded "
    "on the portal for its steering committee, whose term counts in the rotation of civil-society seats; its "
    "commitments are not entered.",
}
FIRST_TERM = (date(2018, 3, 1), date(2019, 9, 30))
# name, side, institution (English name) or association (French name), role.
FIRST_MEMBERS = [
    ("Mohammed Idrissi", Side.PUBLIC, REFORM, R.CHAIR),
    ("Latifa Bennani", Side.PUBLIC, DIGITAL, R.MEMBER),
    ("يوسف التازي", Side.PUBLIC, BUDGET, R.MEMBER),
    ("Samira El Fassi", Side.PUBLIC, CIVIL_SOCIETY, R.MEMBER),
    ("Omar Lahlou", Side.CIVIL, "Transparency Maroc", R.MEMBER),
    ("Amal Chraibi", Side.CIVIL, "Association Démocratique des Femmes du Maroc", R.MEMBER),
    ("نور الدين السعودي", Side.CIVIL, "Organisation des libertés d'information et d'expression (HATIM)",
     R.MEMBER),
    ("Said Benchekroun", Side.CIVIL, "Club des Magistrats du Maroc", R.MEMBER),
]  # fmt: skip

# The illustrative current plan's committee: three members a side, the
# public ones from institutions leading one of the plan's (draft)
# commitments; the civil-society ones those its 2023 selection chose
# (demo.builders.selection), among them the member whose account the demo
# gives.
MEMBER_EMAIL = "membre-comite@demo.gouvernement-ouvert.ma"
CURRENT_MEMBERS = [
    ("Mohammed Idrissi", Side.PUBLIC, REFORM, R.CHAIR),
    ("Latifa Bennani", Side.PUBLIC, DIGITAL, R.MEMBER),
    ("Samira El Fassi", Side.PUBLIC, CIVIL_SOCIETY, R.MEMBER),
]
MEMBER_NAME = "Imane Haddad"
# Draft commitments of the current plan: its theme's number, lead, title.
CURRENT_COMMITMENTS = [
    (1, CIVIL_SOCIETY, _texts(
        "التتبع العمومي للعرائض والملتمسات",
        "Suivi public des pétitions et des motions",
        "Public tracking of petitions and motions",
    )),
    (4, REFORM, _texts(
        "سجل عمومي لطلبات الحصول على المعلومات",
        "Registre public des demandes d'accès à l'information",
        "Public register of access to information requests",
    )),
    (4, DIGITAL, _texts(
        "فهرس المعطيات المفتوحة للإدارات",
        "Catalogue des données ouvertes des administrations",
        "Open data catalogue of the administrations",
    )),
]  # fmt: skip
# The upcoming meeting: days from the first load; convened the day before it.
UPCOMING_IN_DAYS = 14
UPCOMING = {
    "title": _texts(
        "حصيلة مرحلية لجمع أفكار الخطة الثالثة",
        "Point d'étape de la collecte des idées du troisième plan",
        "Progress of the collection of ideas for the third plan",
    ),
    "items": [
        (
            _texts(
                "حصيلة مرحلية لجمع الأفكار",
                "Point d'étape de la collecte des idées",
                "Progress of the collection of ideas",
            ),
            _texts(
                "الأفكار المتوصل بها عبر الفضاء الرقمي منذ فتح باب الاقتراحات، حسب المحاور.",
                "Les idées reçues en ligne depuis l'ouverture de la collecte, par thème.",
                "The ideas received online since the collection opened, by theme.",
                "description",
            ),
        ),
        (
            _texts(
                "اللقاءات التشاورية الموضوعاتية المقبلة",
                "Les ateliers thématiques à venir",
                "The upcoming thematic workshops",
            ),
            _texts(
                "تنظيم اللقاءات ومشاركة أعضاء اللجنة فيها.",
                "Leur organisation et la participation des membres du comité.",
                "How they are organised and how the committee's members take part.",
                "description",
            ),
        ),
    ],
}


def committees(
    member: Member,
    plan: Plan,
    current: Plan,
    institutions: dict[str, Institution],
    associations: dict[str, Association],
    admin: User,
    password: str,
) -> tuple[Committee, Committee]:
    """The committees of the 2021–2023 plan and of the current plan, with
    the holidays their working days skip; `password` is the member's
    account's, used only to create it."""
    religious_holidays(member)
    national = Committee.objects.filter(plan=plan).first() or national_committee(
        member, plan, institutions, associations, admin
    )
    # The first plan's, whose term the rotation of civil-society seats counts.
    first_plan_committee(member, institutions, associations)
    upcoming = Committee.objects.filter(plan=current).first() or current_committee(
        current, institutions, associations, admin, password
    )
    return national, upcoming


def religious_holidays(member: Member) -> None:
    existing = set(member.holidays.exclude(year=None).values_list("year", "month", "day"))
    rows = []
    for year, month, day, key, second in RELIGIOUS_HOLIDAYS:
        if (year, month, day) in existing:
            continue
        names = {
            f"name_{lang}": SECOND_DAY[lang].format(name) if second else name
            for lang, name in HOLIDAY_NAMES[key].items()
        }
        rows.append(PublicHoliday(member=member, year=year, month=month, day=day, **names))
    if rows:
        PublicHoliday.objects.bulk_create(rows)
        generations.bump("plans")  # no signal from a bulk write


def _seats(committee: Committee, rows, institutions, associations, since: date) -> dict[str, Membership]:
    seats = [
        Membership(
            committee=committee,
            name=name,
            side=side,
            institution=institutions[body] if side == Side.PUBLIC else None,
            association=associations[body] if side == Side.CIVIL else None,
            role=role,
            designated_on=since,
            starts_on=since,
        )
        for name, side, body, role in rows
    ]
    return {seat.name: seat for seat in Membership.objects.bulk_create(seats)}


def _moved(meeting: Meeting, to: str, when, admin: User, field: str) -> None:
    """The move made through the meeting's machine as it was at `when`
    (its status computed then, the event dated then)."""
    machine_at(when).move(meeting, to, by=admin, changes={field: when}, created_at=when)


def _agenda(meeting: Meeting, items) -> list[AgendaItem]:
    return AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, number=number, **title, **description)
        for number, (title, description) in enumerate(items, start=1)
    )


def _attendance(meeting: Meeting, seats: dict[str, Membership], exceptions: dict) -> None:
    """Every member present, unless `exceptions` say otherwise; the deputy
    only when named there (sitting for the chair)."""
    Attendance.objects.bulk_create(
        Attendance(meeting=meeting, member=seat, presence=presence, justification=justification)
        for seat in seats.values()
        if seat.role != R.DEPUTY or seat.name in exceptions
        for presence, justification in [exceptions.get(seat.name, (P.PRESENT, ""))]
    )


def _decisions(meeting: Meeting, items: list[AgendaItem], rows) -> list[Decision]:
    decisions = []
    for number, (item, text, votes) in enumerate(rows, start=1):
        counts = {}
        if votes:
            for side, (yes, no, abstain) in zip(Side.values, votes, strict=True):
                counts |= {f"{side}_for": yes, f"{side}_against": no, f"{side}_abstain": abstain}
        decisions.append(
            Decision(
                meeting=meeting,
                agenda_item=items[item - 1],
                number=number,
                mode=Decision.Mode.VOTE if votes else Decision.Mode.CONSENSUS,
                **text,
                **counts,
            )
        )
    return Decision.objects.bulk_create(decisions)


def first_plan_committee(
    member: Member, institutions: dict[str, Institution], associations: dict[str, Association]
) -> Committee:
    """Morocco's first plan (closed) and its committee, built once."""
    plan, _created = Plan.objects.get_or_create(
        slug=FIRST_PLAN_SLUG,
        defaults={
            "member": member,
            "number": 1,
            "start_year": 2018,
            "end_year": 2020,
            "status": Plan.Status.CLOSED,
            **FIRST_PLAN,
        },
    )
    committee = Committee.objects.filter(plan=plan).first()
    if committee is not None:
        return committee
    start, end = FIRST_TERM
    committee = Committee.objects.create(plan=plan, term_start=start, term_end=end)
    civil = [body for _name, side, body, _role in FIRST_MEMBERS if side == Side.CIVIL]
    named = {**associations, **{a.name_fr: a for a in Association.objects.filter(name_fr__in=civil)}}
    _seats(committee, FIRST_MEMBERS, institutions, named, start)
    COMMITTEE.bump([plan.pk])  # the seats written in bulk
    return committee


def national_committee(
    member: Member,
    plan: Plan,
    institutions: dict[str, Institution],
    associations: dict[str, Association],
    admin: User,
) -> Committee:
    start, end = NATIONAL_TERM
    committee = Committee.objects.create(plan=plan, term_start=start, term_end=end)
    seats = _seats(committee, NATIONAL_MEMBERS, institutions, associations, start)
    name, side, body = DEPUTY
    seats[name] = Membership.objects.create(
        committee=committee,
        name=name,
        side=side,
        institution=institutions[body],
        role=R.DEPUTY,
        deputy_of=seats[CHAIR],
        designated_on=start,
        starts_on=start,
    )
    decisions = []
    for spec in NATIONAL_MEETINGS:
        (start_hour, start_minute), (end_hour, end_minute) = spec["hours"]
        meeting = Meeting.objects.create(
            committee=committee,
            starts_at=at(spec["day"], start_hour, start_minute),
            ends_at=at(spec["day"], end_hour, end_minute),
            place=spec["place"],
            online_link=ONLINE_LINK if spec["online"] else "",
            chair=seats[spec["chair"]],
            **spec["title"],
            **{name: f"{text}\n\n{ILLUSTRATIVE[name[-2:]]}" for name, text in spec["minutes"].items()},
        )
        items = _agenda(meeting, spec["items"])
        (convened, hour_1), (sent, hour_2), (published, hour_3) = spec["moves"]
        _moved(meeting, S.CONVENED, at(convened, hour_1), admin, "convened_at")
        _attendance(meeting, seats, spec["attendance"])
        Guest.objects.bulk_create(Guest(meeting=meeting, name=n, organisation=o) for n, o in spec["guests"])
        decisions += _decisions(meeting, items, spec["decisions"])
        _moved(meeting, S.MINUTES_SENT, at(sent, hour_2), admin, "minutes_sent_at")
        _moved(meeting, S.PUBLISHED, at(published, hour_3), admin, "minutes_published_at")
    # The handbook's first version, adopted by the first meeting's second decision.
    HandbookVersion.objects.get_or_create(
        member=member,
        number=1,
        defaults={"adopted_on": NATIONAL_MEETINGS[0]["day"], "decision": decisions[1], **HANDBOOK},
    )
    COMMITTEE.bump([plan.pk])  # the rows written in bulk
    return committee


def current_committee(
    plan: Plan,
    institutions: dict[str, Institution],
    associations: dict[str, Association],
    admin: User,
    password: str,
) -> Committee:
    """The current plan's committee, its term from before the plan's first
    phase, with its upcoming meeting convened yesterday (from the first
    load, as the plan's timeline): the members' proposals window is open."""
    today = timezone.localdate()
    themes = {theme.number: theme for theme in plan.themes.all()}
    # Its public members' institutions each lead one of its commitments.
    for number, (theme, lead, title) in enumerate(CURRENT_COMMITMENTS, start=1):
        Commitment.objects.get_or_create(
            plan=plan,
            number=number,
            defaults={"theme": themes[theme], "lead_institution": institutions[lead], **title},
        )
    start = today - timedelta(days=60)
    committee = Committee.objects.create(plan=plan, term_start=start, term_end=date(plan.end_year, 12, 31))
    seats = _seats(committee, CURRENT_MEMBERS, institutions, associations, start)
    # Its civil-society members: the selected of its 2023 selection, seated by its publication.
    selection_2023(committee, associations, admin, member_account(password))
    day = today + timedelta(days=UPCOMING_IN_DAYS)
    meeting = Meeting.objects.create(
        committee=committee,
        starts_at=at(day, 10),
        ends_at=at(day, 12, 30),
        place="Rabat",
        online_link=ONLINE_LINK,
        chair=seats[CURRENT_MEMBERS[0][0]],
        **UPCOMING["title"],
    )
    _agenda(meeting, UPCOMING["items"])
    _moved(meeting, S.CONVENED, at(today - timedelta(days=1), 10), admin, "convened_at")
    COMMITTEE.bump([plan.pk])  # the rows written in bulk
    return committee


def member_account(password: str) -> User:
    """The demo's committee member, who signs in with the documented demo
    password (the admin's, in debug) to try the members' area; outside
    debug nobody signs in as them (the password given is the admin's own).
    Created once: a later load never resets the password."""
    user = User.objects.filter(email=MEMBER_EMAIL).first()
    if user is None:
        usable = password if password == DEMO_PASSWORD else None
        user = User.objects.create_user(MEMBER_EMAIL, usable, display_name=MEMBER_NAME, language="fr")
    # Verified, so that the documented credentials work without an email round-trip.
    EmailAddress.objects.get_or_create(
        user=user, email=MEMBER_EMAIL, defaults={"verified": True, "primary": True}
    )
    return user
