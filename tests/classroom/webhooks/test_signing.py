"""classroom.webhooks.signing: our signatures verify with the `standardwebhooks` package (the specification's
reference library), and a change of any signed part, or a stale timestamp, is refused."""

import base64
import json
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st
from standardwebhooks import Webhook, WebhookVerificationError

from classroom.webhooks import signing

NOW = 1_767_225_600
ids = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789_", min_size=1, max_size=40)
values = st.one_of(st.integers(), st.floats(allow_nan=False), st.text(max_size=20), st.none(), st.booleans())
payloads = st.dictionaries(st.text(max_size=10), values, max_size=6)
secrets = st.binary(min_size=1, max_size=64).map(lambda b: signing.SECRET_PREFIX + base64.b64encode(b).decode())


@given(secret=secrets, msg_id=ids, payload=payloads)
def test_every_signature_verifies_with_the_standard_webhooks_package(secret, msg_id, payload):
    data = signing.body(payload)
    headers = signing.headers(secret=secret, msg_id=msg_id, timestamp=int(time.time()), data=data)
    assert Webhook(secret).verify(data, headers) == json.loads(data)


@given(secret=secrets, other=secrets, msg_id=ids, payload=payloads, offset=st.integers(-300, 300))
def test_our_verify_accepts_ours_and_refuses_another_secret(secret, other, msg_id, payload, offset):
    data = signing.body(payload)
    headers = signing.headers(secret=secret, msg_id=msg_id, timestamp=NOW + offset, data=data)
    signing.verify(secret=secret, headers=headers, data=data, now=NOW)
    if base64.b64decode(other[6:]) != base64.b64decode(secret[6:]):
        with pytest.raises(signing.SignatureError):
            signing.verify(secret=other, headers=headers, data=data, now=NOW)


@pytest.mark.parametrize("part", ["webhook-id", "webhook-timestamp", "body"])
def test_a_changed_part_fails_both_verifiers(part):
    secret, data, stamp = signing.new_secret(), signing.body({"type": "attempt.graded"}), int(time.time())
    headers = signing.headers(secret=secret, msg_id="msg_1", timestamp=stamp, data=data)
    if part == "body":
        data = signing.body({"type": "attempt.submitted"})
    else:
        headers[part] = "msg_2" if part == "webhook-id" else str(stamp - 1)
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(data, headers)
    with pytest.raises(signing.SignatureError):
        signing.verify(secret=secret, headers=headers, data=data, now=stamp)


@pytest.mark.parametrize("offset", [-301, 301, -86400])
def test_a_timestamp_out_of_tolerance_is_refused(offset):
    secret, data = signing.new_secret(), b"{}"
    headers = signing.headers(secret=secret, msg_id="msg_1", timestamp=NOW + offset, data=data)
    with pytest.raises(signing.SignatureError, match="timestamp"):
        signing.verify(secret=secret, headers=headers, data=data, now=NOW)


def test_one_of_several_signatures_is_enough_as_during_a_secret_rotation():
    old, new, data = signing.new_secret(), signing.new_secret(), b"{}"
    headers = signing.headers(secret=new, msg_id="msg_1", timestamp=NOW, data=data)
    headers["webhook-signature"] = f"v1,bm90LWl0 {headers['webhook-signature']}"
    signing.verify(secret=new, headers=headers, data=data, now=NOW)
    with pytest.raises(signing.SignatureError):
        signing.verify(secret=old, headers=headers, data=data, now=NOW)


@pytest.mark.parametrize("headers", [{}, {"webhook-id": "x", "webhook-timestamp": "soon", "webhook-signature": "v1,"}])
def test_missing_or_malformed_headers_are_refused(headers):
    with pytest.raises(signing.SignatureError, match="headers"):
        signing.verify(secret=signing.new_secret(), headers=headers, data=b"{}", now=NOW)


def test_new_secrets_are_whsec_and_32_random_bytes_each_time():
    made = {signing.new_secret() for _ in range(50)}
    assert len(made) == 50
    assert all(s.startswith("whsec_") and len(base64.b64decode(s[6:])) == 32 for s in made)


@given(payload=payloads)
def test_the_body_is_the_same_bytes_whatever_the_key_order(payload):
    reversed_payload = dict(reversed(list(payload.items())))
    assert signing.body(payload) == signing.body(reversed_payload)
    assert json.loads(signing.body(payload)) == payload
