from django.core.management.base import BaseCommand

from commitments.models import Commitment
from core.models import User
from demo.builders.users import ADMIN_EMAIL, DEMO_PASSWORD
from demo.load import load
from ideas.models import Idea, IdeaEvent
from ideas.statistics import plan_statistics
from plans.models import Institution, Member, Plan
from workshops.models import Workshop


class Command(BaseCommand):
    help = "Loads the demo dataset (idempotent) and prints the demo admin's credentials."

    def handle(self, *args, **options):
        result = load(admin_password=DEMO_PASSWORD)
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded: OGP member “{result['member'].name_en}”."))
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
        self.stdout.write(
            f"  Open for ideas now: {result['commune_plan'].slug} ({result['commune'].name_fr})"
        )
        self.stdout.write(f"  Admin: {ADMIN_EMAIL} / {DEMO_PASSWORD}  (demo only)")
