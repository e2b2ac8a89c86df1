"""The demo's public consultations (consultations/), from real data where
there is some (data/consultations.json and data/house-of-representatives.json
say where each figure comes from):

1. The 2021–2023 plan's consultation on its draft: its window is the plan's
   consultation phase (1–31 May 2021, the data's; the report says "May 2021,
   four weeks"), on the 24 proposed commitments. The report's table gives
   "5" and "28" for participants and comments without making certain which
   is which; the demo takes **5 participants and 28 comments**: the
   extraction gives header and values in the same order (duration,
   participants, comments / 4 weeks, 5, 28), and 28 participants for 5
   comments would count 23 people who said nothing. Every comment is
   answered by a focal point of its commitment's lead institution, between
   the comment and the due date (the closing day plus
   CONSULTATION_ANSWER_DAYS). The cards were proposed on 30 April 2021 and
   adopted or not retained in September (builders/commitments.py, which
   revises the description of those whose comment was taken into account,
   so that their history shows what changed since the consulted version);
   by the time this builder runs they are no longer proposed, and
   `opening.open_one` would consult none of them: the builder sets the
   consulted commitments to the 24 cards as proposed then, and `opened_at`
   to the first day, 00:00, itself (no draft PDF is asked: the documents
   render in-process under `make run`).
2. The House of Representatives' consultation on the draft of its 2022–2023
   plan, a consultation on a text: 27 June – 27 July 2022, the draft's
   sections, 25 comments from 19 associations, the 2 proposals the chamber
   integrated ("taken into account", the answer quoting the final plan's
   wording), the 23 others answered by the secretariat (illustrative).
3. An open consultation on the commune's plan, on a text (its steering and
   monitoring arrangements: the plan is collecting ideas and has no draft
   yet), open from six days before the first load to three weeks after it,
   so that a visitor can comment: some comments answered, some awaiting,
   one hidden by moderation with the reason its author reads.

Comments are posted through `consultations.routing.post` (with the day
they were made: the window is checked, the answer routed), answered
through `consultations.answers.answer` (the rules of a reasoned answer
checked, the move recorded) and hidden through `core.moderation.hide`;
then dated in the consultation's past. Nobody is told (demo.load silences
notifications). Each consultation is built once: one that exists is left
as it is. The texts of the comments and answers, and their authors, are
illustrative; the consultations' introductions say so."""

from datetime import timedelta

from django.utils import timezone
from django.utils.text import slugify

from commitments.models import Commitment
from consultations import answers, routing
from consultations.generations import CONSULTATIONS
from consultations.models import Comment, CommentEvent, Consultation, Disposition, Section
from core import moderation
from core.models import ModerationEvent, User
from plans.models import Association, Institution, PhaseKind, Plan

from . import at, day
from .commitments import REVISED_AFTER_CONSULTATION, focal_point

D = Disposition

# ---------------------------------------------------------------------------
# 1. The 2021–2023 national plan's consultation on its draft.

NATIONAL_TEXT = {
    "title": {
        "ar": "الاستشارة العمومية حول مشروع خطة العمل الوطنية الثانية للحكومة المنفتحة 2021-2023",
        "fr": "Consultation publique sur le projet de deuxième plan d'action national pour un gouvernement "
        "ouvert 2021-2023",
        "en": "Public consultation on the draft second national open government action plan 2021-2023",
    },
    "introduction": {
        "ar": "خلال شهر ماي 2021، عرضت الالتزامات الأربعة والعشرون المقترحة في إطار خطة العمل الوطنية "
        "الثانية للحكومة المنفتحة للتشاور العمومي عبر بوابة الحكومة المنفتحة، لمدة أربعة أسابيع. أرسلت "
        "التعليقات إلى الإدارات والمؤسسات المعنية قصد دراستها وأخذها بعين الاعتبار عند إعداد الصيغة النهائية "
        "للالتزامات، وأجابت كل مؤسسة عن التعليقات المتعلقة بالتزاماتها. معطيات للعرض: المدة وعدد المشاركين "
        "(5) وعدد التعليقات (28) مأخوذة من تقرير الإعداد المشترك، أما نصوص التعليقات والأجوبة فتوضيحية.",
        "fr": "En mai 2021, les vingt-quatre engagements proposés pour le deuxième plan d'action national "
        "pour un gouvernement ouvert ont été soumis à la consultation publique sur le portail du "
        "gouvernement ouvert, pendant quatre semaines. Les commentaires ont été transmis aux administrations "
        "et institutions concernées, pour être étudiés et pris en compte dans la version finale des "
        "engagements ; chaque institution a répondu aux commentaires sur ses engagements. Données de "
        "démonstration : la durée, le nombre de participants (5) et de commentaires (28) sont ceux du "
        "rapport de co-création ; les textes des commentaires et des réponses sont illustratifs.",
        "en": "In May 2021, the twenty-four commitments proposed for the second national open government "
        "action plan were put to public consultation on the open government portal for four weeks. The "
        "comments were sent to the administrations and institutions concerned, to be studied and taken into "
        "account in the final version of the commitments; each institution answered the comments on its "
        "commitments. Demonstration data: the duration and the numbers of participants (5) and comments (28) "
        "are those of the co-creation report; the texts of the comments and answers are illustrative.",
    },
}

# The five participants: citizen numbers (demo.builders.users), each
# writing in the language of their account.
NATIONAL_AUTHORS = {"p1": 23, "p2": 40, "p3": 59, "p4": 96, "p5": 110}

# author, commitment number, posted (2021, month-day hour:minute), comment,
# disposition, answered, the lead institution's answer.
# fmt: off
NATIONAL_COMMENTS = [
    ("p1", 1, "05-03 19:40",
     "أقترح أن يتضمن الالتزام تخفيض عدد التوقيعات المطلوبة لتقديم العرائض على المستوى الوطني، والسماح بجمعها "
     "إلكترونيا عبر منصة رسمية، لأن الشروط الحالية تجعل العريضة شبه مستحيلة بالنسبة للجمعيات الصغيرة.",
     D.PARTLY, "05-20 11:15",
     "نشكركم على هذا الاقتراح. سيتضمن الالتزام في صيغته النهائية إتاحة تقديم العرائض والملتمسات وجمع "
     "التوقيعات إلكترونيا عبر البوابة الوطنية للمشاركة المواطنة. أما عدد التوقيعات فيحدده القانونان "
     "التنظيميان 44.14 و64.14، وتعديلهما من اختصاص البرلمان؛ وسنرفع اقتراحكم ضمن الحصيلة التي نعدها حول "
     "تطبيق هذين القانونين."),
    ("p2", 4, "05-03 21:05",
     "Le rapport sur le budget genre est très riche mais publié en PDF uniquement. Serait-il possible de "
     "publier aussi les indicateurs par département en format ouvert (CSV), pour que les associations "
     "puissent suivre leur évolution d'une année à l'autre ?",
     D.TAKEN, "05-19 10:30",
     "Votre proposition est retenue : l'engagement prévoit désormais la publication, chaque année, des "
     "indicateurs de performance sensibles au genre de chaque département ministériel en format ouvert (CSV) "
     "sur le portail des données ouvertes, en plus du rapport."),
    ("p1", 2, "05-04 08:50",
     "المنصة الوطنية للتشاور يجب أن تنشر ردود الإدارة على كل مساهمة، وإلا سيفقد المواطنون الثقة. أقترح أن "
     "يكون الرد إلزاميا داخل أجل محدد بعد انتهاء التشاور.",
     D.TAKEN, "05-21 12:00",
     "اقتراحكم وجيه وقد أخذ بعين الاعتبار: ستنشر المنصة تقريرا عن كل استشارة يتضمن ملخص المساهمات وكيفية "
     "التعامل معها، وسيتضمن الالتزام مؤشرا حول نسبة الاستشارات التي نشر تقريرها داخل أجل شهر بعد إغلاقها."),
    ("p3", 9, "05-04 22:10",
     "نشر المقررات القضائية خطوة مهمة، لكن يجب حذف أسماء الأطراف والشهود قبل النشر حماية للمعطيات الشخصية، "
     "مع الإبقاء على أسماء الهيئة القضائية.",
     D.TAKEN, "05-24 15:20",
     "تم أخذ ملاحظتكم بعين الاعتبار: ستنشر المقررات بعد إخفاء هوية الأطراف والشهود وكل المعطيات التي تسمح "
     "بالتعرف عليهم، وفق منهجية تعد بتنسيق مع اللجنة الوطنية لمراقبة حماية المعطيات ذات الطابع الشخصي."),
    ("p1", 3, "05-05 18:25",
     "الهيئات الاستشارية لدى الجماعات، ومنها هيئة المساواة وتكافؤ الفرص ومقاربة النوع، موجودة على الورق فقط "
     "في كثير من الجماعات. أقترح أن يتضمن الالتزام نشر لائحة هذه الهيئات وتركيبتها ومحاضر اجتماعاتها.",
     D.PARTLY, "06-02 10:05",
     "نتفق معكم على ضرورة تفعيل هذه الهيئات. سيتضمن الالتزام إعداد دليل لتفعيل الآليات التشاركية للحوار "
     "والتشاور لفائدة الجماعات، ونشر لائحة الهيئات المحدثة وتركيبتها. أما نشر المحاضر فيعود إلى كل جماعة، "
     "وسنوصي به في الدليل."),
    ("p4", 7, "05-05 12:40",
     "Le suivi en ligne des démarches est indispensable. Je suggère d'y ajouter un délai maximal affiché "
     "pour chaque démarche, et une alerte quand il est dépassé.",
     D.TAKEN, "05-21 16:45",
     "Proposition retenue : en application de la loi 55.19 sur la simplification des procédures et des "
     "formalités administratives, chaque démarche publiée affichera son délai maximal de traitement ; "
     "l'usager suivra son dossier en ligne et sera averti si ce délai est dépassé."),
    ("p2", 5, "05-06 09:15",
     "Les données sur les violences faites aux femmes doivent être ventilées par région, par milieu (urbain "
     "ou rural) et par type de violence, tout en garantissant l'anonymat des victimes. Qui validera le "
     "protocole d'anonymisation ?",
     D.PARTLY, "06-01 11:30",
     "Les données seront publiées par région et par type de violence, à partir des enquêtes nationales et "
     "des cellules de prise en charge ; la ventilation urbain/rural dépendra de la prochaine enquête "
     "nationale. Le protocole d'anonymisation sera soumis à la CNDP avant toute publication."),
    ("p3", 16, "05-06 20:30",
     "حماية المبلغين تتطلب قبل كل شيء ضمان سرية هويتهم وعدم تعرضهم لأي عقوبة تأديبية. هل سيتضمن الالتزام "
     "تعديل القانون أم مجرد حملة تحسيسية؟",
     D.PARTLY, "05-25 09:40",
     "يتضمن الالتزام إعداد دراسة حول الإطار القانوني الحالي لحماية المبلغين واقتراح تعديلات عليه، إلى جانب "
     "حملات التحسيس. أما تعديل القانون نفسه فيمر عبر المسطرة التشريعية التي لا يمكن تحديد آجالها في هذه "
     "الخطة."),
    ("p2", 6, "05-07 17:55",
     "Le portail national des données ouvertes contient beaucoup de jeux de données obsolètes. Je propose "
     "d'ajouter à l'engagement un calendrier de mise à jour par jeu de données, visible sur le portail, et "
     "un indicateur sur la part de jeux à jour.",
     D.TAKEN, "05-26 14:10",
     "Proposition retenue : chaque jeu de données affichera sa fréquence de mise à jour et la date de sa "
     "dernière actualisation, et l'engagement comporte un indicateur de la part des jeux de données à jour, "
     "publié chaque semestre."),
    ("p5", 23, "05-08 11:20",
     "أقترح أن تلزم كل إدارة بتعيين الشخص المكلف بتلقي طلبات الحصول على المعلومات ونشر اسمه وعنوانه على "
     "موقعها.",
     D.OUT_OF_SCOPE, "05-26 10:00",
     "تعيين الأشخاص المكلفين بتلقي طلبات الحصول على المعلومات التزام قانوني قائم بموجب القانون 31.13، وليس "
     "إجراء جديدا يمكن إدراجه في الخطة. وتتبع اللجنة احترامه في إطار اختصاصاتها، ويمكنكم إبلاغها بكل إدارة "
     "لم تنشر هذه المعلومات."),
    ("p1", 11, "05-10 21:35",
     "ميزانية المواطن مفيدة، لكنها تصدر بعد المصادقة على قانون المالية. أقترح إصدار نسخة مبسطة أيضا من مشروع "
     "قانون المالية في أكتوبر حتى يتمكن المواطنون من المشاركة في النقاش.",
     D.TAKEN, "05-27 12:30",
     "تم أخذ اقتراحكم بعين الاعتبار: سينص الالتزام على نشر ميزانية المواطن في مرحلتين، الأولى عند إيداع "
     "مشروع قانون المالية بالبرلمان في أكتوبر، والثانية بعد المصادقة عليه، باللغتين العربية والفرنسية."),
    ("p3", 12, "05-11 13:05",
     "أقترح نشر المعطيات الكاملة للصفقات العمومية، بما فيها سندات الطلب، وفق معيار المعطيات المفتوحة للتعاقد "
     "(OCDS).",
     D.PARTLY, "05-31 15:00",
     "سيتم نشر معطيات الصفقات المنشورة في بوابة الصفقات العمومية بصيغة مفتوحة وفق معيار OCDS، بشكل تدريجي. "
     "أما سندات الطلب فسيدرس إدراجها في مرحلة ثانية بعد تعميم الطلبات الإلكترونية."),
    ("p4", 13, "05-11 18:00",
     "Le rapport sur les dépenses fiscales annexé au projet de loi de finances devrait être accompagné d'une "
     "évaluation de l'impact de chaque mesure. C'est indispensable pour la justice fiscale.",
     D.NOT_TAKEN, "06-14 11:00",
     "Cet engagement ne sera pas retenu dans la version finale : l'évaluation mesure par mesure suppose des "
     "données que l'administration fiscale ne produit pas encore de façon fiable, et ce chantier relève de "
     "la réforme fiscale engagée par la loi-cadre 69.19. Le rapport sur les dépenses fiscales continuera "
     "d'être publié chaque année avec le projet de loi de finances."),
    ("p2", 8, "05-12 08:30",
     "Le laboratoire d'innovation publique est une excellente idée : il faut qu'il soit ouvert aux "
     "associations et aux étudiants, pas seulement aux administrations et aux entreprises.",
     D.NOT_TAKEN, "06-09 10:20",
     "Nous partageons l'objectif, mais cet engagement ne sera pas retenu dans la version finale du plan : "
     "son financement et son cadre juridique ne sont pas arrêtés à ce jour, et nous ne voulons pas prendre "
     "un engagement que nous ne sommes pas sûrs de tenir en 2021-2023. L'idée sera reprise dans les travaux "
     "du prochain plan."),
    ("p3", 17, "05-12 19:45",
     "المنصة الموحدة للتبليغ عن الفساد يجب أن تكون متاحة أيضا عبر الهاتف المحمول وباللغة الأمازيغية.",
     D.TAKEN, "06-01 09:30",
     "تم أخذ اقتراحكم بعين الاعتبار: ستصمم المنصة لتكون ملائمة للهواتف المحمولة منذ إطلاقها، وستتوفر واجهتها "
     "باللغات العربية والأمازيغية والفرنسية."),
    ("p5", 15, "05-12 22:15",
     "أطالب بنشر دراسات التأثير على البيئة للمشاريع الكبرى قبل إجراء البحث العمومي وليس بعده، مع ملخص غير "
     "تقني باللغة العربية.",
     D.PARTLY, "05-31 11:45",
     "سيتم نشر الملخص غير التقني لدراسات التأثير على البيئة على موقع الوزارة عند فتح البحث العمومي، كما ينص "
     "على ذلك القانون 49.17 المتعلق بالتقييم البيئي. أما نشر الدراسات كاملة فيتطلب موافقة أصحاب المشاريع، "
     "وسندرس ذلك مع اللجنة الوطنية لدراسات التأثير على البيئة."),
    ("p5", 1, "05-17 10:05",
     "ينبغي أن يشمل الالتزام دليلا مبسطا حول مسطرة تقديم العرائض باللغتين العربية والأمازيغية، مع نماذج "
     "جاهزة، لأن كثيرا من الجمعيات في العالم القروي لا تعرف الشروط الشكلية.",
     D.TAKEN, "05-28 10:15",
     "تم أخذ اقتراحكم بعين الاعتبار: أضيف إلى الالتزام نشاط لإعداد دليل مبسط حول العرائض والملتمسات باللغتين "
     "العربية والأمازيغية، يتضمن نماذج جاهزة، مع تنظيم لقاءات تحسيسية لفائدة الجمعيات في الجهات."),
    ("p1", 19, "05-18 20:20",
     "أتمنى أن تنشر المؤشرات على مستوى كل جماعة وليس فقط على مستوى الجهة، لأن الفوارق داخل الجهة الواحدة "
     "كبيرة جدا.",
     D.PARTLY, "06-04 12:10",
     "سننشر المؤشرات على مستوى الجهات والأقاليم خلال مدة الخطة، ثم على مستوى الجماعات بالنسبة للمؤشرات التي "
     "تتوفر معطياتها من الإحصاء العام للسكان والسكنى. أما المؤشرات الأخرى فتتطلب بحوثا ميدانية غير مبرمجة "
     "حاليا."),
    ("p4", 21, "05-18 09:35",
     "Le portail national des réclamations existe déjà : l'engagement devrait surtout publier le délai moyen "
     "de réponse de chaque administration.",
     D.TAKEN, "06-02 15:30",
     "Remarque retenue : l'engagement prévoit la publication trimestrielle, par administration, du nombre de "
     "réclamations reçues par le portail national des réclamations (chikaya.ma), du taux de réponse et du "
     "délai moyen de réponse."),
    ("p3", 18, "05-19 21:00",
     "أقترح نشر التصريحات بالمصالح للمسؤولين الكبار على الإنترنت، كما هو معمول به في عدد من الدول.",
     D.NOT_TAKEN, "06-11 10:40",
     "لم يؤخذ هذا الاقتراح بعين الاعتبار: التصريح الإجباري بالممتلكات يؤطره القانون، ولا يسمح حاليا بنشر "
     "مضمونه، والالتزام يقتصر على إعداد دليل للوقاية من تضارب المصالح داخل الإدارة وتكوين المسؤولين عليه. "
     "وسيطرح النشر في إطار مراجعة النصوص المتعلقة بالتصريح بالممتلكات."),
    ("p5", 5, "05-20 17:10",
     "أقترح إشراك جمعيات مراكز الاستماع في إعداد المؤشرات، لأنها تتوفر على معطيات ميدانية لا تظهر في "
     "الإحصاءات الرسمية.",
     D.TAKEN, "06-03 11:20",
     "تم أخذ اقتراحكم بعين الاعتبار: سيتم إشراك شبكات مراكز الاستماع والإرشاد القانوني في لجنة تقنية لإعداد "
     "المؤشرات وتحديد منهجية نشرها، وستذكر الجمعيات المشاركة في بطاقة الالتزام."),
    ("p2", 14, "05-21 08:05",
     "Merci d'inclure la qualité de l'air mesurée dans les grandes villes, station par station, avec un "
     "historique, et pas seulement un indice global.",
     D.PARTLY, "06-07 14:00",
     "Les mesures des stations de surveillance de la qualité de l'air seront publiées par ville et par "
     "polluant, avec un historique mensuel. La publication station par station en temps réel demande une "
     "mise à niveau du réseau qui n'est pas prévue dans la durée du plan."),
    ("p1", 20, "05-24 19:50",
     "أقترح أن تلزم الجماعات المنخرطة في هذا الالتزام بنقل دورات مجالسها مباشرة عبر الإنترنت، كما تفعل بعض "
     "الجماعات منذ الجائحة.",
     D.NOT_TAKEN, "06-07 10:50",
     "لم يؤخذ هذا الاقتراح بعين الاعتبار في هذه الخطة: تنظيم علنية الدورات من صلاحيات المجالس المنتخبة طبقا "
     "للقانون التنظيمي 113.14، ولا يمكن لقطاع وزاري أن يفرضه عليها، كما أن كثيرا من الجماعات القروية لا "
     "تتوفر على الوسائل التقنية للبث المباشر."),
    ("p3", 2, "05-25 12:25",
     "هل ستكون المنصة مفتوحة أيضا لمشاريع النصوص التنظيمية التي تعدها القطاعات الوزارية؟ أقترح نشر جميع "
     "مشاريع المراسيم للتشاور لمدة لا تقل عن ثلاثين يوما.",
     D.PARTLY, "06-08 16:00",
     "ستفتح المنصة للقطاعات الوزارية لعرض مشاريع النصوص التي تقرر إخضاعها للتشاور، وسيتضمن الالتزام إعداد "
     "دليل منهجي للتشاور العمومي يحدد مددا دنيا. أما إلزامية نشر جميع مشاريع المراسيم فتتطلب نصا قانونيا لا "
     "يندرج في آجال هذه الخطة."),
    ("p4", 23, "05-25 16:30",
     "Merci de préciser quelles informations chaque administration devra publier de façon proactive, avec un "
     "tableau de bord public du taux de conformité.",
     D.PARTLY, "06-09 09:45",
     "La liste des informations à publier est celle de l'article 10 de la loi 31.13 ; la Commission "
     "élaborera un guide précisant leur contenu et évaluera chaque année la conformité d'un échantillon "
     "d'administrations. Un tableau de bord couvrant toutes les administrations n'est pas réalisable dans la "
     "durée du plan."),
    ("p2", 22, "05-26 20:40",
     "Pour les données sur les établissements scolaires, pensez aux écoles rurales : leurs unités satellites "
     "sont souvent absentes des statistiques publiées.",
     D.TAKEN, "06-10 11:00",
     "Remarque retenue : les données publiées couvriront toutes les unités scolaires, y compris les unités "
     "satellites des écoles rurales, avec leur commune et leur milieu (urbain ou rural)."),
    ("p5", 16, "05-27 09:55",
     "أقترح إحداث رقم أخضر مجاني للتبليغ، وخدمة للمتابعة تسمح للمبلغ بمعرفة مآل تبليغه دون الكشف عن هويته.",
     D.PARTLY, "06-10 15:15",
     "يوجد رقم أخضر للتبليغ عن الرشوة لدى رئاسة النيابة العامة. أما تتبع مآل التبليغ دون الكشف عن الهوية "
     "فسيدرج ضمن المنصة الموحدة للتبليغ (الالتزام 17)، عبر رقم سري يسلم للمبلغ."),
    ("p4", 24, "05-28 13:20",
     "Le portail national de l'accès à l'information devrait publier les réponses déjà données, pour éviter "
     "que la même question soit posée dix fois.",
     D.TAKEN, "06-11 14:30",
     "Proposition retenue : avec l'accord des demandeurs, les réponses aux demandes d'accès seront publiées "
     "sur le portail national (chafafiya.ma), classées par administration et par thème."),
]
# fmt: on


def national_consultation(
    plan: Plan, commitments: list[Commitment], citizens: list[User], data: dict, figures: dict
) -> Consultation:
    """The consultation on the 2021–2023 draft plan, its 28 comments each
    answered by the lead institution's focal point; built once."""
    existing = Consultation.objects.filter(plan=plan, subject=Consultation.Subject.DRAFT_PLAN).first()
    if existing is not None:
        return existing
    if len(commitments) != data["totals"]["proposed_commitments"]:
        raise ValueError("The consultation is on the proposed commitments: the demo's do not match the data.")
    if len(NATIONAL_COMMENTS) != figures["comments"] or len(NATIONAL_AUTHORS) != figures["participants"]:
        raise ValueError("The comments and their authors do not give the figures of data/consultations.json.")
    if {row[1] for row in NATIONAL_COMMENTS if row[4] == D.TAKEN} != REVISED_AFTER_CONSULTATION:
        raise ValueError("The cards revised after the consultation are those with a comment taken in.")
    phase = plan.phase(PhaseKind.CONSULTATION)
    consultation = Consultation.objects.create(
        plan=plan,
        subject=Consultation.Subject.DRAFT_PLAN,
        **_texts(NATIONAL_TEXT),
        opened_at=at(phase.start, 0),
        created_at=at(phase.start - timedelta(days=5), 9),
    )
    # The cards as proposed then (see the module's docstring).
    consultation.commitments.set(commitments)
    by_number = {c.number: c for c in commitments}
    focal_points: dict[int, User] = {}
    for author, number, posted, body, disposition, answered, text in NATIONAL_COMMENTS:
        commitment = by_number[number]
        lead: Institution = commitment.lead_institution
        if lead.pk not in focal_points:
            focal_points[lead.pk] = focal_point(lead)
        comment = _post(
            consultation,
            _moment(phase.start.year, posted),
            author=citizens[NATIONAL_AUTHORS[author] - 1],
            body=body,
            commitment=commitment,
        )
        _answer(
            comment,
            _moment(phase.start.year, answered),
            by=focal_points[lead.pk],
            disposition=disposition,
            text=text,
        )
    return consultation


# ---------------------------------------------------------------------------
# 2. The House of Representatives' consultation on the draft of its 2022–2023 plan.

HOUSE_TEXT = {
    "title": {
        "ar": "التشاور عبر الإنترنت حول مشروع خطة العمل الثانية لمجلس النواب 2022-2023",
        "fr": "Consultation en ligne sur le projet de deuxième plan d'action de la Chambre des Représentants "
        "2022-2023",
        "en": "Online consultation on the House of Representatives' draft second action plan 2022-2023",
    },
    "introduction": {
        "ar": "من 27 يونيو إلى 27 يوليوز 2022، عرض مجلس النواب مشروع خطة عمله الثانية في إطار الشراكة من أجل "
        "الحكومة المنفتحة للتشاور عبر الإنترنت، بعد يوم تواصلي مع هيئات المجتمع المدني نظم يوم 22 يونيو "
        "2022. توصل المجلس بـ25 تعليقا من 19 جمعية، وأدرج مقترحين في خطته النهائية. معطيات للعرض: التواريخ "
        "والأرقام والمقترحان المدرجان هي ما نشره المجلس، أما التعليقات الأخرى والأجوبة وأسماء الجمعيات ونص "
        "الأبواب فتوضيحية.",
        "fr": "Du 27 juin au 27 juillet 2022, la Chambre des Représentants a soumis à la consultation en "
        "ligne le projet de son deuxième plan d'action au titre du Partenariat pour un gouvernement ouvert, "
        "après une journée de dialogue avec la société civile tenue le 22 juin 2022. Elle a reçu 25 "
        "commentaires de 19 associations et intégré deux propositions à son plan final. Données de "
        "démonstration : les dates, les chiffres et les deux propositions intégrées sont ceux que la Chambre "
        "a publiés ; les autres commentaires, les réponses, les noms des associations et le texte des "
        "sections sont illustratifs.",
        "en": "From 27 June to 27 July 2022, the House of Representatives put the draft of its second Open "
        "Government Partnership action plan to online consultation, after a day of dialogue with civil "
        "society on 22 June 2022. It received 25 comments from 19 associations and integrated two proposals "
        "into its final plan. Demonstration data: the dates, the figures and the two proposals integrated "
        "are those the House published; the other comments, the answers, the associations' names and the "
        "sections' text are illustrative.",
    },
}

# The draft's sections: its introduction, its seven commitments (titles from
# the data, the text illustrative), and the implementation.
HOUSE_INTRODUCTION = (
    {
        "ar": "تقديم: السياق والمنهجية",
        "fr": "Présentation : contexte et méthode",
        "en": "Introduction: context and method",
    },
    {
        "ar": "انخرط مجلس النواب في الشراكة من أجل الحكومة المنفتحة سنة 2019، وأعد خطة عمله الأولى للفترة "
        "2019-2021 متضمنة ستة التزامات في محاور المشاركة المواطنة والولوج إلى المعلومة والمحاسبة. وبعد عرض "
        "حصيلتها، يعرض المجلس مشروع خطته الثانية للفترة 2022-2023، الذي أعد بعد يوم تواصلي مع هيئات المجتمع "
        "المدني نظم يوم 22 يونيو 2022، للتشاور عبر الإنترنت من 27 يونيو إلى 27 يوليوز 2022.",
        "fr": "La Chambre des Représentants a rejoint le Partenariat pour un gouvernement ouvert en 2019 et "
        "adopté un premier plan d'action 2019-2021 de six engagements, autour de la participation citoyenne, "
        "de l'accès à l'information et de la redevabilité. Après en avoir présenté le bilan, elle soumet à "
        "la consultation en ligne, du 27 juin au 27 juillet 2022, le projet de son deuxième plan 2022-2023, "
        "préparé à la suite d'une journée de dialogue avec la société civile tenue le 22 juin 2022.",
        "en": "The House of Representatives joined the Open Government Partnership in 2019 and adopted a "
        "first action plan for 2019-2021 of six commitments on citizen participation, access to information "
        "and accountability. Having presented its results, it puts the draft of its second plan, 2022-2023, "
        "prepared after a day of dialogue with civil society on 22 June 2022, to online consultation from 27 "
        "June to 27 July 2022.",
    },
)
# fmt: off
HOUSE_COMMITMENT_TEXTS = {
    1: {"ar": "تعزيز الشراكة مع جمعيات المجتمع المدني والأوساط الأكاديمية، من خلال لقاءات تواصلية منتظمة، "
              "وتكوين مكونين من الفاعلين الاجتماعيين قصد ضمان تأطير الفاعلين الاجتماعيين المحليين، خاصة في "
              "مجال الديمقراطية التشاركية والمواطنة.",
        "fr": "Renforcer le partenariat avec les associations et le monde universitaire par des rencontres "
              "régulières, et former des formateurs parmi les acteurs sociaux pour encadrer les acteurs "
              "locaux, notamment en matière de démocratie participative et de citoyenneté."},
    2: {"ar": "تنظيم أنشطة لمجلس النواب على المستوى الترابي، تقرب عمل المجلس من المواطنات والمواطنين في "
              "الجهات.",
        "fr": "Organiser des activités de la Chambre au niveau territorial, pour rapprocher son travail des "
              "citoyennes et des citoyens dans les régions."},
    3: {"ar": "استقبال المواطنات والمواطنين بمقر المجلس، لا سيما الشباب والطلبة والتلاميذ، للتعريف بالعمل "
              "البرلماني.",
        "fr": "Accueillir les citoyens au siège de la Chambre, en particulier les jeunes, les étudiants et "
              "les élèves, pour faire connaître le travail parlementaire."},
    4: {"ar": "التوظيف الأمثل للتكنولوجيات الجديدة للإعلام والاتصال ووسائط التواصل الاجتماعي وبث محتويات "
              "مؤسساتية، ونشر مقترحات ومشاريع القوانين لتلقي ملاحظات المواطنات والمواطنين واقتراحاتهم "
              "وتعاليقهم، ووضعها رهن إشارة المكونات السياسية للمجلس لاستثمارها.",
        "fr": "Utiliser au mieux les nouvelles technologies de l'information et de la communication et les "
              "réseaux sociaux, diffuser des contenus institutionnels, et publier les propositions et "
              "projets de loi pour recueillir les observations, propositions et commentaires des citoyens, "
              "mis à la disposition des groupes politiques de la Chambre."},
    5: {"ar": "تطوير تطبيق معلوماتي لتلقي اقتراحات المواطنات والمواطنين في مجالات التشريع والرقابة وتقييم "
              "السياسات العمومية.",
        "fr": "Développer une application pour recueillir les propositions des citoyens en matière de "
              "législation, de contrôle et d'évaluation des politiques publiques."},
    6: {"ar": "المشاركة في تنظيم مخيمات صيفية موضوعاتية لفائدة الشباب، لنشر قيم الديمقراطية والمشاركة "
              "والتعددية والتربية عليها.",
        "fr": "Participer à l'organisation de camps d'été thématiques pour les jeunes, afin de diffuser les "
              "valeurs de la démocratie, de la participation et du pluralisme et d'y éduquer."},
    7: {"ar": "تنظيم منتديات للقرب حول النصوص التشريعية، بهدف جعل الجمهور يتمثل ويستبطن إعداد القوانين "
              "وصياغتها، ليتهيأ لاحقا للمشاركة في تنفيذها والدفاع عنها.",
        "fr": "Organiser des forums de proximité sur les textes de loi, pour que le public s'approprie la "
              "préparation et la rédaction des lois et soit prêt à participer ensuite à leur mise en œuvre "
              "et à les défendre."},
}
HOUSE_IMPLEMENTATION = (
    {"ar": "تنفيذ الخطة وتتبعها", "fr": "Mise en œuvre et suivi du plan",
     "en": "Implementation and monitoring"},
    {"ar": "تتولى مصالح المجلس تنفيذ الالتزامات وتتبعها، وتعد تقريرا عن حصيلة الخطة عند انتهائها يعرض على "
           "هيئات المجتمع المدني.",
     "fr": "Les services de la Chambre mettent en œuvre les engagements et en assurent le suivi ; un bilan "
           "du plan est établi à son terme et présenté à la société civile.",
     "en": "The House's services implement the commitments and follow them up; a report on the plan is drawn "
           "up at its end and presented to civil society."},
)
# The 19 associations (illustrative names): key, Arabic, French, English.
HOUSE_ASSOCIATIONS = [
    ("horizon", "جمعية أفق للمواطنة والتنمية (سطات)",
     "Association Horizon pour la citoyenneté et le développement (Settat)",
     "Horizon Association for Citizenship and Development (Settat)"),
    ("jeunes", "شبكة جمعيات الشباب من أجل المشاركة (فاس)",
     "Réseau des associations de jeunes pour la participation (Fès)",
     "Network of Youth Associations for Participation (Fez)"),
    ("parite", "جمعية نساء من أجل المناصفة (الدار البيضاء)", "Association Femmes pour la parité (Casablanca)",
     "Women for Parity Association (Casablanca)"),
    ("observatoire", "مرصد الشفافية المحلية (وجدة)", "Observatoire de la transparence locale (Oujda)",
     "Local Transparency Observatory (Oujda)"),
    ("numerique", "جمعية المبادرة الرقمية المواطنة (الرباط)",
     "Association Initiative numérique citoyenne (Rabat)",
     "Citizen Digital Initiative Association (Rabat)"),
    ("education", "جمعية التربية على الديمقراطية (مكناس)", "Association Éducation à la démocratie (Meknès)",
     "Education for Democracy Association (Meknes)"),
    ("climat", "جمعية البيئة والعدالة المناخية (أكادير)",
     "Association Environnement et justice climatique (Agadir)",
     "Environment and Climate Justice Association (Agadir)"),
    ("handicap", "جمعية حقوق الأشخاص في وضعية إعاقة (مراكش)",
     "Association pour les droits des personnes en situation de handicap (Marrakech)",
     "Association for the Rights of Persons with Disabilities (Marrakesh)"),
    ("etudiants", "جمعية الطلبة من أجل برلمان منفتح (الرباط)",
     "Association Étudiants pour un parlement ouvert (Rabat)",
     "Students for an Open Parliament (Rabat)"),
    ("forum", "منتدى المواطنة والحكامة (طنجة)", "Forum Citoyenneté et gouvernance (Tanger)",
     "Citizenship and Governance Forum (Tangier)"),
    ("developpement", "جمعية التنمية المحلية والمشاركة (بني ملال)",
     "Association Développement local et participation (Béni Mellal)",
     "Local Development and Participation Association (Beni Mellal)"),
    ("presse", "جمعية الصحافة المستقلة والحق في المعلومة (الدار البيضاء)",
     "Association Presse indépendante et droit à l'information (Casablanca)",
     "Independent Press and Right to Information Association (Casablanca)"),
    ("amazigh", "جمعية الثقافة الأمازيغية والمواطنة (الحسيمة)",
     "Association Culture amazighe et citoyenneté (Al Hoceïma)",
     "Amazigh Culture and Citizenship Association (Al Hoceima)"),
    ("usagers", "جمعية الدفاع عن حقوق المرتفقين (العيون)", "Association de défense des usagers (Laâyoune)",
     "Public Service Users' Rights Association (Laayoune)"),
    ("oasis", "جمعية شباب الواحات (الرشيدية)", "Association Jeunes des oasis (Errachidia)",
     "Oasis Youth Association (Errachidia)"),
    ("juristes", "جمعية الحقوقيين الشباب (فاس)", "Association des jeunes juristes (Fès)",
     "Young Lawyers' Association (Fez)"),
    ("femmes-politique", "جمعية النهوض بالمشاركة السياسية للنساء (تطوان)",
     "Association pour la participation politique des femmes (Tétouan)",
     "Association for Women's Political Participation (Tetouan)"),
    ("rural", "جمعية التضامن القروي والمواطنة (خنيفرة)",
     "Association Solidarité rurale et citoyenneté (Khénifra)",
     "Rural Solidarity and Citizenship Association (Khenifra)"),
    ("chercheurs", "حلقة الباحثين في العلوم السياسية (سلا)",
     "Cercle des chercheurs en sciences politiques (Salé)",
     "Political Science Researchers' Circle (Sale)"),
]
# The associations' representatives who commented: citizens 131 to 149, in order.
HOUSE_AUTHORS_FROM = 131

# association, section (0: the whole text), posted (2022, month-day
# hour:minute), comment, disposition, answered, the secretariat's answer.
# The two integrated proposals' answers quote the final plan (the data's
# wording): INTEGRATED_1 and INTEGRATED_2 stand for them.
INTEGRATED_1, INTEGRATED_2 = "integrated:0", "integrated:1"
HOUSE_COMMENTS = [
    ("forum", 1, "06-28 10:20",
     "نثمن تنظيم اليوم التواصلي مع جمعيات المجتمع المدني، لكننا نقترح أن يعرض المجلس حصيلة مفصلة لكل التزام "
     "من التزامات الخطة الأولى بدل نسبة إنجاز إجمالية، حتى نتمكن من تقييم ما تحقق فعلا.",
     D.PARTLY, "08-01 11:00",
     "سيرفق المجلس خطته الثانية بتقرير عن حصيلة الخطة الأولى يعرض الإجراءات المنجزة في إطار كل التزام. أما "
     "تقييم كل التزام بمؤشرات مرقمة فسيعتمد ابتداء من الخطة الثانية، لأن التزامات الخطة الأولى لم تتضمن "
     "مؤشرات قابلة للقياس."),
    ("numerique", 5, "06-28 21:45",
     "نقترح نشر مقترحات ومشاريع القوانين مع إمكانية التعليق عليها، على أن تنشر التعليقات ويجاب عنها، وإلا "
     "فلن يشارك المواطنون.",
     D.PARTLY, "07-28 10:30",
     "سينشر المجلس مقترحات ومشاريع القوانين المعروضة عليه مع إمكانية التعليق عليها، وستنشر التعليقات وتوضع "
     "رهن إشارة الفرق والمجموعات النيابية. أما الجواب عن كل تعليق فلا يمكن للمجلس أن يلتزم به، لأن الجواب عن "
     "مضمون النصوص يعود إلى النواب وفرقهم وليس إلى إدارة المجلس."),
    ("jeunes", 2, "06-29 18:05",
     "نقترح أن تشمل الشراكة تكوين مكونين من الجمعيات الشبابية في مجال الديمقراطية التشاركية، مع إعطاء "
     "الأولوية للجهات البعيدة عن الرباط.",
     D.PARTLY, "08-01 15:40",
     "يتضمن الالتزام تكوين مكونين من الفاعلين الاجتماعيين لتأطير الفاعلين المحليين في مجال الديمقراطية "
     "التشاركية والمواطنة، وسيراعى في اختيارهم التوزيع على جهات المملكة. أما تخصيص التكوين للجمعيات الشبابية "
     "وحدها فلم يعتمد، لأن الالتزام موجه لكل الفاعلين الاجتماعيين."),
    ("developpement", 3, "06-30 09:10",
     "برلمان القرب يعني أن يلتقي النواب بالمواطنين في جهاتهم. نقترح تنظيم لقاءات دورية في كل جهة بحضور أعضاء "
     "اللجان الدائمة، مع نشر ما يطرح فيها.",
     D.PARTLY, "08-03 10:00",
     "يتضمن الالتزام تنظيم أنشطة للمجلس على المستوى الترابي، وستنشر تقارير عنها على موقع المجلس. أما وتيرة "
     "اللقاءات في كل جهة وحضور اللجان الدائمة فيحددهما مكتب المجلس حسب برنامج عمله، ولم تحدد في الخطة."),
    ("observatoire", 6, "06-30 20:30",
     "نقترح أن يتضمن الالتزام منصة لتلقي اقتراحات المواطنين حول مواضيع تقييم السياسات العمومية التي يختارها "
     "المجلس كل سنة.",
     D.PARTLY, "08-03 14:20",
     "يتضمن الالتزام تطوير تطبيق معلوماتي لتلقي اقتراحات المواطنات والمواطنين في مجالات التشريع والرقابة "
     "وتقييم السياسات العمومية. أما اختيار مواضيع التقييم فيبقى من صلاحيات أجهزة المجلس، وستنشر المواضيع "
     "المختارة لتلقي الاقتراحات حولها."),
    ("etudiants", 4, "07-01 16:15",
     "Les visites de la Chambre sont très demandées par les établissements scolaires, mais les créneaux sont "
     "rares. Nous proposons une réservation en ligne, avec un calendrier public des visites.",
     D.PARTLY, "08-08 10:45",
     "Les demandes de visite pourront être déposées en ligne sur le site de la Chambre, qui publiera les "
     "périodes ouvertes aux visites. Un calendrier de réservation en temps réel n'est pas prévu : les "
     "visites dépendent du calendrier des séances, arrêté par le Bureau."),
    ("juristes", 8, "07-02 11:50",
     "لم تحدد المسودة كيف ستؤخذ نتائج منتديات القرب بعين الاعتبار في صياغة القوانين. نقترح أن ينشر تقرير عن "
     "كل منتدى ويرفق بملف النص التشريعي.",
     D.PARTLY, "08-04 11:10",
     "سيعد تقرير عن كل منتدى للقرب ويوضع رهن إشارة اللجنة الدائمة المختصة والفرق النيابية، وينشر على موقع "
     "المجلس. أما الأخذ بخلاصاته في صياغة النص فيعود إلى النواب في إطار ممارستهم لحق التعديل."),
    ("chercheurs", 1, "07-04 08:40",
     "Le projet gagnerait à préciser, pour chaque engagement, les indicateurs, le calendrier et le service "
     "responsable : sans cela, le suivi par la société civile restera impossible.",
     D.PARTLY, "08-02 09:30",
     "Le plan final précise, pour chaque engagement, les activités prévues et leur calendrier sur la période "
     "de septembre 2022 à décembre 2023. Les indicateurs chiffrés seront définis avec les services concernés "
     "au démarrage de la mise en œuvre et publiés avec le premier rapport d'étape."),
    ("presse", 5, "07-05 13:25",
     "Publier les données des travaux de la Chambre (ordres du jour, présences en commission, amendements) "
     "en format ouvert et réutilisable, pas seulement en PDF.",
     D.PARTLY, "07-29 11:20",
     "Les ordres du jour, comptes rendus et textes adoptés continueront d'être publiés sur le site, et la "
     "Chambre étudiera leur publication en format ouvert lors de la refonte de son système d'information. La "
     "publication des présences relève du règlement intérieur de la Chambre et n'entre pas dans ce plan."),
    ("parite", 2, "07-06 19:00",
     "يجب أن تشمل الشراكة الجمعيات النسائية بشكل صريح، وأن تحترم المناصفة في كل الأنشطة التي ينظمها المجلس "
     "مع المجتمع المدني.",
     D.PARTLY, "08-02 12:15",
     "سيحرص المجلس على تمثيلية متوازنة بين النساء والرجال في أنشطة الشراكة وفي لوائح المستفيدين من التكوين، "
     "وستنشر المعطيات حسب النوع في تقرير التنفيذ. أما تخصيص حصة للجمعيات النسائية فلم يعتمد في هذه الخطة."),
    ("amazigh", 7, "07-07 17:35",
     "نقترح أن تنظم المخيمات الصيفية في جهات مختلفة كل سنة، وأن يشارك فيها شباب العالم القروي.",
     D.PARTLY, "08-10 10:30",
     "سيعمل المجلس مع شركائه على تنظيم المخيمات الموضوعاتية في جهات مختلفة، وسيراعى في اختيار المشاركين حضور "
     "شباب العالم القروي والمناصفة. ويحدد عدد المخيمات ومكانها كل سنة حسب إمكانيات الشركاء."),
    ("oasis", 3, "07-08 22:05",
     "لا يكفي أن تكون اللقاءات في مراكز الجهات: سكان الواحات والجبال لا يستطيعون التنقل. نقترح أن تكون بعض "
     "الأنشطة عن بعد مع بث مباشر.",
     D.PARTLY, "08-04 15:00",
     "سيتم بث أنشطة القرب التي ينظمها المجلس مباشرة على قنواته الرقمية كلما أمكن، وهو ما يندرج في الالتزام "
     "الرابع حول البرلمان الرقمي. أما تنظيم لقاءات في كل إقليم فيتجاوز إمكانيات المجلس في مدة هذه الخطة."),
    ("forum", 9, "07-09 10:15",
     "نقترح تشكيل لجنة قيادة منتخبة بطريقة ديمقراطية تشرك المجتمع المدني في تتبع تنفيذ الخطة، مع مراعاة "
     "البعد الموضوعاتي (حقوق الإنسان، البيئة والعدالة المناخية، التنمية المحلية، الحكامة والشفافية...) "
     "والبعد المجالي (تمثيلية مختلف جهات المملكة) وبعد النوع الاجتماعي.",
     D.TAKEN, "07-28 09:00", INTEGRATED_1),
    ("rural", 0, "07-10 20:40",
     "نقترح أن تتضمن الخطة أنشطة خاصة بالعالم القروي، لأن سكانه لا يعرفون شيئا عن عمل البرلمان.",
     D.PARTLY, "08-05 10:10",
     "ستراعى الجماعات القروية في برمجة أنشطة القرب (الالتزام الثاني) واختيار المشاركين في المخيمات الصيفية "
     "(الالتزام السادس). ولم تحدد في الخطة أنشطة خاصة بالعالم القروي وحده."),
    ("juristes", 6, "07-11 12:30",
     "Les citoyens devraient pouvoir proposer des questions écrites aux députés par le site de la Chambre.",
     D.OUT_OF_SCOPE, "08-09 11:40",
     "Les questions écrites sont posées par les députés, sous leur responsabilité : la Chambre ne peut pas "
     "en faire un droit des citoyens dans ce plan. Les citoyens peuvent adresser leurs propositions aux "
     "groupes parlementaires, auxquels la Chambre transmettra les contributions reçues au titre de "
     "l'engagement 4."),
    ("handicap", 4, "07-12 15:55",
     "نطالب بأن تكون زيارات المجلس ومحتوياته الرقمية ولوجة للأشخاص في وضعية إعاقة: ولوجيات في البناية، "
     "وترجمة الجلسات العامة بلغة الإشارة.",
     D.PARTLY, "08-08 14:30",
     "سيتم تكييف مسار الزيارات ليكون ولوجا للأشخاص في وضعية إعاقة حركية. أما الترجمة بلغة الإشارة فستدرس "
     "للجلسات العامة في حدود الإمكانيات المتاحة، ولم تدرج في الخطة."),
    ("horizon", 5, "07-13 09:45",
     "نقترح تطبيقا للهاتف يتيح للمواطنين تتبع أشغال اللجان والجلسات ومواعيدها.",
     D.NOT_TAKEN, "08-05 15:20",
     "لم يعتمد هذا الاقتراح في الخطة الثانية: يركز المجلس على موقعه الإلكتروني الملائم للهواتف المحمولة وعلى "
     "قنواته في وسائط التواصل الاجتماعي، حيث تنشر مواعيد الجلسات والاجتماعات وتبث مباشرة، بدل تطوير تطبيق "
     "مستقل تتطلب صيانته موارد غير متوفرة حاليا."),
    ("chercheurs", 9, "07-15 11:05",
     "ضمانا لاستدامة الإجراءات المرتبطة بتنفيذ التزامات المجلس في إطار الشراكة من أجل الحكومة المنفتحة، "
     "نقترح تكريسها في الوثائق الأساسية للمجلس، بما في ذلك نظامه الداخلي وباقي الوثائق المؤسساتية، كقرارات "
     "رئاسة المجلس والأطر المرجعية لتقييم السياسات العمومية والمهام الاستطلاعية.",
     D.TAKEN, "07-28 09:20", INTEGRATED_2),
    ("climat", 8, "07-16 18:20",
     "نقترح أن تخصص منتديات القرب للنصوص المتعلقة بالبيئة والماء أولا، نظرا لأزمة الجفاف.",
     D.NOT_TAKEN, "08-08 11:30",
     "لم يعتمد هذا الاقتراح: مواضيع منتديات القرب ستحدد حسب النصوص المعروضة على المجلس خلال مدة الخطة، ولا "
     "يمكن تحديد أولويات موضوعاتية مسبقا دون معرفة الأجندة التشريعية. وسنخبر جمعيتكم عند برمجة منتدى حول نص "
     "يهم البيئة أو الماء."),
    ("education", 1, "07-19 20:10",
     "لماذا لم تعرض مسودة الخطة على الجمعيات قبل نشرها للتشاور؟ كان من الأفضل إشراكنا في صياغة الالتزامات "
     "منذ البداية.",
     D.NOT_TAKEN, "08-03 16:00",
     "أعد المجلس هذه الخطة بعد يوم تواصلي مع هيئات المجتمع المدني يوم 22 يونيو 2022، شارك فيه أزيد من 300 "
     "ممثلة وممثل عن الجمعيات، ثم عرضها لهذا التشاور عبر الإنترنت. لا يمكن إعادة صياغة المسودة من البداية في "
     "آجال إيداع الخطة، لكن المجلس سيشرك الجمعيات في مرحلة مبكرة عند إعداد خطته المقبلة."),
    ("observatoire", 6, "07-20 10:35",
     "نقترح نشر تقارير المهام الاستطلاعية وتقارير تقييم السياسات العمومية مع ملخص مبسط لكل تقرير.",
     D.PARTLY, "08-10 14:45",
     "تنشر تقارير المهام الاستطلاعية وتقييم السياسات العمومية على موقع المجلس بعد مناقشتها. أما إعداد ملخص "
     "مبسط لكل تقرير فسيعتمد تدريجيا، ابتداء من تقارير تقييم السياسات العمومية."),
    ("presse", 2, "07-21 14:50",
     "نقترح إبرام اتفاقيات شراكة مكتوبة ومنشورة مع الجمعيات بدل الشراكات غير الرسمية، حتى تكون الالتزامات "
     "المتبادلة واضحة.",
     D.NOT_TAKEN, "08-04 09:50",
     "لم يعتمد هذا الاقتراح: الشراكة في إطار هذا الالتزام مفتوحة لكل الجمعيات عبر لقاءات وتكوينات يعلن عنها "
     "على موقع المجلس، واتفاقيات ثنائية مع جمعيات بعينها قد تقصي غيرها. وستنشر لائحة الأنشطة والجمعيات "
     "المشاركة فيها."),
    ("femmes-politique", 5, "07-22 19:30",
     "يجب أن يكون موقع المجلس متاحا كاملا باللغة الأمازيغية، وليس الصفحة الرئيسية فقط.",
     D.PARTLY, "08-09 15:10",
     "يتوفر موقع المجلس بخمس لغات منذ إعادة تصميمه سنة 2020، ومنها الأمازيغية، وسيتم إغناء المحتوى الأمازيغي "
     "تدريجيا في إطار تفعيل الطابع الرسمي للأمازيغية. أما ترجمة كل المحتويات فتتطلب موارد لم تبرمج في هذه "
     "الخطة."),
    ("usagers", 3, "07-25 11:15",
     "نطالب بفتح مكاتب دائمة للنواب في كل إقليم لاستقبال شكايات المواطنين.",
     D.OUT_OF_SCOPE, "08-05 11:50",
     "مكاتب النواب في دوائرهم شأن يعود إلى كل نائبة ونائب وإلى فرقهم البرلمانية، ولا يدخل في صلاحيات المجلس "
     "كمؤسسة ولا في نطاق هذه الخطة. أما العرائض الموجهة إلى المجلس فتتلقاها لجنة العرائض وفق القانون "
     "التنظيمي 44.14."),
    ("parite", 9, "07-26 21:20",
     "نقترح أن تنشر تقارير دورية كل ستة أشهر عن تقدم تنفيذ الخطة، مع معطيات مصنفة حسب النوع عن المستفيدين من "
     "أنشطتها، وليس تقريرا واحدا في نهايتها.",
     D.PARTLY, "08-02 10:40",
     "سينشر المجلس تقريرا مرحليا في منتصف مدة الخطة وتقريرا نهائيا عند انتهائها، مع معطيات المشاركة في "
     "أنشطتها مصنفة حسب النوع، وستعرض خلاصاتهما على لجنة القيادة. ولم تعتمد وتيرة ستة أشهر لقصر مدة الخطة "
     "(ستة عشر شهرا)."),
]
# fmt: on
# The answer to an integrated proposal quotes the final plan (the data).
INTEGRATED_ANSWER = "تم إدراج هذا المقترح في الخطة النهائية للمجلس: {}"


def house_consultation(plan: Plan, data: dict, citizens: list[User], secretariat: User) -> Consultation:
    """The chamber's consultation on the draft of its 2022–2023 plan (`plan`),
    a consultation on a text; built once."""
    existing = plan.consultations.filter(subject=Consultation.Subject.TEXT).first()
    if existing is not None:
        return existing
    p = next(p for p in data["plans"] if p["number"] == plan.number)
    figures = p["consultation"]
    commented_by = {association for association, *_rest in HOUSE_COMMENTS}
    integrated = [row for row in HOUSE_COMMENTS if row[4] == D.TAKEN]
    if (len(HOUSE_COMMENTS), len(commented_by), len(integrated)) != (
        figures["comments"],
        figures["associations"],
        figures["integrated"],
    ):
        raise ValueError(
            "The House's comments do not give the figures of data/house-of-representatives.json."
        )
    opens, closes = day(figures["starts_on"]), day(figures["ends_on"])
    consultation = Consultation.objects.create(
        plan=plan,
        subject=Consultation.Subject.TEXT,
        **_texts(HOUSE_TEXT),
        starts_on=opens,
        ends_on=closes,
        opened_at=at(opens, 0),
        created_at=at(day(figures["dialogue_day"]), 16),
    )
    titles = {c["n"]: c for c in p["commitments"]}
    parts = [HOUSE_INTRODUCTION]
    parts += [
        ({lang: f"{_COMMITMENT[lang]} {n}: {titles[n][lang]}" for lang in ("ar", "fr", "en")}, texts)
        for n, texts in sorted(HOUSE_COMMITMENT_TEXTS.items())
    ]
    parts.append(HOUSE_IMPLEMENTATION)
    sections = {
        number: Section.objects.create(
            consultation=consultation,
            number=number,
            **{f"title_{lang}": text for lang, text in title.items()},
            **{f"body_{lang}": text for lang, text in body.items()},
        )
        for number, (title, body) in enumerate(parts, start=1)
    }
    associations = _house_associations(citizens)
    proposals = figures["integrated_proposals"]
    for key, section, posted, body, disposition, answered, text in HOUSE_COMMENTS:
        association, author = associations[key]
        comment = _post(
            consultation,
            _moment(opens.year, posted),
            author=author,
            body=body,
            section=sections.get(section),
            association=association,
        )
        if text in (INTEGRATED_1, INTEGRATED_2):
            text = INTEGRATED_ANSWER.format(proposals[int(text.split(":")[1])]["ar"])
        _answer(comment, _moment(opens.year, answered), by=secretariat, disposition=disposition, text=text)
    return consultation


_COMMITMENT = {"ar": "الالتزام", "fr": "Engagement", "en": "Commitment"}


def _house_associations(citizens: list[User]) -> dict[str, tuple[Association, User]]:
    """The 19 associations, each with the representative who commented for it."""
    found = {}
    for k, (key, name_ar, name_fr, name_en) in enumerate(HOUSE_ASSOCIATIONS):
        association, _created = Association.objects.update_or_create(
            slug=slugify(name_fr)[:80], defaults={"name_ar": name_ar, "name_fr": name_fr, "name_en": name_en}
        )
        author = citizens[HOUSE_AUTHORS_FROM - 1 + k]
        association.representatives.add(author)
        found[key] = association, author
    return found


# ---------------------------------------------------------------------------
# 3. The commune's open consultation, on a text, relative to the first load.

COMMUNE_TEXT = {
    "title": {
        "ar": "مشروع آليات الإشراف والتتبع لخطة العمل المحلية للحكومة المنفتحة",
        "fr": "Projet de dispositif de pilotage et de suivi du plan d'action local pour un gouvernement "
        "ouvert",
        "en": "Draft steering and monitoring arrangements for the local open government action plan",
    },
    "introduction": {
        "ar": "تعرض جماعة تطوان للتشاور مشروع الآليات التي ستؤطر الإعداد المشترك لخطة عملها المحلية وتتبع "
        "تنفيذها: لجنة الإشراف، ومراحل الإعداد، وتقارير الإنجاز، ونشر المعلومات. يمكنكم التعليق على كل باب "
        "أو على النص كاملا، وستجيب الكتابة عن كل تعليق. استشارة للعرض: تواريخها محددة انطلاقا من يوم تحميل "
        "المعطيات، والتعليقات توضيحية.",
        "fr": "La Commune de Tétouan soumet à la consultation le projet du dispositif qui encadrera la "
        "co-création de son plan d'action local et le suivi de sa mise en œuvre : comité de pilotage, "
        "étapes, rapports d'avancement, publication de l'information. Vous pouvez commenter chaque section "
        "ou le texte entier ; le secrétariat répondra à chaque commentaire. Consultation de démonstration : "
        "ses dates partent du jour du chargement des données, les commentaires sont illustratifs.",
        "en": "The Commune of Tetouan puts to consultation the draft arrangements for co-creating its local "
        "action plan and following its implementation: the steering committee, the steps, progress reports, "
        "publishing information. You may comment on each section or on the whole text; the secretariat will "
        "answer every comment. A demonstration consultation: its dates start from the day the data was "
        "loaded, the comments are illustrative.",
    },
}
# fmt: off
COMMUNE_SECTIONS = [
    ({"ar": "لجنة الإشراف المحلية: التركيبة والمناصفة",
      "fr": "Le comité de pilotage local : composition et parité",
      "en": "The local steering committee: composition and parity"},
     {"ar": "تحدث لجنة إشراف محلية تتكون من عشرة أعضاء بالتساوي: خمسة ممثلين عن الجماعة (منتخبون ومسؤولون عن "
            "المصالح) وخمسة ممثلين عن جمعيات المجتمع المدني، مع احترام المناصفة بين النساء والرجال. يتناوب "
            "على رئاستها ممثل عن الجماعة وممثل عن المجتمع المدني كل سنة، ويحجز مقعد لجمعية شبابية.",
      "fr": "Un comité de pilotage local de dix membres, à parts égales : cinq représentants de la commune "
            "(élus et responsables de services) et cinq représentants des associations, dans le respect de "
            "la parité entre femmes et hommes. La présidence alterne chaque année entre la commune et la "
            "société civile ; un siège est réservé à une association de jeunes."}),
    ({"ar": "مراحل الإعداد المشترك وآجالها", "fr": "Les étapes de la co-création et leur calendrier",
      "en": "The steps of co-creation and their timeline"},
     {"ar": "تمر خطة العمل بمراحل: جمع الأفكار عبر البوابة وفي لقاءات تشاورية، ثم دراستها والرد على كل فكرة، "
            "ثم صياغة الالتزامات مع المصالح المعنية، ثم استشارة عمومية حول مشروع الخطة لمدة أربعة أسابيع، "
            "قبل عرضها على المجلس الجماعي للمصادقة.",
      "fr": "Le plan passe par plusieurs étapes : collecte d'idées sur le portail et en ateliers, étude de "
            "chaque idée avec une réponse motivée, rédaction des engagements avec les services concernés, "
            "consultation publique de quatre semaines sur le projet de plan, puis adoption par le conseil "
            "communal."}),
    ({"ar": "تتبع التنفيذ وتقارير الإنجاز", "fr": "Le suivi de la mise en œuvre et les rapports d'avancement",
      "en": "Following implementation: progress reports"},
     {"ar": "تقدم كل مصلحة مسؤولة عن التزام تقريرا عن تقدمه كل ستة أشهر، تصادق عليه لجنة الإشراف وينشر على "
            "البوابة مع الوثائق التي تثبت الإنجاز.",
      "fr": "Chaque service responsable d'un engagement présente tous les six mois un rapport d'avancement, "
            "validé par le comité de pilotage et publié sur le portail avec les pièces qui en attestent."}),
    ({"ar": "النشر والولوج إلى المعلومات", "fr": "Publication et accès à l'information",
      "en": "Publication and access to information"},
     {"ar": "تنشر محاضر اجتماعات لجنة الإشراف داخل أجل خمسة عشر يوما، وكذا كل الوثائق المتعلقة بالخطة، وفق "
            "القانون 31.13 المتعلق بالحق في الحصول على المعلومات.",
      "fr": "Les procès-verbaux du comité de pilotage sont publiés dans les quinze jours, ainsi que tous les "
            "documents du plan, conformément à la loi 31.13 relative au droit d'accès à l'information."}),
]
# Days from the first load: the consultation opens six days before it and
# closes three weeks after.
COMMUNE_WINDOW = (-6, 21)
# citizen number, section (0: the whole text), days and hours before the
# first load, comment, then either the answer (disposition, days before,
# text), nothing (awaiting) or the moderator's reason for hiding it.
COMMUNE_COMMENTS = [
    (14, 1, (5, 6),
     "أقترح أن يكون ممثلو المجتمع المدني في لجنة الإشراف منتخبين من طرف الجمعيات نفسها في لقاء مفتوح، وليس "
     "معينين من طرف الجماعة.",
     ("answer", D.TAKEN, 2,
      "شكرا على اقتراحكم. سيعدل النص ليتم اختيار ممثلي المجتمع المدني في لجنة الإشراف عبر انتخاب تنظمه "
      "الجمعيات في لقاء مفتوح، تشرف عليه لجنة من الجمعيات نفسها.")),
    (16, 1, (4, 3),
     "Prévoir au moins un siège pour une association de personnes en situation de handicap, en plus de celui "
     "des jeunes.",
     ("answer", D.PARTLY, 1,
      "Le comité compte dix membres et ne peut pas réserver un siège à chaque public. Nous proposerons au "
      "conseil qu'un représentant des associations de personnes en situation de handicap soit invité à "
      "chaque réunion, avec voix consultative.")),
    (17, 3, (3, 20),
     "موظف مصلحة الرخص فلان لا يجيب أبدا عن الطلبات، هذا رقمه الشخصي 0600000000 اتصلوا به جميعا حتى يتحرك.",
     ("hide",
      "أخفي هذا التعليق لأنه يذكر موظفا باسمه ويتضمن رقم هاتفه الشخصي، وهي معطيات شخصية لا يجوز نشرها (ميثاق "
      "المشاركة والقانون 09.08). يمكنكم إعادة كتابة ملاحظتكم حول آجال الرد دون ذكر الأشخاص.")),
    (26, 3, (3, 2),
     "تقرير كل ستة أشهر غير كاف؛ نقترح لوحة قيادة على البوابة تحين كل ثلاثة أشهر، تبين تقدم كل التزام.",
     None),
    (28, 4, (2, 5),
     "Les procès-verbaux du comité devraient aussi être résumés en audio, en darija et en amazighe, pour les "
     "habitants qui ne lisent pas.",
     None),
    (29, 0, (1, 4),
     "مبادرة جيدة. هل سينظم لقاء حضوري لتقديم هذا المشروع في الأحياء قبل نهاية التشاور؟",
     None),
]
# fmt: on


def commune_consultation(plan: Plan, citizens: list[User], secretariat: User) -> Consultation:
    """A consultation on a text of the commune's plan, open today; built once
    (its dates are those of the day of the first load)."""
    existing = plan.consultations.filter(subject=Consultation.Subject.TEXT).first()
    if existing is not None:
        return existing
    today, now = timezone.localdate(), timezone.now()
    opens = today + timedelta(days=COMMUNE_WINDOW[0])
    consultation = Consultation.objects.create(
        plan=plan,
        subject=Consultation.Subject.TEXT,
        **_texts(COMMUNE_TEXT),
        starts_on=opens,
        ends_on=today + timedelta(days=COMMUNE_WINDOW[1]),
        opened_at=at(opens, 0),
        created_at=at(opens - timedelta(days=2), 12),
    )
    sections = {
        number: Section.objects.create(
            consultation=consultation,
            number=number,
            **{f"title_{lang}": text for lang, text in title.items()},
            **{f"body_{lang}": text for lang, text in body.items()},
        )
        for number, (title, body) in enumerate(COMMUNE_SECTIONS, start=1)
    }
    for citizen, section, (days, hours), body, then in COMMUNE_COMMENTS:
        comment = _post(
            consultation,
            now - timedelta(days=days, hours=hours),
            author=citizens[citizen - 1],
            body=body,
            section=sections.get(section),
        )
        if then is None:
            continue
        if then[0] == "answer":
            _kind, disposition, days_before, text = then
            when = now - timedelta(days=days_before, hours=2)
            _answer(comment, when, by=secretariat, disposition=disposition, text=text)
        else:
            event = moderation.hide(comment, by=secretariat, reason=then[1])
            ModerationEvent.objects.filter(pk=event.pk).update(created_at=now - timedelta(days=days - 1))
    return consultation


# ---------------------------------------------------------------------------


def consultations(
    *,
    national_plan: Plan,
    commitments: list[Commitment],
    house_plan: Plan,
    commune_plan: Plan,
    citizens: list[User],
    admin: User,
    data: dict,
    house: dict,
    figures: dict,
) -> dict[str, Consultation]:
    """The three consultations; `admin` is the demo's secretariat (it answers
    the comments owed by the secretariat and moderates)."""
    built = {
        "national": national_consultation(national_plan, commitments, citizens, data, figures["national"]),
        "house": house_consultation(house_plan, house, citizens, admin),
        "commune": commune_consultation(commune_plan, citizens, admin),
    }
    # The dates were set with .update(): the cached pages are recomputed.
    CONSULTATIONS.bump([c.plan_id for c in built.values()])
    return built


def _texts(texts: dict) -> dict:
    return {f"{field}_{lang}": text for field, by_lang in texts.items() for lang, text in by_lang.items()}


def _moment(year: int, value: str):
    """'05-03 19:40' of `year`, Casablanca time."""
    month_day, hour_minute = value.split()
    hour, minute = (int(part) for part in hour_minute.split(":"))
    return at(day(f"{year}-{month_day}"), hour, minute)


def _post(consultation: Consultation, when, **fields) -> Comment:
    """Posts a comment through its routing as on the day it was made, dated then."""
    comment = routing.post(consultation, today=timezone.localtime(when).date(), **fields)
    Comment.objects.filter(pk=comment.pk).update(created_at=when)
    comment.created_at = when
    return comment


def _answer(comment: Comment, when, *, by: User, disposition: str, text: str) -> None:
    """Answers a comment through the answer's rules and move, dated `when`."""
    answers.answer(comment, by=by, disposition=disposition, text=text)
    Comment.objects.filter(pk=comment.pk).update(answered_at=when)
    CommentEvent.objects.filter(comment=comment).update(created_at=when)
