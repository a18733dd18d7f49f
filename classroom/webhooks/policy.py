"""The rules of delivery, as plain functions (no ORM): which events exist, when to try again, and which target
addresses are refused."""

import ipaddress
import random
from datetime import timedelta

EVENTS = ("attempt.submitted", "attempt.graded", "response.marked", "assignment.created", "report.sent")
RETRY_FOR = timedelta(hours=24)  # a delivery is given up, and an endpoint failing this long disabled, after this
FIRST_DELAY = 5.0  # seconds before the second try
MAX_DELAY = 2 * 60 * 60.0  # tries are at most 2 h apart, so a receiver back after a long outage waits at most that
TIMEOUT = 5.0  # seconds: connecting, and each read
MAX_RESPONSE_BYTES = 64 * 1024


def retry_delay(attempts: int, *, rng: random.Random | None = None) -> float:
    """Seconds to wait after the `attempts`-th failed try: exponential (5 s, 10 s, 20 s … 2 h) with jitter, a
    random part of up to a half, so the deliveries that failed together (a receiver down) do not return together."""
    base = min(FIRST_DELAY * 2 ** max(attempts - 1, 0), MAX_DELAY)
    return base * (0.5 + (rng or random).random() / 2)


def succeeded(status: int | None) -> bool:
    """Standard Webhooks: any 2xx is a success; redirects are not followed, so they fail."""
    return status is not None and 200 <= status < 300


def refused_address(address: str) -> bool:
    """Private, loopback, link-local, multicast, reserved or unspecified: a webhook must not reach the platform's
    own network (server-side request forgery). IPv4-mapped IPv6 addresses are judged as the IPv4 they carry."""
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast
