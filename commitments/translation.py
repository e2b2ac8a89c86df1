from modeltranslation.translator import TranslationOptions, register

from .models import Commitment, Indicator, Milestone


@register(Commitment)
class CommitmentTranslation(TranslationOptions):
    fields = ("title", "summary", "problem", "status_quo", "description", "contribution", "expected_results")
    required_languages = ("ar",)


@register(Milestone)
class MilestoneTranslation(TranslationOptions):
    fields = ("description", "expected_output")
    required_languages = ("ar",)


@register(Indicator)
class IndicatorTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("ar",)
