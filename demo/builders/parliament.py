"""The House of Representatives, an OGP member of its own (a parliament):
its 2019–2021 plan of 6 commitments and its 2022–2023 plan of 7, from
data/house-of-representatives.json (the titles, the 2019–2021 axes and the
figures are the chamber's; see the file's notes for what is the demo's).
Its 2022 consultation on the draft of the second plan is built with the
other consultations (builders/consultations.py).

Looked up by slug and number: loading again updates, never duplicates."""

from commitments.models import Commitment
from plans.models import Institution, Member, Phase, PhaseKind, Plan, Theme

from . import at, day

SUMMARY = {
    1: {
        "ar": "خطة العمل الأولى لمجلس النواب في إطار الشراكة من أجل الحكومة المنفتحة، بعد انخراطه في شقها "
        "البرلماني في ماي 2019: ستة التزامات في ثلاثة محاور (المشاركة المواطنة، الولوج إلى المعلومة، "
        "المحاسبة). حسب المجلس، تجاوزت نسبة الإنجاز 70%.",
        "fr": "Premier plan d'action de la Chambre des Représentants au titre du Partenariat pour un "
        "gouvernement ouvert, qu'elle a rejoint en mai 2019 : six engagements en trois axes (participation "
        "citoyenne, accès à l'information, redevabilité). Selon la Chambre, plus de 70 % ont été réalisés.",
        "en": "The House of Representatives' first action plan under the Open Government Partnership, which "
        "it joined in May 2019: six commitments in three areas (citizen participation, access to "
        "information, accountability). By the House's own figure, over 70% was achieved.",
    },
    2: {
        "ar": "خطة العمل الثانية لمجلس النواب (شتنبر 2022 - دجنبر 2023): سبعة التزامات. عرض مشروعها للتشاور "
        "عبر الإنترنت من 27 يونيو إلى 27 يوليوز 2022، فتوصل المجلس بـ25 تعليقا من 19 جمعية، وأدرج مقترحين في "
        "الخطة النهائية: لجنة قيادة منتخبة تشرك المجتمع المدني، وتكريس الالتزامات في الوثائق الأساسية للمجلس "
        "ومنها نظامه الداخلي. معطيات للعرض: التعليقات الأخرى والأجوبة توضيحية.",
        "fr": "Deuxième plan d'action de la Chambre des Représentants (septembre 2022 - décembre 2023) : "
        "sept engagements. Son projet a été soumis à la consultation en ligne du 27 juin au 27 juillet 2022 "
        ": 25 commentaires de 19 associations, dont deux propositions intégrées au plan final (une instance "
        "de pilotage élue associant la société civile ; l'inscription des engagements dans les textes "
        "fondamentaux de la Chambre, dont son règlement intérieur). Données de démonstration : les autres "
        "commentaires et les réponses sont illustratifs.",
        "en": "The House of Representatives' second action plan (September 2022 - December 2023): seven "
        "commitments. Its draft was put to online consultation from 27 June to 27 July 2022: 25 comments "
        "from 19 associations, two proposals integrated into the final plan (an elected steering committee "
        "involving civil society; the commitments written into the House's founding documents, its rules of "
        "procedure included). Demonstration data: the other comments and the answers are illustrative.",
    },
}
INSTITUTION_SLUG = "chambre-des-representants"
OGP_VALUES = (
    "access_to_information",
    "civic_participation",
    "public_accountability",
    "technology_and_innovation",
)
# The OGP values by (plan, theme), the demo's reading of each axis.
VALUES = {
    (1, 1): (False, True, False, False),  # citizen participation
    (1, 2): (True, False, False, False),  # access to information
    (1, 3): (False, True, True, False),  # accountability: citizens consulted on evaluations
    (2, 1): (False, True, False, False),  # participatory democracy
    (2, 2): (True, True, False, False),  # openness to the public
    (2, 3): (True, True, False, True),  # digital parliament
}


def house_of_representatives(data: dict) -> tuple[Member, dict[int, Plan]]:
    """The member, its one institution (the chamber), and its plans by number."""
    m = data["member"]
    member, _created = Member.objects.update_or_create(
        slug=m["slug"],
        defaults={
            "kind": Member.Kind.PARLIAMENT,
            "name_ar": m["name_ar"],
            "name_fr": m["name_fr"],
            "name_en": m["name_en"],
            "website": m["website"],
        },
    )
    chamber, _created = Institution.objects.update_or_create(
        member=member,
        slug=INSTITUTION_SLUG,
        defaults={"name_ar": m["name_ar"], "name_fr": m["name_fr"], "name_en": m["name_en"]},
    )
    plans = {p["number"]: _plan(member, chamber, p) for p in data["plans"]}
    return member, plans


def _plan(member: Member, chamber: Institution, p: dict) -> Plan:
    start_year, end_year = (int(year) for year in p["period"].split("-"))
    name = member.name_ar, member.name_fr, member.name_en
    plan, _created = Plan.objects.update_or_create(
        slug=p["slug"],
        defaults={
            "member": member,
            "number": p["number"],
            "title_ar": f"خطة عمل {name[0]} في إطار الشراكة من أجل الحكومة المنفتحة {p['period']}",
            "title_fr": f"Plan d'action de la {name[1]} pour un gouvernement ouvert {p['period']}",
            "title_en": f"{name[2]} open government action plan {p['period']}",
            "start_year": start_year,
            "end_year": end_year,
            "status": Plan.Status.CLOSED,
            **{f"summary_{lang}": text for lang, text in SUMMARY[p["number"]].items()},
        },
    )
    if "starts_on" in p:
        Phase.objects.update_or_create(
            plan=plan,
            kind=PhaseKind.IMPLEMENTATION,
            defaults={"start": day(p["starts_on"]), "end": day(p["ends_on"])},
        )
    themes = {}
    for t in p["themes"]:
        themes[t["n"]], _created = Theme.objects.update_or_create(
            plan=plan, number=t["n"], defaults={"name_ar": t["ar"], "name_fr": t["fr"], "name_en": t["en"]}
        )
        themes[t["n"]].institutions.set([chamber])
    for c in p["commitments"]:
        _commitment(plan, chamber, themes[c["theme"]], c, p)
    return plan


def _commitment(plan: Plan, chamber: Institution, theme: Theme, c: dict, p: dict) -> Commitment:
    values = {
        "theme": theme,
        "lead_institution": chamber,
        "title_ar": c["ar"],
        "title_fr": c["fr"],
        "title_en": c["en"],
        "starts_on": day(p["starts_on"]) if "starts_on" in p else None,
        "ends_on": day(p["ends_on"]) if "ends_on" in p else None,
        **dict(zip(OGP_VALUES, VALUES[p["number"], theme.number], strict=True)),
    }
    commitment = Commitment.objects.filter(plan=plan, number=c["n"]).first()
    if commitment is None:
        commitment = Commitment(plan=plan, number=c["n"], status=Commitment.Status.ADOPTED, **values)
        # Its first line of history on the plan's adoption, not today.
        commitment._history_date = at(day(p["adopted_on"]))
        commitment.save()
    elif any(getattr(commitment, name) != value for name, value in values.items()):
        for name, value in values.items():
            setattr(commitment, name, value)
        commitment.save()
    return commitment
