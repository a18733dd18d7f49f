"""django-csp's middleware, with the site's policy built once.

django-csp builds the policy from the settings on every response (and again for the report-only policy):
about a tenth of the CPU of a request that does nothing else. The policy is the same for every response that
has no policy of its own, so it is built once per process here; a response with its own policy (a view
decorated with `csp_update` and the like, or a page that used a nonce) still goes through django-csp."""

from functools import cached_property

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject
from csp.middleware import CSPMiddleware as DjangoCSPMiddleware
from csp.utils import build_policy
from django.conf import settings

# What a view's decorators put on its response: a policy of its own.
OWN_POLICY = ("_csp_config", "_csp_update", "_csp_replace", "_csp_config_ro", "_csp_update_ro", "_csp_replace_ro")


class CSPMiddleware(DjangoCSPMiddleware):
    @cached_property
    def _site_policies(self) -> tuple[tuple[str, str, str], ...]:
        """(header, policy, exemption flag) of the settings' policies that are not empty."""
        pairs = (
            (HEADER, build_policy(), "_csp_exempt"),
            (HEADER_REPORT_ONLY, build_policy(report_only=True), "_csp_exempt_ro"),
        )
        return tuple(p for p in pairs if p[1])

    def process_response(self, request, response):
        if settings.DEBUG or self._excluded_prefixes or getattr(request, "_csp_nonce", None) is not None:
            return super().process_response(request, response)
        if any(hasattr(response, name) for name in OWN_POLICY):
            return super().process_response(request, response)
        for header, policy, exempt in self._site_policies:
            if header not in response and not getattr(response, exempt, False):
                response[header] = policy
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)  # as django-csp: too late now
        return response

    @cached_property
    def _excluded_prefixes(self) -> bool:
        """Whether the settings exempt some paths (then django-csp decides, path by path)."""
        return any(
            (getattr(settings, name, None) or {}).get("EXCLUDE_URL_PREFIXES")
            for name in ("CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY")
        )
