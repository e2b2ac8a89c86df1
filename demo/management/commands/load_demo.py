import secrets
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from commitments.models import Commitment
from consultations import figures as consultation_figures
from core.models import User
from demo.builders.users import ADMIN_EMAIL, DEMO_PASSWORD
from demo.load import load
from ideas.models import Comment, Idea, IdeaEvent, Support
from ideas.statistics import plan_statistics
from plans.models import Institution, Member, Plan
from workshops.models import Workshop


class Command(BaseCommand):
    help = (
        "Loads the demo dataset (idempotent) and prints the demo admin's credentials. "
        "Refuses to run when DEBUG is off, unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even though DEBUG is off. The admin account, if created, gets a random "
            "password, printed once.",
        )
        parser.add_argument(
            "--scale",
            type=int,
            default=0,
            metavar="N",
            help="Also build (or top up to) the plan 'scale-test' with N times the real plan's volume: "
            "232 ideas, 1,160 comments, 580 supports, 3.5 commitments and 1 workshop per unit.",
        )

    def handle(self, *args, force: bool, scale: int, **options):
        # DEBUG off means a real database: the demo adds a superuser and
        # hundreds of fictitious ideas, so only on purpose.
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off (DJANGO_DEBUG=0): refusing to load demo data into what looks like a "
                "production database. Nothing was written. Use --force to load it anyway."
            )
        if scale < 0:
            raise CommandError("--scale takes a number of units, 0 or more.")
        # The documented demo password only in debug; otherwise one nobody knows.
        password = DEMO_PASSWORD if settings.DEBUG else secrets.token_urlsafe(16)
        started = time.monotonic()
        result = load(admin_password=password, scale=scale)
        elapsed = time.monotonic() - started

        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data loaded in {elapsed:.1f} s: OGP member “{result['member'].name_en}”."
            )
        )
        counts = {
            "OGP members": Member.objects.count(),
            "action plans": Plan.objects.count(),
            "institutions": Institution.objects.count(),
            "workshops": Workshop.objects.count(),
            "commitments": Commitment.objects.count(),
            "ideas": Idea.objects.count(),
            "screening events": IdeaEvent.objects.count(),
            "users": User.objects.count(),
        }
        self.stdout.write("  " + ", ".join(f"{count} {label}" for label, count in counts.items()))
        stats = plan_statistics(result["plan"])
        funnel = stats["funnel"]
        self.stdout.write(
            f"  {result['plan'].slug}: {stats['participants']['total']} participants, "
            f"{funnel['collected']} ideas, {funnel['accepted']} accepted, {funnel['integrated']} integrated, "
            f"{stats['proposed_commitments']} proposed commitments, "
            f"{stats['institutions_involved']} institutions involved"
        )
        open_now = (result["current_plan"], result["commune_plan"])
        self.stdout.write("  Open for ideas now: " + ", ".join(plan.slug for plan in open_now))
        self._consultations(result["consultations"].values())
        if result["scale_plan"]:
            self._scale_summary(result["scale_plan"])
        self._credentials(result["admin"], result["admin_created"], password)

    def _consultations(self, consultations) -> None:
        rows = []
        for consultation in consultations:
            tally = consultation_figures.total(consultation)
            rows.append(
                f"{consultation.plan.slug} ({consultation.state()}): {tally.comments} comments, "
                f"{tally.answered} answered"
            )
        self.stdout.write("  Consultations: " + "; ".join(rows))

    def _scale_summary(self, plan: Plan) -> None:
        figures = {
            "workshops": plan.workshops.count(),
            "ideas": plan.ideas.count(),
            "comments": Comment.objects.filter(idea__plan=plan).count(),
            "supports": Support.objects.filter(idea__plan=plan).count(),
            "commitments": plan.commitments.count(),
        }
        self.stdout.write(
            f"  {plan.slug} ({plan.title_en}): " + ", ".join(f"{n} {label}" for label, n in figures.items())
        )

    def _credentials(self, admin: User, created: bool, password: str) -> None:
        # In debug `password` is the demo one: still worth printing if the
        # account kept it. A generated one exists only in this output.
        if created or (settings.DEBUG and admin.check_password(password)):
            note = "demo only" if settings.DEBUG else "generated: shown only this once"
            self.stdout.write(f"  Admin: {ADMIN_EMAIL} / {password}  ({note})")
            return
        self.stdout.write(f"  Admin: {ADMIN_EMAIL}  (existing account: password unchanged)")
        if not settings.DEBUG and admin.check_password(DEMO_PASSWORD):
            self.stderr.write(
                self.style.WARNING(
                    "  This account still has the public demo password: change it "
                    f"(manage.py changepassword {ADMIN_EMAIL})."
                )
            )
