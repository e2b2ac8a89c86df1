from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site
from django.utils import translation

from .models import User
from .notifications import store


class AccountAdapter(DefaultAccountAdapter):
    """Account emails (verification, password reset) go through the outbox
    like every other email, in the account holder's language."""

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        request = allauth_context.request
        user = context.get("user")
        if not isinstance(user, User):
            user = User.objects.filter(email__iexact=email).first()
        language = user.language if user else translation.get_language() or "ar"
        ctx = {"request": request, "email": email, "current_site": get_current_site(request), **context}
        with translation.override(language):
            message = self.render_mail(template_prefix, email, ctx)
        html = next(
            (body for body, mimetype in getattr(message, "alternatives", []) if mimetype == "text/html"), ""
        )
        store(
            recipient=user,
            to_email=email,
            kind="account",
            language=language,
            context={"template": template_prefix},
            subject=message.subject,
            body_text=message.body,
            body_html=html,
        )

    def save_user(self, request, user, form, commit=True):
        user.display_name = form.cleaned_data["display_name"]
        user.language = translation.get_language() or "ar"
        return super().save_user(request, user, form, commit=commit)
