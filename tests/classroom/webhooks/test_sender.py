"""classroom.webhooks.sender: one POST, checked after DNS resolution, with a timeout and a bounded read."""

import socket
import threading
import time

import pytest

from classroom.webhooks import policy, sender
from tests.classroom.webhooks.receiver import Receiver


def _post(url: str, *, allow_private: bool = True) -> sender.Result:
    return sender.post(url, data=b"{}", headers={"webhook-id": "msg_1"}, allow_private=allow_private)


def test_a_post_reaches_the_receiver_with_its_headers_and_body():
    with Receiver(lambda headers, body: 200) as receiver:
        result = _post(receiver.url)
    (headers, body), = receiver.requests  # fmt: skip
    assert (result.status, result.ok, body, headers["webhook-id"]) == (200, True, b"{}", "msg_1")
    assert headers["host"] == f"127.0.0.1:{receiver.server.server_port}"


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::1]", "0.0.0.0", "169.254.169.254", "10.1.2.3"])  # noqa: S104
def test_private_targets_are_refused_after_resolving_the_name(host):
    result = _post(f"http://{host}:9/hook", allow_private=False)
    assert (result.status, result.ok) == (None, False)
    assert "private, loopback or link-local" in result.error


def test_a_name_is_refused_if_any_of_its_addresses_is_private(monkeypatch):
    infos = [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, 80)) for a in ("93.184.216.34", "10.0.0.1")]
    monkeypatch.setattr(socket, "getaddrinfo", lambda *args, **kwargs: infos)
    with pytest.raises(sender.Refused):
        sender.resolve("rebind.example.org", 80, allow_private=False)
    assert sender.resolve("rebind.example.org", 80, allow_private=True) == "93.184.216.34"


@pytest.mark.parametrize("url", ["ftp://example.org/", "file:///etc/passwd", "http:///nohost", "gopher://x/"])
def test_only_http_and_https_urls_are_posted_to(url):
    assert _post(url).error == "not an http(s) URL"


def test_a_receiver_that_does_not_answer_times_out(monkeypatch):
    monkeypatch.setattr(policy, "TIMEOUT", 0.5)
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()  # accepts connections, never answers
        started = time.monotonic()
        result = _post(f"http://127.0.0.1:{silent.getsockname()[1]}/")
    assert time.monotonic() - started < 3
    assert result.status is None and "timed out" in result.error


def test_a_huge_answer_is_read_up_to_64_kb_only():
    sent = []
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()

        def answer():
            conn, _ = server.accept()
            conn.recv(65536)
            conn.sendall(b"HTTP/1.1 200 OK\r\ncontent-length: 104857600\r\n\r\n")
            chunk = b"x" * 65536
            try:
                for _ in range(1600):  # 100 MB offered
                    conn.sendall(chunk)
                    sent.append(len(chunk))
            except OSError:
                pass  # the client hung up after its 64 KB
            conn.close()

        thread = threading.Thread(target=answer, daemon=True)
        thread.start()
        result = _post(f"http://127.0.0.1:{server.getsockname()[1]}/")
        thread.join(timeout=10)
    assert result.status == 200
    assert sum(sent) < 50 * 1024 * 1024  # it stopped reading long before the end


def test_a_refused_connection_is_a_failure_with_its_reason():
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    result = _post(f"http://127.0.0.1:{port}/")
    assert (result.status, result.ok) == (None, False) and "ConnectionRefused" in result.error
