"""Month names as Moroccan administration writes them in Arabic (ماي، يوليوز،
غشت، شتنبر، نونبر، دجنبر…). Django formats dates with these msgids; listing
them here puts them in our catalogue, which takes precedence over Django's."""

from django.utils.translation import gettext_noop

MONTHS = [
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
]
