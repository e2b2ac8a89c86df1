from modeltranslation.translator import TranslationOptions, register

from .models import AgendaItem, Decision, HandbookVersion, Meeting, MeetingDocument, SelectionRound


@register(Meeting)
class MeetingTranslation(TranslationOptions):
    fields = ("title", "minutes")


@register(AgendaItem)
class AgendaItemTranslation(TranslationOptions):
    fields = ("title", "description")
    required_languages = ("ar",)


@register(Decision)
class DecisionTranslation(TranslationOptions):
    fields = ("text",)
    required_languages = ("ar",)


@register(MeetingDocument)
class MeetingDocumentTranslation(TranslationOptions):
    fields = ("title",)
    required_languages = ("ar",)


@register(HandbookVersion)
class HandbookVersionTranslation(TranslationOptions):
    fields = ("summary", "text")


@register(SelectionRound)
class SelectionRoundTranslation(TranslationOptions):
    fields = ("method",)
    required_languages = ("ar",)
