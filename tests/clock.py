"""The times pages give, as tests compare them."""

from datetime import timedelta

from django.utils import timezone


def retry_times(allowed) -> set[str]:
    """The local times ("HH:MM") a rate limit's message may give for a person
    allowed again at `allowed`: the minute at or after it (a page never says a
    time at which the person would still be refused), counted in whole
    seconds, so one second later too."""

    def minute_after(moment):
        moment = timezone.localtime(moment)
        if moment.second or moment.microsecond:
            moment = moment.replace(second=0, microsecond=0) + timedelta(minutes=1)
        return moment.strftime("%H:%M")

    return {minute_after(allowed), minute_after(allowed + timedelta(seconds=1))}
