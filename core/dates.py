"""Month names as Moroccan administration writes them in Arabic (ماي، يوليوز،
غشت، شتنبر، نونبر، دجنبر…). Django formats dates with these msgids; listing
them here puts them in our catalogue, which takes precedence over Django's."""

from django.utils.translation import gettext_noop, pgettext_noop

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
MONTHS_ALT = [
    pgettext_noop("alt. month", "January"),
    pgettext_noop("alt. month", "February"),
    pgettext_noop("alt. month", "March"),
    pgettext_noop("alt. month", "April"),
    pgettext_noop("alt. month", "May"),
    pgettext_noop("alt. month", "June"),
    pgettext_noop("alt. month", "July"),
    pgettext_noop("alt. month", "August"),
    pgettext_noop("alt. month", "September"),
    pgettext_noop("alt. month", "October"),
    pgettext_noop("alt. month", "November"),
    pgettext_noop("alt. month", "December"),
]
