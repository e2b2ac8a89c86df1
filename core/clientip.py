"""The client's address, for every rate limit: allauth's (login, signup,
through `core.adapters.AccountAdapter.get_client_ip`) and the portal's
django-ratelimit keys (`RATELIMIT_IP_META_KEY`).

Behind a reverse proxy every request comes from the proxy's address, so one
visitor's failed logins would lock everyone out. With `TRUSTED_PROXY_COUNT`
set to the number of proxies in front of the portal, each of which appends
the address it received the request from to `X-Forwarded-For`, the client is
the address the outermost trusted proxy saw: that many entries from the end.
Whatever a client writes into the header itself comes before those and is
never read; without the setting the header is ignored (a client could
otherwise choose its own address and escape every limit)."""

import ipaddress

from django.conf import settings


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [hop for hop in hops if hop]
        # Fewer entries than proxies: the request did not come through them all.
        if len(hops) >= count:
            try:
                return str(ipaddress.ip_address(hops[-count]))
            except ValueError:
                pass
    return remote
