from django.core.management.base import BaseCommand

from core import demo


class Command(BaseCommand):
    help = "Loads the demo dataset (idempotent) and prints the demo admin's credentials."

    def handle(self, *args, **options):
        result = demo.load()
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded: OGP member “{result['member'].name_en}”."))
        self.stdout.write(f"  Admin: {demo.ADMIN_EMAIL} / {demo.ADMIN_PASSWORD}  (demo only)")
