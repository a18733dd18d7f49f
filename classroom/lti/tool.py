"""The glue to PyLTI1p3 and django-lti: which registrations and deployments exist, nonces used once, where launch
data lives, and an HTTP client that times out and caches the platform's access token. No JWT is read or checked
here: the library does that (signature, expiry, audience, state, deployment, message claims)."""

import hashlib

import requests
from django.conf import settings
from django.core.cache import cache
from lti_tool.models import LtiDeployment
from lti_tool.utils import DjangoToolConfig
from pylti1p3.contrib.django import DjangoCacheDataStorage, DjangoMessageLaunch, DjangoOIDCLogin
from pylti1p3.deployment import Deployment
from pylti1p3.exception import LtiException
from pylti1p3.service_connector import ServiceConnector

LAUNCH_LIFETIME = 4 * 3600  # a launch (its claims, for deep linking) stays usable this long after it came


class ToolConfig(DjangoToolConfig):
    """django-lti's, but a deployment must have been registered (and be active): theirs records any deployment id
    a platform sends, so an unknown one would get as far as creating accounts before being refused."""

    def _registered(self, **lookups) -> LtiDeployment | None:
        if self.registration_uuid is not None:
            lookups["registration__uuid"] = self.registration_uuid
        self.deployment = LtiDeployment.objects.active().filter(registration__is_active=True, **lookups).first()
        return self.deployment

    def find_deployment(self, iss, deployment_id):
        return _deployment(self._registered(registration__issuer=iss, deployment_id=deployment_id))

    def find_deployment_by_params(self, iss, deployment_id, client_id, *args, **kwargs):
        lookups = {"registration__issuer": iss, "registration__client_id": client_id, "deployment_id": deployment_id}
        return _deployment(self._registered(**lookups))


def _deployment(found: LtiDeployment | None) -> Deployment | None:
    return None if found is None else Deployment().set_deployment_id(found.deployment_id)


class LaunchStorage(DjangoCacheDataStorage):
    """The library's cache storage (Redis in the full stack, shared by every process), plus the one thing it lacks:
    taking a nonce out, so that it works once."""

    def take(self, key: str) -> bool:
        return bool(self._get_cache().delete(self._prepare_key(key)))


class MessageLaunch(DjangoMessageLaunch):
    """PyLTI1p3's launch checks that the nonce was issued, not that it is unused: it is taken out here, after the
    library's own check, so a replayed id_token (same nonce) is refused."""

    def validate_nonce(self):
        super().validate_nonce()
        service = self._session_service
        if not service.data_storage.take(service._get_key("nonce", self._get_jwt_body()["nonce"])):
            raise LtiException("Invalid Nonce")  # another request took it between the check and now
        return self


def storage() -> LaunchStorage:
    return LaunchStorage()


def launch_from_request(request) -> MessageLaunch:
    """The launch in this POST, validated by the library (raises LtiException)."""
    launch = MessageLaunch(request, ToolConfig(), launch_data_storage=storage())
    launch.set_launch_data_lifetime(LAUNCH_LIFETIME)
    return launch.validate()


def launch_from_cache(request, launch_id: str) -> MessageLaunch:
    """A launch validated earlier (the deep-linking chooser posts after its launch)."""
    return MessageLaunch.from_cache(launch_id, request, ToolConfig(), launch_data_storage=storage())


def oidc_login(request, registration_uuid) -> DjangoOIDCLogin:
    return DjangoOIDCLogin(request, ToolConfig(registration_uuid), launch_data_storage=storage())


class _Session(requests.Session):
    """Every call to a platform times out: a platform that hangs must not hold a worker forever."""

    def request(self, *args, **kwargs):
        kwargs.setdefault("timeout", settings.LTI_HTTP_TIMEOUT)
        return super().request(*args, **kwargs)


class Connector(ServiceConnector):
    """The library's service client, with the platform's access token kept in Django's cache (shared by every worker)
    until shortly before it expires, instead of in this object only."""

    def __init__(self, registration, *, key: str):
        super().__init__(registration, requests_session=_Session())
        self._cache_prefix = f"lti:token:{key}"
        self._expires_in = 3600
        self._requests_session.hooks["response"].append(self._remember_lifetime)

    def _remember_lifetime(self, response, *args, **kwargs):
        if response.ok and response.url == self._registration.get_auth_token_url():
            self._expires_in = int(response.json().get("expires_in") or 3600)

    def get_access_token(self, scopes) -> str:
        key = f"{self._cache_prefix}:{hashlib.sha256('|'.join(sorted(scopes)).encode()).hexdigest()}"
        if token := cache.get(key):
            return token
        token = super().get_access_token(scopes)
        cache.set(key, token, max(self._expires_in - 60, 1))  # a minute early: never send one that just expired
        return token
