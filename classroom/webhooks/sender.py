"""One HTTP POST to a webhook endpoint, with the standard library's http.client (no new dependency; nothing is
needed beyond one POST, a timeout and a bounded read). No ORM: the services pass plain values.

The host is resolved once, every address checked, and the connection made to a checked address, so a name that
resolves to a public address when checked and a private one when connecting (DNS rebinding) gets nowhere."""

import http.client
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from classroom.webhooks import policy


@dataclass(frozen=True)
class Result:
    status: int | None  # None: no HTTP response (refused, timed out, unreachable)
    duration_ms: int
    error: str = ""

    @property
    def ok(self) -> bool:
        return policy.succeeded(self.status)


class Refused(Exception):
    pass


def resolve(host: str, port: int, *, allow_private: bool) -> str:
    """The address to connect to: the first that getaddrinfo gives, once all of them were checked."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise Refused(f"cannot resolve {host}: {exc}") from exc
    addresses = [info[4][0] for info in infos]
    if not allow_private and any(policy.refused_address(a) for a in addresses):
        raise Refused(f"{host} resolves to a private, loopback or link-local address")
    return addresses[0]


class _Pinned(http.client.HTTPConnection):
    """Connects to the checked address, while the Host header (and TLS's name, below) stay the URL's."""

    def __init__(self, host: str, port: int, address: str, **kwargs):
        super().__init__(host, port, **kwargs)
        self.address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class _PinnedTLS(_Pinned):
    default_port = 443

    def connect(self) -> None:
        super().connect()
        self.sock = ssl.create_default_context().wrap_socket(self.sock, server_hostname=self.host)


def post(url: str, *, data: bytes, headers: dict[str, str], allow_private: bool) -> Result:
    started = time.monotonic()

    def result(status: int | None, error: str = "") -> Result:
        return Result(status, round((time.monotonic() - started) * 1000), error[:500])

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return result(None, "not an http(s) URL")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        address = resolve(parts.hostname, port, allow_private=allow_private)
        kind = _PinnedTLS if parts.scheme == "https" else _Pinned
        conn = kind(parts.hostname, port, address, timeout=policy.TIMEOUT)
        try:
            path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            conn.request("POST", path, body=data, headers={**headers, "user-agent": "classroom-webhooks/1"})
            response = conn.getresponse()
            response.read(policy.MAX_RESPONSE_BYTES)  # bounded: a huge or endless answer costs at most 64 KB
            return result(response.status)
        finally:
            conn.close()
    except (Refused, OSError, http.client.HTTPException) as exc:
        return result(None, f"{type(exc).__name__}: {exc}")
