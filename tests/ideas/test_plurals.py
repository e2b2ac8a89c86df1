"""Counts read as sentences in each language: Arabic's six plural forms
(0, 1, 2, 3–10, 11–99, 100 and more), one word for support."""

import re

import polib
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from ideas.models import Support
from tests.factories import IdeaFactory, PlanFactory, ThemeFactory, UserFactory

pytestmark = pytest.mark.django_db

ARABIC_SUPPORTERS = {
    0: "لم يساند أحد هذه الفكرة بعد.",
    1: "شخص واحد يساند هذه الفكرة.",
    2: "شخصان يساندان هذه الفكرة.",
    3: "<bdi>3</bdi> أشخاص يساندون هذه الفكرة.",
    11: "<bdi>11</bdi> شخصا يساندون هذه الفكرة.",
    100: "<bdi>100</bdi> شخص يساندون هذه الفكرة.",
}
ARABIC_CARD = {
    0: "<bdi>0</bdi> مساندة",
    1: "مساندة واحدة",
    2: "مساندتان",
    3: "<bdi>3</bdi> مساندات",
    11: "<bdi>11</bdi> مساندة",
}
ENGLISH_SUPPORTERS = {
    1: "<bdi>1</bdi> person supports this idea.",
    2: "<bdi>2</bdi> people support this idea.",
}


def with_supports(n):
    plan = PlanFactory()
    idea = IdeaFactory(theme=ThemeFactory(plan=plan))
    Support.objects.bulk_create(Support(idea=idea, user=user) for user in UserFactory.create_batch(n))
    return idea


def page(client, name, arg, language):
    with translation.override(language):
        return client.get(reverse(name, args=[arg])).content.decode()


@pytest.mark.parametrize("n", sorted(ARABIC_SUPPORTERS))
def test_the_idea_page_says_how_many_support_it_in_arabic(client, n):
    idea = with_supports(n)
    assert ARABIC_SUPPORTERS[n] in page(client, "ideas:detail", idea.pk, "ar")


@pytest.mark.parametrize("n", sorted(ENGLISH_SUPPORTERS))
def test_and_in_english(client, n):
    idea = with_supports(n)
    assert ENGLISH_SUPPORTERS[n] in page(client, "ideas:detail", idea.pk, "en")


@pytest.mark.parametrize("n", sorted(ARABIC_CARD))
def test_the_idea_list_counts_supports_with_one_word(client, n):
    idea = with_supports(n)
    html = page(client, "ideas:index", idea.plan.slug, "ar")
    assert ARABIC_CARD[n] in html
    assert "دعم" not in html


def test_every_arabic_plural_has_its_six_forms():
    po = polib.pofile(str(settings.BASE_DIR / "locale" / "ar" / "LC_MESSAGES" / "django.po"))
    assert po.metadata["Plural-Forms"].startswith("nplurals=6;")
    for entry in po:
        if entry.msgid_plural and not entry.obsolete:
            forms = [entry.msgstr_plural.get(i, "") for i in range(6)]
            assert all(forms), entry.msgid


# The glossary's words and the register of the whole interface: the formal
# plural (أنتم), never the singular; the committee is «لجنة الإشراف»; support
# is «مساندة».
FORBIDDEN_ARABIC = [
    "اللجنة التوجيهية",
    "دعم",
    "حسابك",
    "أفكارك",
    "يمكنك",
    "تفضيلاتك",
    "مساهمتك",
    "سجل الدخول",
    "تريد",
    "أرسلت",
    "غيرت",
]


def test_the_arabic_catalogue_keeps_the_glossary_and_one_register():
    po = polib.pofile(str(settings.BASE_DIR / "locale" / "ar" / "LC_MESSAGES" / "django.po"))
    found = [
        (word, entry.msgid)
        for entry in po
        if not entry.obsolete
        for text in [entry.msgstr, *entry.msgstr_plural.values()]
        for word in FORBIDDEN_ARABIC
        if re.search(rf"(?<!\w){word}(?!\w)", text)  # «حسابك» but not «حسابكم»
    ]
    assert found == []


def test_the_demo_plans_timeline_names_the_steering_committee_from_the_glossary():
    from demo.builders import plans

    notes = " ".join(note["ar"] for note in plans.PHASE_NOTES.values())
    assert "لجنة الإشراف" in notes
    assert "التوجيهية" not in notes
