"""Account emails (verification, password reset) go through the outbox like
every other email, in the account holder's language. They carry secrets, so
the outbox row keeps only allauth's template and ids; the send task
regenerates the key and the link (`account_context`)."""

from datetime import datetime

from allauth.account import app_settings as allauth_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .clientip import client_ip
from .limits import once_per
from .models import User
from .notifications import absolute, register_kind, store
from .sites import portal_site

PREFIX = "account/email/"
VERIFICATION = {"email_confirmation", "email_confirmation_signup"}
NOTICE = ("timestamp", "ip", "user_agent")  # allauth's "a change was made to your account"
# The emails allauth sends through send_mail, and which of their context
# values are plain and may be stored. Keys, codes and links never are: the
# send task rebuilds links from ids, and an email whose secret cannot be
# rebuilt (a one-time code) is refused.
PLAIN = {
    "password_reset_key": (),
    "unknown_account": (),
    "account_already_exists": (),
    "password_reset": NOTICE,
    "password_changed": NOTICE,
    "password_set": NOTICE,
    "email_confirm": NOTICE,
    "email_changed": (*NOTICE, "from_email", "to_email"),
    "email_deleted": (*NOTICE, "deleted_email"),
}
# Emails anyone may have sent to any address by typing it into a form: at
# most one per ACCOUNTS_RESET_EMAIL_SECONDS to an address, whoever asks.
REQUESTED_BY_ANYONE = {"password_reset_key", "unknown_account"}


def _plain(value):
    return value.isoformat() if isinstance(value, datetime) else str(value)


def _too_soon(email: str) -> bool:
    """Counted per address, not per client: rotating addresses or IPs (allauth
    limits reset requests per IP) gain nothing."""
    address = email.strip().lower()
    return not once_per("account-reset-email", address, settings.ACCOUNTS_RESET_EMAIL_SECONDS)


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request) -> str:
        # allauth's rate limits count per address: the same one as the portal's.
        return client_ip(request) or super().get_client_ip(request)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        name = template_prefix.removeprefix(PREFIX)
        if name not in PLAIN:
            raise ImproperlyConfigured(
                f"{template_prefix}: the outbox stores no secret and cannot rebuild this one "
                "(login or reset by code); keep that allauth feature off."
            )
        if name in REQUESTED_BY_ANYONE and context.get("request") is not None and _too_soon(email):
            # Dropped in silence: the form answers the same, so nobody learns
            # whether the address has an account, or was just sent one.
            return
        user = context.get("user")
        if not isinstance(user, User):
            user = User.objects.filter(email__iexact=email).first()
        stored = {key: _plain(context[key]) for key in PLAIN[name] if context.get(key) is not None}
        self._store(template_prefix, email, user, **stored)

    def send_confirmation_mail(self, request, emailconfirmation, signup: bool) -> None:
        if (
            allauth_settings.EMAIL_VERIFICATION_BY_CODE_ENABLED
            or not allauth_settings.EMAIL_CONFIRMATION_HMAC
        ):
            raise ImproperlyConfigured(
                "The outbox rebuilds verification links with EmailConfirmationHMAC: "
                "keep ACCOUNT_EMAIL_CONFIRMATION_HMAC on and verification by code off."
            )
        address = emailconfirmation.email_address
        name = "email_confirmation_signup" if signup else "email_confirmation"
        self._store(PREFIX + name, address.email, address.user, email_address=address.pk)

    def _store(self, template: str, email: str, user: User | None, **ids) -> None:
        language = user.language if user else translation.get_language() or settings.LANGUAGE_CODE
        store(
            recipient=user,
            to_email=email,
            kind="account",
            language=language,
            context={"template": template, "user": user.pk if user else None, **ids},
        )

    def save_user(self, request, user, form, commit=True):
        user.display_name = form.cleaned_data["display_name"]
        user.language = translation.get_language() or "ar"
        return super().save_user(request, user, form, commit=commit)


def account_context(stored: dict) -> dict:
    """At send time: what allauth's template needs, the secret regenerated
    from the ids, the links absolute from SITE_URL (never from the Site row
    or a request, which a worker does not have)."""
    template = stored["template"]
    name = template.removeprefix(PREFIX)
    user = User.objects.get(pk=stored["user"]) if stored.get("user") else None
    context = {
        **{key: stored[key] for key in PLAIN.get(name, ()) if key in stored},
        "user": user,
        "current_site": portal_site(),
        "subject_template": f"{template}_subject.txt",
        "message_template": f"{template}_message.txt",
    }
    if "timestamp" in context:
        context["timestamp"] = datetime.fromisoformat(context["timestamp"])
    if name in VERIFICATION:
        address = EmailAddress.objects.select_related("user").get(pk=stored["email_address"])
        key = EmailConfirmationHMAC(address).key
        context.update(
            user=address.user, key=key, activate_url=absolute(reverse("account_confirm_email", args=[key]))
        )
    elif name == "password_reset_key":
        uid, key = (
            user_pk_to_url_str(user),
            allauth_settings.PASSWORD_RESET_TOKEN_GENERATOR().make_token(user),
        )
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": uid, "key": key})
        context.update(uid=uid, key=key, password_reset_url=absolute(path))
    elif name in ("unknown_account", "account_already_exists"):
        context.update(
            signup_url=absolute(reverse("account_signup")),
            password_reset_url=absolute(reverse("account_reset_password")),
        )
    return context


register_kind(
    "account",
    _("Account security (verification, password)"),
    optional=False,
    context=account_context,
    secret=True,
)
