"""Personal API tokens: create (shown once), revoke, and the DRF authentication class for `Bearer`."""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from danvan.core.audit import audit

from .models import ApiToken, User
from .permissions import ensure_can_manage_token, home_unit

TOKEN_PREFIX = "dv_"
MAX_TOKENS_PER_USER = 20
# Writing last_used_at on every request would turn every read into a write; once a minute is enough.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@transaction.atomic
def api_token_create(*, actor, user: User, name: str, expires_on: datetime.date | None = None
                     ) -> tuple[ApiToken, str]:
    """Create a token for `user`; returns (token row, the token text — never retrievable again)."""
    ensure_can_manage_token(actor, user)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Hãy đặt tên cho mã truy cập.")})
    if len(name) > 100:
        raise ValidationError({"name": _("Tên dài tối đa 100 ký tự.")})
    if expires_on is not None and expires_on < timezone.localdate():
        raise ValidationError({"expires_on": _("Ngày hết hạn đã qua.")})
    active = ApiToken.objects.filter(user=user, revoked_at__isnull=True)
    if active.count() >= MAX_TOKENS_PER_USER:
        raise ValidationError({"name": _("Mỗi người dùng có tối đa %(n)s mã truy cập; hãy thu hồi mã không dùng.")
                                       % {"n": MAX_TOKENS_PER_USER}})
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, prefix=raw[:10], key_hash=hash_token(raw),
                                    expires_on=expires_on)
    audit(actor=actor, action="accounts.apitoken.created", target=token, unit=home_unit(user),
          changes={"user": [None, user.username], "name": [None, name],
                   "expires_on": [None, expires_on.isoformat() if expires_on else None]})
    return token, raw


@transaction.atomic
def api_token_revoke(*, actor, token: ApiToken) -> ApiToken:
    ensure_can_manage_token(actor, token.user)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit(actor=actor, action="accounts.apitoken.revoked", target=token, unit=home_unit(token.user),
              changes={"revoked_at": [None, token.revoked_at.isoformat()]})
    return token


def user_for_token(raw: str) -> User | None:
    """The active user a usable token belongs to, or None."""
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=hash_token(raw)).first()
    if token is None or not token.is_usable(timezone.localdate()) or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


class BearerTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer <token>`. Listed first so an anonymous API call gets 401, not 403."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1", "replace").split()
        if not header or header[0].lower() != self.keyword.lower():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(gettext_lazy("Tiêu đề Authorization phải là “Bearer <mã>”."))
        user = user_for_token(header[1])
        if user is None:
            raise exceptions.AuthenticationFailed(
                gettext_lazy("Mã truy cập không đúng, đã hết hạn hoặc đã bị thu hồi."))
        return user, None

    def authenticate_header(self, request):
        return f'{self.keyword} realm="api"'


class BearerTokenScheme(OpenApiAuthenticationExtension):
    """Tells the OpenAPI schema about `Authorization: Bearer <token>`."""

    target_class = BearerTokenAuthentication
    name = "bearerToken"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer",
                "description": "A personal API token (profile page or `manage.py create_api_token`)."}
