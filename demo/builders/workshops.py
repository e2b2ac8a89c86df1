"""The ten thematic workshops of the 2021–2023 plan, with the organisers'
registration and attendance figures."""

from datetime import timedelta

from plans.models import Association, Institution, Plan, Theme
from workshops.models import STANDARD_MINUTES, Workshop

from . import at, day


def fields(w: dict, theme: Theme, organiser: Association) -> dict:
    """A workshop of the data file (`w`) as model fields."""
    starts_at = at(day(w["date"]))
    return {
        "theme": theme,
        "title_ar": f"لقاء تشاوري موضوعاتي: {theme.name_ar}",
        "title_fr": f"Atelier thématique : {theme.name_fr}",
        "title_en": f"Thematic workshop: {theme.name_en}",
        "organiser": organiser,
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(minutes=STANDARD_MINUTES),
        # Held online, during the pandemic.
        "mode": Workshop.Mode.ONLINE,
        "place_ar": "عن بعد",
        "place_fr": "À distance",
        "place_en": "Online",
        "registered_count": w["registered"],
        "attended_count": w["attended"],
    }


def national_workshops(
    plan: Plan,
    data: dict,
    themes: dict[int, Theme],
    institutions: dict[str, Institution],
    associations: dict[str, Association],
) -> dict[int, Workshop]:
    workshops = {}
    for w in data["workshops"]:
        workshop, _created = Workshop.objects.update_or_create(
            plan=plan,
            number=w["n"],
            defaults=fields(w, themes[w["theme"]], associations[w["organiser_fr"]]),
        )
        workshop.institutions.set([institutions[name] for name in w["institutions"]])
        if not workshop.programme.exists():
            workshop.add_standard_programme()
        workshops[w["n"]] = workshop
    return workshops
