"""The open data of commitments, declared for the open-data registry
(core/datasets.py, collected by opendata.registry): every public commitment
of the public plans. The CSV has one row per commitment with its completion
and IRM level; the JSON gives each card whole (milestones with their
evidence and validated updates, indicators with their measurements, civil
society's parallel assessments and the institution's self-assessment),
described by the JSON Schema written in
schemas/commitment.json and published at /open-data/schemas/commitment.json
so that other OGP members can reuse it.

Only what is public: no draft card; only measurements, evidence and updates
entered by staff or validated by the secretariat (a submitted or returned
update leaves nothing); a public card's own fields as validated (a drafter's
change waits in a ChangeRequest, not on the card); no person's name or email address (updates and
assessments without their author, the card's contact by its institution
only).

Column and key names are stable: add new ones at the end, never rename one."""

from collections.abc import Iterator
from pathlib import Path

from django.db.models import Count, Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.datasets import Column, Dataset, Links, RecordSchema
from plans.models import Association, Institution, Plan

from . import progress
from .generations import COMMITMENTS
from .models import (
    IRM_LENSES,
    OGP_VALUES,
    Assessment,
    Commitment,
    Evidence,
    Indicator,
    Measurement,
    Milestone,
    ProgressUpdate,
)

LANGUAGES = ("ar", "fr", "en")

COLUMNS = [
    Column("plan", _("Identifier (slug) of the action plan.")),
    Column("number", _("Number of the commitment within the plan."), type="integer"),
    Column("title_ar", _("Title of the commitment in Arabic.")),
    Column("title_fr", _("Title of the commitment in French.")),
    Column("title_en", _("Title of the commitment in English.")),
    Column("theme", _("Number of the commitment's theme within the plan."), type="integer"),
    Column(
        "status",
        _(
            "Where the card stands: proposed, adopted, in_implementation, completed, withdrawn "
            "or not_retained."
        ),
    ),
    Column("lead_institution", _("Institution leading the commitment (name in Arabic).")),
    Column("involved_institutions", _("Other institutions involved (names in Arabic)."), type="list"),
    Column(
        "partner_associations", _("Associations supporting the commitment (names in Arabic)."), type="list"
    ),
    Column("other_partners", _("Private sector and other partners, as written on the card.")),
    Column(
        "ogp_values",
        _(
            "The OGP values the commitment is relevant to: access_to_information, civic_participation, "
            "public_accountability, technology_and_innovation."
        ),
        type="list",
    ),
    Column("starts_on", _("Start of the commitment (ISO 8601 date); empty if not set."), type="date"),
    Column("ends_on", _("End of the commitment (ISO 8601 date); empty if not set."), type="date"),
    Column(
        "completion",
        _(
            "Completion in percent, from the validated completion of its milestones (equal weights unless "
            "set, cancelled milestones left out, rounded down); empty without any milestone that counts."
        ),
        type="integer",
    ),
    Column(
        "level",
        _(
            "Level of completion on the IRM's scale: not_started (0 %), limited (1–49 %), "
            "substantial (50–99 %), complete (100 %)."
        ),
    ),
    Column(
        "irm_verifiable",
        _("IRM: whether the commitment is verifiable (True, False, or empty if not rated)."),
        type="boolean",
    ),
    Column(
        "irm_lenses",
        _("IRM lenses that apply: transparency, participation, accountability, inclusion, technology."),
        type="list",
    ),
    Column(
        "irm_potential", _("IRM: potential for results (unclear, modest, substantial); empty if not rated.")
    ),
    Column(
        "irm_completion",
        _("IRM: completion (no_evidence, not_started, limited, substantial, complete); empty if not rated."),
    ),
    Column(
        "irm_opened_government",
        _(
            "IRM: did it open government? (worsened, did_not_change, marginal, major, outstanding); "
            "empty if not rated."
        ),
    ),
    Column("irm_report_url", _("Address of the IRM report.")),
    Column(
        "assessments",
        _("Number of parallel assessments filed by civil-society associations."),
        type="integer",
    ),
    Column("url", _("Address of the commitment's page on the portal.")),
    Column(
        "self_rating",
        _(
            "The lead institution's self-assessment on the IRM's completion scale (not_started, limited, "
            "substantial, complete); empty if not given."
        ),
    ),
    Column("self_assessment", _("The lead institution's self-assessment, as validated by the secretariat.")),
]


def _commitments(plan: Plan | None):
    commitments = Commitment.objects.public().filter(plan__in=Plan.objects.public())
    if plan is not None:
        commitments = commitments.filter(plan=plan)
    by_name = Institution.objects.order_by("name_ar", "pk")
    return (
        commitments.select_related("plan", "theme", "lead_institution")
        .order_by("plan_id", "number")
        .prefetch_related(
            Prefetch("involved_institutions", queryset=by_name),
            Prefetch("partner_associations", queryset=Association.objects.order_by("name_ar", "pk")),
        )
    )


def _ogp_values(commitment: Commitment) -> list[str]:
    return [name for name in OGP_VALUES if getattr(commitment, name)]


def _irm_lenses(commitment: Commitment) -> list[str]:
    return [name for name in IRM_LENSES if getattr(commitment, f"irm_{name}")]


def commitment_rows(plan: Plan | None, links: Links) -> Iterator[dict]:
    """One dict per public commitment of the public plans (or of `plan`): four queries."""
    commitments = (
        _commitments(plan)
        .annotate(assessment_count=Count("assessments"))
        .prefetch_related(
            Prefetch(
                "milestones",
                queryset=Milestone.objects.only("commitment_id", "status", "completion", "weight"),
            )
        )
    )
    url = links.page("commitments:detail")
    for commitment in commitments:
        percent = progress.completion(commitment.milestones.all())
        yield {
            "plan": commitment.plan.slug,
            "number": commitment.number,
            "title_ar": commitment.title_ar or "",
            "title_fr": commitment.title_fr or "",
            "title_en": commitment.title_en or "",
            "theme": commitment.theme.number,
            "status": commitment.status,
            "lead_institution": commitment.lead_institution.name_ar or "",
            "involved_institutions": [i.name_ar or "" for i in commitment.involved_institutions.all()],
            "partner_associations": [a.name_ar or "" for a in commitment.partner_associations.all()],
            "other_partners": commitment.other_partners,
            "ogp_values": _ogp_values(commitment),
            "starts_on": commitment.starts_on,
            "ends_on": commitment.ends_on,
            "completion": percent,
            "level": progress.level(percent),
            "irm_verifiable": commitment.irm_verifiable,
            "irm_lenses": _irm_lenses(commitment),
            "irm_potential": commitment.irm_potential,
            "irm_completion": commitment.irm_completion,
            "irm_opened_government": commitment.irm_opened_government,
            "irm_report_url": commitment.irm_report_url,
            "assessments": commitment.assessment_count,
            "url": url(commitment.pk),
            "self_rating": commitment.self_rating,
            "self_assessment": commitment.self_assessment,
        }


def _texts(instance, name: str) -> dict:
    return {code: getattr(instance, f"{name}_{code}") or "" for code in LANGUAGES}


def _institution(institution: Institution | None) -> dict | None:
    if institution is None:
        return None
    return {"slug": institution.slug, "acronym": institution.acronym, "name": _texts(institution, "name")}


def _association(association: Association) -> dict:
    return {"slug": association.slug, "name": _texts(association, "name")}


def _date(value) -> str | None:
    return value.isoformat() if value else None


def _number(value) -> float | None:
    # At most 12 digits before the point and 2 after: a float keeps them exactly.
    return float(value) if value is not None else None


def commitment_records(plan: Plan | None, links: Links) -> Iterator[dict]:
    """One nested record per public commitment (schemas/commitment.json): nine queries."""
    public_updates = ProgressUpdate.objects.filter(state=ProgressUpdate.State.VALIDATED).order_by(
        "created_at", "pk"
    )
    commitments = _commitments(plan).prefetch_related(
        Prefetch(
            "milestones",
            queryset=Milestone.objects.select_related("responsible_institution").prefetch_related(
                Prefetch("evidence", queryset=Evidence.objects.public()),
                Prefetch("updates", queryset=public_updates),
            ),
        ),
        Prefetch(
            "indicators",
            queryset=Indicator.objects.prefetch_related(
                Prefetch("measurements", queryset=Measurement.objects.public())
            ),
        ),
        Prefetch(
            "assessments",
            queryset=Assessment.objects.select_related("association").order_by("association__name_ar", "pk"),
        ),
    )
    url = links.page("commitments:detail")
    casablanca = timezone.get_current_timezone()

    def moment(value) -> str:
        return value.astimezone(casablanca).isoformat(timespec="seconds")

    for commitment in commitments:
        milestones = list(commitment.milestones.all())
        percent = progress.completion(milestones)
        yield {
            "plan": commitment.plan.slug,
            "number": commitment.number,
            "url": url(commitment.pk),
            "title": _texts(commitment, "title"),
            "theme": {"number": commitment.theme.number, "name": _texts(commitment.theme, "name")},
            "status": commitment.status,
            "summary": _texts(commitment, "summary"),
            "lead_institution": _institution(commitment.lead_institution),
            "involved_institutions": [_institution(i) for i in commitment.involved_institutions.all()],
            "partner_associations": [_association(a) for a in commitment.partner_associations.all()],
            "other_partners": commitment.other_partners,
            "problem": _texts(commitment, "problem"),
            "status_quo": _texts(commitment, "status_quo"),
            "description": _texts(commitment, "description"),
            "contribution": _texts(commitment, "contribution"),
            "expected_results": _texts(commitment, "expected_results"),
            "ogp_values": _ogp_values(commitment),
            "starts_on": _date(commitment.starts_on),
            "ends_on": _date(commitment.ends_on),
            "contact_institution": commitment.contact_institution,
            "completion": percent,
            "level": progress.level(percent),
            "irm": {
                "verifiable": commitment.irm_verifiable,
                "lenses": _irm_lenses(commitment),
                "potential": commitment.irm_potential or None,
                "completion": commitment.irm_completion or None,
                "opened_government": commitment.irm_opened_government or None,
                "report_url": commitment.irm_report_url or None,
            },
            "milestones": [
                {
                    "position": milestone.position,
                    "description": _texts(milestone, "description"),
                    "responsible_institution": _institution(milestone.responsible_institution),
                    "starts_on": _date(milestone.starts_on),
                    "ends_on": _date(milestone.ends_on),
                    "expected_output": _texts(milestone, "expected_output"),
                    "status": milestone.status,
                    "completion": milestone.completion,
                    "weight": milestone.weight,
                    "evidence": [
                        {
                            "title": evidence.title,
                            "url": evidence.url or links.to(evidence.file.url),
                            "kind": "link" if evidence.url else "file",
                            "added_on": _date(evidence.added_on),
                        }
                        for evidence in milestone.evidence.all()
                    ],
                    "updates": [
                        {
                            "reported_at": moment(update.created_at),
                            "status": update.status,
                            "completion": update.completion,
                            "text": update.text,
                        }
                        for update in milestone.updates.all()
                    ],
                }
                for milestone in milestones
            ],
            "indicators": [
                {
                    "position": indicator.position,
                    "name": _texts(indicator, "name"),
                    "kind": indicator.kind,
                    "unit": indicator.unit,
                    "baseline": {
                        "value": _number(indicator.baseline_value),
                        "date": _date(indicator.baseline_on),
                    },
                    "target": {"value": _number(indicator.target_value), "date": _date(indicator.target_on)},
                    "measurements": [
                        {
                            "date": _date(measurement.measured_on),
                            "value": _number(measurement.value),
                            "source": measurement.source,
                        }
                        for measurement in indicator.measurements.all()
                    ],
                }
                for indicator in commitment.indicators.all()
            ],
            "assessments": [
                {
                    "association": _association(assessment.association),
                    "rating": assessment.rating,
                    "text": assessment.text,
                    "date": moment(assessment.updated_at),
                }
                for assessment in commitment.assessments.all()
            ],
            "self_assessment": {
                "rating": commitment.self_rating or None,
                "text": commitment.self_assessment,
            },
        }


DATASETS = [
    Dataset(
        key="commitments",
        title=_("Commitments of every public action plan, with their progress"),
        description=_(
            "Every commitment of the public action plans (drafts are never published): its card, its "
            "completion from the validated progress of its milestones and its level on the IRM's scale, the "
            "IRM's ratings, the number of parallel assessments by civil society and the lead institution's "
            "self-assessment. The JSON gives each commitment whole: its milestones with their evidence and "
            "validated updates, its indicators with baseline, target and measured values, and the parallel "
            "assessments with their texts."
        ),
        columns=COLUMNS,
        rows=commitment_rows,
        # The plans (themes, institutions, associations) and the plan's
        # commitments with everything on them.
        generations=lambda plan_id: ["plans", COMMITMENTS.name(plan_id)],
        records=commitment_records,
        schema=RecordSchema.load(Path(__file__).parent / "schemas" / "commitment.json"),
    ),
]
