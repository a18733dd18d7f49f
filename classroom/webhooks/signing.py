"""Standard Webhooks signatures (https://www.standardwebhooks.com/), with the standard library only: no ORM, no
Django. The signed content is `{webhook-id}.{webhook-timestamp}.{body}`, HMAC-SHA256 under the secret's bytes."""

import base64
import hashlib
import hmac
import json
import secrets

SECRET_PREFIX = "whsec_"  # noqa: S105 - the prefix the specification gives secrets, not one
SECRET_BYTES = 32  # 256 bits: the size of the HMAC-SHA256 key, as the specification recommends (24 to 64)
TOLERANCE_SECONDS = 5 * 60


class SignatureError(ValueError):
    pass


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def _key(secret: str) -> bytes:
    raw = secret.removeprefix(SECRET_PREFIX)
    try:
        key = base64.b64decode(raw, validate=True)
    except ValueError as exc:
        raise SignatureError("the secret is not base64 after its whsec_ prefix") from exc
    if not key:
        raise SignatureError("the secret is empty")
    return key


def body(payload: dict) -> bytes:
    """The bytes sent: the same for every attempt of a delivery, so a receiver sees one message however often it
    comes (keys sorted, no spaces)."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def sign(*, secret: str, msg_id: str, timestamp: int, data: bytes) -> str:
    """The `webhook-signature` header's value: `v1,<base64 HMAC-SHA256>`."""
    signed = f"{msg_id}.{timestamp}.".encode() + data
    digest = hmac.new(_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def headers(*, secret: str, msg_id: str, timestamp: int, data: bytes) -> dict[str, str]:
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": sign(secret=secret, msg_id=msg_id, timestamp=timestamp, data=data),
        "content-type": "application/json",
    }


def verify(*, secret: str, headers: dict[str, str], data: bytes, now: int, tolerance: int = TOLERANCE_SECONDS) -> None:
    """What a receiver does (the tests use it, and docs/webhooks.md shows it): raises SignatureError unless one of
    the space-separated `v1,` signatures matches and the timestamp is within `tolerance` seconds of `now`."""
    lowered = {k.lower(): v for k, v in headers.items()}
    msg_id, stamp, signatures = (lowered.get(f"webhook-{k}", "") for k in ("id", "timestamp", "signature"))
    if not (msg_id and stamp.isdigit() and signatures):
        raise SignatureError("missing or malformed webhook headers")
    if abs(now - int(stamp)) > tolerance:
        raise SignatureError("the timestamp is too old or too new")
    expected = sign(secret=secret, msg_id=msg_id, timestamp=int(stamp), data=data)
    if not any(hmac.compare_digest(expected, s) for s in signatures.split(" ") if s.startswith("v1,")):
        raise SignatureError("no signature matches")
