"""Who is asking: the signed-in user, kept in the cache between requests.

Every request to the API or a page used to read its user from the database (the token joined to its user,
or the session's user), and building that query cost more CPU than many whole endpoints did. Here a user
is read once and then kept in the cache for `USER_TIMEOUT` seconds, under their primary key (sessions) and
under each token (the API). Saving or deleting the user, or changing their groups, drops both at once (the
signals below), and deleting a token drops its entry. What bypasses signals (a queryset `update()` of
users) takes effect when the entry expires.

In front of the shared cache, each process keeps the users it served in its own memory for `LOCAL_TIMEOUT`
seconds: a user making requests one after the other costs no round trip to Redis. The signals drop the
entries of the process that made the change; other processes serve their copy until it expires, so a
deactivated user, a deleted token or a changed role takes up to `LOCAL_TIMEOUT` seconds to apply there."""

from collections.abc import Callable
from hashlib import sha256

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache, caches
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed

USER_TIMEOUT = 300  # the signals drop a changed user at once: this bounds only what bypasses them
LOCAL_TIMEOUT = 2


def _user_key(pk) -> str:
    return f"auth:user:{pk}"


def _token_key(key: str) -> str:
    return f"auth:token:{sha256(key.encode()).hexdigest()}"  # the secret itself never becomes a cache key


def _load(key: str, query: Callable[[], QuerySet]):
    """The user cached under `key` (in this process, else shared), else the first of `query()` (then cached),
    else None. A callable: building a queryset costs more than the cache read that makes it unneeded."""
    local = caches["local"]
    user = local.get(key)
    if user is not None:
        return user
    user = cache.get(key)
    if user is None:
        user = query().first()
        if user is None:
            return None
        user.is_teacher  # noqa: B018 (computed now, so the cached copy carries it: one query fewer per request)
        cache.set(key, user, USER_TIMEOUT)
    local.set(key, user, LOCAL_TIMEOUT)
    return user


def cached_user(pk):
    """The user with this primary key, or None."""
    return _load(_user_key(pk), lambda: get_user_model()._default_manager.filter(pk=pk))


class CachedModelBackend(ModelBackend):
    """Django's model backend; the session's user comes from the cache."""

    def get_user(self, user_id):
        user = cached_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class CachedTokenAuthentication(TokenAuthentication):
    """DRF's token authentication; the token's user comes from the cache (one round trip, no query)."""

    def authenticate_credentials(self, key):
        user = _load(_token_key(key), lambda: get_user_model()._default_manager.filter(auth_token__key=key))
        if user is None:
            raise AuthenticationFailed(_("Invalid token."))
        if not user.is_active:
            raise AuthenticationFailed(_("User inactive or deleted."))
        return (user, key)


# ---------------------------------------------------------------- dropping entries (connected in classroom.apps)


def _forget(keys: list[str]) -> None:
    """Now, and again after commit: a request between the two may have cached the old row."""

    def forget():
        caches["local"].delete_many(keys)
        cache.delete_many(keys)

    forget()
    transaction.on_commit(forget)


def _forget_users(pks) -> None:
    tokens = Token.objects.filter(user_id__in=list(pks)).values_list("key", flat=True)
    _forget([*(_user_key(pk) for pk in pks), *(_token_key(key) for key in tokens)])


def user_changed(sender, instance, created=False, update_fields=None, **kwargs) -> None:
    if created or (update_fields is not None and set(update_fields) <= {"last_login"}):
        return  # nothing cached yet; or a sign-in's save, of nothing a request checks
    _forget_users([instance.pk])


def groups_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    if action not in ("post_add", "post_remove", "pre_clear"):  # before a clear, its users are still known
        return
    if not reverse:  # user.groups.add(...): the instance is the user
        _forget_users([instance.pk])
    elif pk_set is not None:  # group.user_set.add(...): the users are in pk_set
        _forget_users(list(pk_set))
    else:  # group.user_set.clear()
        _forget_users(list(instance.user_set.values_list("pk", flat=True)))


def token_deleted(sender, instance, **kwargs) -> None:
    _forget([_token_key(instance.key)])


def revoke_tokens(sender, instance, created=False, **kwargs) -> None:
    """A password change or reset, or a deactivation, ends the user's API tokens: a token must not outlive the
    password that obtained it. `_password` is set by set_password() until the save that stores it."""
    if not created and (getattr(instance, "_password", None) is not None or not instance.is_active):
        Token.objects.filter(user=instance).delete()
