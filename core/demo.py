"""The demo dataset that `make run` loads, built from fixtures/ (real names and
figures of Morocco's 2021–2023 plan). Idempotent: loading twice changes nothing."""

import json

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction

from .models import Member, User

DATA_FILE = settings.BASE_DIR / "fixtures" / "nap2-2021-2023.json"
ADMIN_EMAIL = "admin@demo.gouvernement-ouvert.ma"
ADMIN_PASSWORD = "demo-admin-2026"  # noqa: S105 - printed on purpose: demo data only


def load_data() -> dict:
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


@transaction.atomic
def load(data: dict | None = None) -> dict:
    data = data or load_data()
    admin = User.objects.filter(email=ADMIN_EMAIL).first()
    if admin is None:
        admin = User.objects.create_superuser(
            ADMIN_EMAIL, ADMIN_PASSWORD, display_name="Secrétariat (démo)", language="fr"
        )
    EmailAddress.objects.update_or_create(
        user=admin, email=ADMIN_EMAIL, defaults={"verified": True, "primary": True}
    )
    m = data["member"]
    member, _created = Member.objects.update_or_create(
        slug="morocco",
        defaults={
            "kind": m["kind"],
            "name_ar": m["name_ar"],
            "name_fr": m["name_fr"],
            "name_en": m["name_en"],
            "website": "https://www.gouvernement-ouvert.ma/",
        },
    )
    return {"admin": admin, "member": member}
