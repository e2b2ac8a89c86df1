from modeltranslation.translator import TranslationOptions, register

from .models import Commitment


@register(Commitment)
class CommitmentTranslation(TranslationOptions):
    fields = ("title",)
    required_languages = ("ar",)
