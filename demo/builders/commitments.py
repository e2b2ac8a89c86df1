"""The 24 proposed commitments of the 2021–2023 plan (illustrative titles)."""

from commitments.models import Commitment
from plans.models import Institution, Plan, Theme

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


def fields(index: int, themes: dict[int, Theme], institutions: dict[str, Institution]) -> dict:
    """The commitment COMMITMENTS[index] as model fields."""
    theme, lead, title_ar, title_fr, title_en, retained = COMMITMENTS[index]
    return {
        "theme": themes[theme],
        "lead_institution": institutions[lead],
        "title_ar": title_ar,
        "title_fr": title_fr,
        "title_en": title_en,
        "status": Commitment.Status.ADOPTED if retained else Commitment.Status.NOT_RETAINED,
    }


def national_commitments(
    plan: Plan, themes: dict[int, Theme], institutions: dict[str, Institution]
) -> list[Commitment]:
    commitments = []
    for index in range(len(COMMITMENTS)):
        values = fields(index, themes, institutions)
        commitment = Commitment.objects.filter(plan=plan, number=index + 1).first()
        if commitment is None:
            commitment = Commitment.objects.create(plan=plan, number=index + 1, **values)
        elif any(getattr(commitment, name) != value for name, value in values.items()):
            # Saved only when the data changed: a second load writes nothing,
            # not even a line of the card's public history.
            for name, value in values.items():
                setattr(commitment, name, value)
            commitment.save()
        commitments.append(commitment)
    return commitments
