"""Demo accounts: the secretariat's superuser, and citizens who cannot sign in."""

from datetime import date

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password

from core.models import User

from . import at

ADMIN_EMAIL = "admin@demo.gouvernement-ouvert.ma"
# Used only when DEBUG is on (`make run`), and printed: see load_demo.
DEMO_PASSWORD = "demo-admin-2026"  # noqa: S105 - a demo password, never used outside debug
CITIZEN_EMAIL = "citizen-{}@demo.invalid"
JOINED = date(2020, 10, 7)  # the opening conference of the 2021-2023 plan

# fmt: off
FIRST_NAMES = [
    "Amina", "Youssef", "Fatima Zahra", "Mohamed", "Khadija", "Omar", "Salma", "Hamza", "Imane", "Mehdi",
    "Soukaina", "Anas", "Nadia", "Rachid", "Hajar", "Karim", "Meryem", "Ayoub", "Zineb", "Hicham", "Loubna",
    "Adil", "Sanae", "Yassine", "Houda", "Abdellah", "Ikram", "Saïd", "Asmae", "Reda",
]
FIRST_NAMES_AR = [
    "أمينة", "يوسف", "فاطمة الزهراء", "محمد", "خديجة", "عمر", "سلمى", "حمزة", "إيمان", "المهدي", "سكينة",
    "أنس", "نادية", "رشيد", "هاجر", "كريم", "مريم", "أيوب", "زينب", "هشام",
]
# fmt: on
INITIALS = "BEKMTALSOHRZ"
INITIALS_AR = "بعكمتلسحرز"


def admin(password: str) -> tuple[User, bool]:
    """The demo secretariat's superuser and whether this load created it.
    `password` is used only to create the account: a later load never resets
    the password of an existing one."""
    user = User.objects.filter(email=ADMIN_EMAIL).first()
    created = user is None
    if created:
        user = User.objects.create_superuser(
            ADMIN_EMAIL, password, display_name="Secrétariat (démo)", language="fr"
        )
    # Verified, so that the printed credentials work without an email round-trip.
    EmailAddress.objects.update_or_create(
        user=user, email=ADMIN_EMAIL, defaults={"verified": True, "primary": True}
    )
    return user, created


def display_name(i: int) -> str:
    if i % 3 == 2:
        return f"{FIRST_NAMES_AR[i % len(FIRST_NAMES_AR)]} {INITIALS_AR[(i * 7) % len(INITIALS_AR)]}."
    return f"{FIRST_NAMES[i % len(FIRST_NAMES)]} {INITIALS[(i * 5) % len(INITIALS)]}."


def demo_users(emails: list[str], batch_size: int = 2000) -> list[User]:
    """The users with these emails, in that order, creating the missing ones
    in bulk with unusable passwords (nobody can sign in as them)."""
    existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    joined = at(JOINED, 9)
    User.objects.bulk_create(
        [
            User(
                email=email,
                display_name=display_name(i),
                language="fr" if i % 4 == 0 else "ar",
                password=make_password(None),
                date_joined=joined,
            )
            for i, email in enumerate(emails, start=1)
            if email not in existing
        ],
        batch_size=batch_size,
    )
    by_email = User.objects.in_bulk(emails, field_name="email")
    return [by_email[email] for email in emails]


def citizens(count: int) -> list[User]:
    """citizen-1 … citizen-N: the online participants of the demo plans."""
    return demo_users([CITIZEN_EMAIL.format(i) for i in range(1, count + 1)])
