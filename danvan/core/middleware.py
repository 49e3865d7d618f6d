class ContentSecurityPolicyMiddleware:
    """Everything is served from this origin: scripts, styles and fonts never come from a CDN."""

    POLICY = (
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
        "object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.POLICY)
        return response


class AbsoluteSessionLifetimeMiddleware:
    """Ends a session SESSION_ABSOLUTE_SECONDS after sign-in, however active it has been.

    The inactivity timeout is SESSION_COOKIE_AGE with SESSION_SAVE_EVERY_REQUEST; this bounds the total.
    """

    KEY = "_danvan_signed_in_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        import time

        from django.conf import settings
        from django.contrib.auth import logout

        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            started = request.session.get(self.KEY)
            now = int(time.time())
            if started is None:
                request.session[self.KEY] = now
            elif now - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
        return self.get_response(request)


class VietnameseFirstMiddleware:
    """The UI is Vietnamese unless the user picked another language with the switch (a cookie).

    Officials often run English-language browsers; their Accept-Language header must not turn the
    interface English. Placed before LocaleMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class ReadersDoNotWriteMiddleware:
    """A signed-in user who only reads gets 403 on any unsafe request, whatever the view (the gatekeeper's
    `may_write_anything`). Views that change only the caller's own session are marked `readers_may_post`.
    Finer rules (which unit, which action) stay with the services; this makes "a viewer cannot write" hold
    by construction, including for views added later."""

    SAFE = ("GET", "HEAD", "OPTIONS", "TRACE")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method in self.SAFE or getattr(view_func, "readers_may_post", False):
            return None
        if hasattr(view_func, "cls"):
            return None  # a DRF view: `core.api_permissions.ReadersDoNotWrite` answers in the API's error shape
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None  # LoginRequiredMiddleware or the API's own authentication answers
        from django.core.exceptions import PermissionDenied
        from django.utils.translation import gettext as _

        from danvan.accounts.permissions import may_write_anything

        if not may_write_anything(user):
            raise PermissionDenied(_("Tài khoản chỉ xem: bạn không có quyền nhập hoặc sửa dữ liệu."))
        return None
