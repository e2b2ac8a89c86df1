"""The demo dataset that `make run` loads: Morocco's 2021–2023 plan, built from
data/nap2-2021-2023.json (the real names and figures), plus a commune plan open
today and an illustrative current national plan collecting ideas, with
upcoming workshops, so that a visitor can try everything; with `scale`, a separate plan with
`scale` times the real plan's volume, for benchmarks.

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
from .builders.current import current_national_plan
from .builders.ideas import national_ideas
from .builders.plans import associations, institutions, national_member, national_plan, themes
from .builders.scale import scale_plan
from .builders.users import admin, citizens
from .builders.workshops import national_workshops

DATA_FILE = Path(__file__).resolve().parent / "data" / "nap2-2021-2023.json"


def load_data() -> dict:
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


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
    commitments = national_commitments(plan, plan_themes, plan_institutions)
    people = citizens(data["totals"]["participants_online"])
    if not plan.ideas.exists():
        national_ideas(plan, data, plan_themes, workshops, plan_institutions, commitments, people, user)
    # After the ideas: their screening integrates them into adopted commitments.
    national_progress(plan, commitments, organisers, user)
    commune, local_plan = commune_plan(people, user)
    current = current_national_plan(member, plan_themes)
    committees(member, plan, current, plan_institutions, organisers, user, admin_password)
    return {
        "admin": user,
        "admin_created": admin_created,
        "member": member,
        "plan": plan,
        "commune": commune,
        "commune_plan": local_plan,
        "current_plan": current,
        "scale_plan": (
            scale_plan(member, data, plan_institutions, organisers, user, scale) if scale else None
        ),
    }
