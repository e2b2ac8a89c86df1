from modeltranslation.translator import TranslationOptions, register

from .models import Member


@register(Member)
class MemberTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("ar",)
