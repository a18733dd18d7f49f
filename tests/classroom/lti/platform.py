"""A simulated LTI 1.3 platform (an LMS) on 127.0.0.1, for the tests: it has its own RSA key and serves its JWKS,
answers the OIDC login redirect with a signed id_token, issues access tokens at its token URL once it has verified
the tool's client assertion against the tool's JWKS, receives scores at its AGS line items, serves an NRPS roster,
verifies deep-linking answers, and can be down (refusing connections) and back on the same port.

It signs and verifies with PyJWT: the platform's side of the protocol, which the tool never hand-rolls."""

import json
import secrets
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
AGS = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
NRPS = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
DL = "https://purl.imsglobal.org/spec/lti-dl/claim/"
LEARNER = ["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"]
INSTRUCTOR = ["http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"]
SCOPES = [
    "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
    "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
    "https://purl.imsglobal.org/spec/lti-ags/scope/score",
]
CLIENT_ID = "classroom-tool"
DEPLOYMENT = "deployment-1"
COURSE = "course-101"


def rsa_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class _Server(ThreadingHTTPServer):
    allow_reuse_address = True
    daemon_threads = True
    request_queue_size = 64


class Platform:
    def __init__(self):
        self.key, self.kid = rsa_key(), uuid.uuid4().hex
        self.tool_jwks: dict = {"keys": []}  # set by the test: what the tool publishes
        self.scores: list[dict] = []  # every score received, in order
        self.token_requests = 0
        self.tokens: set[str] = set()
        self.roster: list[dict] = []
        self.browser: dict = {}  # for a browser: the tool's login and launch URLs, and what to launch
        self.lock = threading.Lock()
        self.server = None
        self.port = 0
        self.up()
        self.lineitems: list[dict] = [{"id": self.url("/lineitems/1"), "label": "The quiz", "scoreMaximum": 4}]

    # ------------------------------------------------------------ running, down, back

    def up(self) -> None:
        self.server = _Server(("127.0.0.1", self.port), self._handler())
        self.port = self.server.server_port
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def down(self) -> None:
        """Connections are refused from now on (nothing listens on the port)."""
        self.server.shutdown()
        self.server.server_close()

    def close(self) -> None:
        self.down()

    @property
    def issuer(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.issuer + path

    # ------------------------------------------------------------ the OIDC dance and launches

    def jwks(self) -> dict:
        public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        return {"keys": [{**public, "kid": self.kid, "alg": "RS256", "use": "sig"}]}

    def claims(self, *, nonce: str, launch_url: str, sub: str = "learner-1", roles=None, custom=None, **extra) -> dict:
        now = int(time.time())
        return {
            "iss": self.issuer, "aud": CLIENT_ID, "sub": sub, "iat": now, "exp": now + 300, "nonce": nonce,
            "name": f"Name {sub}", "given_name": "Given", "family_name": sub.title(), "email": f"{sub}@lms.example",
            LTI + "deployment_id": DEPLOYMENT, LTI + "message_type": "LtiResourceLinkRequest", LTI + "version": "1.3.0",
            LTI + "roles": roles or LEARNER, LTI + "target_link_uri": launch_url,
            LTI + "resource_link": {"id": "link-1", "title": "The quiz"},
            LTI + "context": {"id": COURSE, "label": "HIST101", "title": "History 101"},
            LTI + "custom": custom or {},
            AGS: {"scope": SCOPES, "lineitems": self.url("/lineitems"), "lineitem": self.url("/lineitems/1")},
            NRPS: {"context_memberships_url": self.url(f"/nrps/{COURSE}"), "service_versions": ["2.0"]},
            **extra,
        }  # fmt: skip

    def deep_linking(self, claims: dict) -> dict:
        claims[LTI + "message_type"] = "LtiDeepLinkingRequest"
        claims.pop(LTI + "resource_link", None)
        claims[DL + "deep_linking_settings"] = {
            "deep_link_return_url": self.url("/deep-link-return"), "accept_types": ["ltiResourceLink"],
            "accept_presentation_document_targets": ["iframe", "window"], "data": "opaque-data",
        }  # fmt: skip
        return claims

    def sign(self, claims: dict, *, key=None, kid: str | None = None) -> str:
        return jwt.encode(claims, key or self.key, algorithm="RS256", headers={"kid": kid or self.kid})

    def login_params(self, *, launch_url: str) -> dict:
        return {"iss": self.issuer, "login_hint": "hint", "target_link_uri": launch_url, "client_id": CLIENT_ID,
                "lti_message_hint": "msg", "lti_deployment_id": DEPLOYMENT}  # fmt: skip

    # ------------------------------------------------------------ what it checks of the tool

    def verify_tool_jwt(self, token: str, *, audience: str) -> dict:
        header = jwt.get_unverified_header(token)
        jwk = next(k for k in self.tool_jwks["keys"] if k["kid"] == header["kid"])
        key = jwt.algorithms.RSAAlgorithm.from_jwk(json.dumps(jwk))
        return jwt.decode(token, key, algorithms=["RS256"], audience=audience, issuer=CLIENT_ID)

    def verify_deep_link(self, token: str) -> dict:
        return self.verify_tool_jwt(token, audience=self.issuer)

    # ------------------------------------------------------------ pages for a browser

    def course_page(self) -> str:
        """The LMS's course page: the tool in an iframe, started by the login initiation."""
        query = urlencode(self.login_params(launch_url=self.browser["launch_url"]))
        return (f'<!doctype html><title>History 101</title><h1>History 101 (the LMS)</h1>'
                f'<iframe id="tool" title="Tool" width="1100" height="700" src="{self.browser["login_url"]}?{query}">'
                f"</iframe>")  # fmt: skip

    def authorize(self, query: dict) -> str:
        """The OIDC authorisation answer: a signed id_token with the tool's nonce, posted (by the browser) with the
        tool's state to the launch URL this platform has registered for the tool."""
        claims = self.claims(nonce=query["nonce"], launch_url=self.browser["launch_url"], **self.browser["claims"])
        if self.browser.get("deep"):
            claims = self.deep_linking(claims)
        return (f'<!doctype html><form id="f" method="post" action="{self.browser["launch_url"]}">'
                f'<input type="hidden" name="id_token" value="{self.sign(claims)}">'
                f'<input type="hidden" name="state" value="{query["state"]}"></form>'
                f'<script>document.getElementById("f").submit()</script>')  # fmt: skip

    # ------------------------------------------------------------ HTTP

    def _handler(self):
        platform = self

        class Handler(BaseHTTPRequestHandler):
            def _send(self, status: int, body: dict | None = None, content_type="application/json"):
                data = json.dumps(body).encode() if body is not None else b""
                self.send_response(status)
                self.send_header("content-type", content_type)
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _html(self, html: str):
                data = html.encode()
                self.send_response(200)
                self.send_header("content-type", "text/html; charset=utf-8")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _authorized(self) -> bool:
                token = self.headers.get("authorization", "").removeprefix("Bearer ")
                with platform.lock:
                    return token in platform.tokens

            def do_GET(self):  # noqa: N802 - the name http.server calls
                path = urlsplit(self.path).path
                if path == "/jwks":
                    return self._send(200, platform.jwks())
                if path == "/course":
                    return self._html(platform.course_page())
                if path == "/auth":
                    return self._html(
                        platform.authorize({k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()})
                    )
                if path == "/lineitems":
                    if not self._authorized():
                        return self._send(401, {"error": "no token"})
                    with platform.lock:
                        items = list(platform.lineitems)
                    return self._send(200, items, "application/vnd.ims.lis.v2.lineitemcontainer+json")
                if path.startswith("/nrps/"):
                    if not self._authorized():
                        return self._send(401, {"error": "no token"})
                    body = {"id": self.path, "context": {"id": COURSE}, "members": platform.roster}
                    return self._send(200, body, "application/vnd.ims.lti-nrps.v2.membershipcontainer+json")
                return self._send(404, {"error": "not found"})

            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                path = urlsplit(self.path).path
                if path == "/token":
                    return self._token(parse_qs(body.decode()))
                if path == "/lineitems":  # the tool makes a grade column
                    if not self._authorized():
                        return self._send(401, {"error": "no token"})
                    with platform.lock:
                        item = {**json.loads(body), "id": platform.url(f"/lineitems/{len(platform.lineitems) + 1}")}
                        platform.lineitems.append(item)
                    return self._send(201, item, "application/vnd.ims.lis.v2.lineitem+json")
                if path.startswith("/lineitems/") and path.endswith("/scores"):
                    if not self._authorized():
                        return self._send(401, {"error": "no token"})
                    with platform.lock:
                        platform.scores.append({"lineitem": path.removesuffix("/scores"), **json.loads(body)})
                    return self._send(200, {})
                return self._send(404, {"error": "not found"})

            def _token(self, form: dict):
                try:
                    platform.verify_tool_jwt(form["client_assertion"][0], audience=platform.url("/token"))
                except (KeyError, StopIteration, jwt.InvalidTokenError) as exc:
                    return self._send(401, {"error": f"invalid_client: {exc}"})
                token = secrets.token_hex(16)
                with platform.lock:
                    platform.token_requests += 1
                    platform.tokens.add(token)
                return self._send(200, {"access_token": token, "token_type": "Bearer", "expires_in": 3600,
                                        "scope": form.get("scope", [""])[0]})  # fmt: skip

            def log_message(self, *args):
                pass

        return Handler
