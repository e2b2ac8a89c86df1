"""The demo dataset that `make run` loads: Morocco's 2021–2023 plan, built from
data/nap2-2021-2023.json (the real names and figures), plus a commune plan open
today and an illustrative current national plan collecting ideas, with
upcoming workshops, so that a visitor can try everything; the House of
Representatives and its two plans (data/house-of-representatives.json); the
public consultations of the 2021–2023 draft plan, of the House's 2022–2023
draft and, open today, of the commune (data/consultations.json); with
`scale`, a separate plan with `scale` times the real plan's volume, for
benchmarks.

The figures of the 2021–2023 plan (participants, ideas by theme and source,
screening funnel, commitments, institutions) come out exactly as in the
published co-creation report; the texts of the ideas, the participants' names
and the commitments' titles are illustrative, and the plan's summary says so.

Idempotent: loading twice changes nothing. Everything is looked up by a stable
key (slug, number, email); ideas, with their screening history, are created
once per plan."""

import json
from pathlib import Path

from django.db import transaction

from core.notifications import silenced

from .builders.commitments import national_commitments, national_progress
from .builders.committee import committees
from .builders.commune import commune_plan
from .builders.consultations import consultations
from .builders.current import current_national_plan
from .builders.ideas import national_ideas
from .builders.parliament import house_of_representatives
from .builders.plans import associations, institutions, national_member, national_plan, themes
from .builders.scale import scale_plan
from .builders.users import admin, citizens
from .builders.workshops import national_workshops

DATA_DIR = Path(__file__).resolve().parent / "data"
DATA_FILE = DATA_DIR / "nap2-2021-2023.json"
HOUSE_FILE = DATA_DIR / "house-of-representatives.json"
CONSULTATIONS_FILE = DATA_DIR / "consultations.json"


def load_data(path: Path = DATA_FILE) -> dict:
    """A data file (the 2021–2023 plan's by default)."""
    return json.loads(path.read_text(encoding="utf-8"))


@transaction.atomic
@silenced()
def load(*, admin_password: str, scale: int = 0) -> dict:
    """Loads the demo; `admin_password` is used only if the admin account does
    not exist yet. Returns what the summary prints. It notifies nobody: its
    people are fictitious, and its moves (updates submitted, validated,
    returned) record no one's act (core.notifications.silenced)."""
    data = load_data()
    user, admin_created = admin(admin_password)
    member = national_member()
    plan = national_plan(member, data)
    plan_institutions = institutions(member, data)
    plan_themes = themes(plan, data, plan_institutions)
    organisers = associations(data)
    workshops = national_workshops(plan, data, plan_themes, plan_institutions, organisers)
    commitments = national_commitments(plan, plan_themes, plan_institutions, user)
    people = citizens(data["totals"]["participants_online"])
    if not plan.ideas.exists():
        national_ideas(plan, data, plan_themes, workshops, plan_institutions, commitments, people, user)
    # After the ideas: their screening integrates them into adopted commitments.
    national_progress(plan, commitments, organisers, user)
    commune, local_plan = commune_plan(people, user)
    house_data = load_data(HOUSE_FILE)
    house, house_plans = house_of_representatives(house_data)
    held = consultations(
        national_plan=plan,
        commitments=commitments,
        house_plan=house_plans[2],
        commune_plan=local_plan,
        citizens=people,
        admin=user,
        data=data,
        house=house_data,
        figures=load_data(CONSULTATIONS_FILE),
    )
    current = current_national_plan(member, plan_themes)
    committees(member, plan, current, plan_institutions, organisers, user, admin_password)
    return {
        "admin": user,
        "admin_created": admin_created,
        "member": member,
        "plan": plan,
        "commune": commune,
        "commune_plan": local_plan,
        "house": house,
        "consultations": held,
        "current_plan": current,
        "scale_plan": (
            scale_plan(member, data, plan_institutions, organisers, user, scale) if scale else None
        ),
    }
