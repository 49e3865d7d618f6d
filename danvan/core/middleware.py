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

    The inactivity timeout is SESSION_COOKIE_AGE, renewed by SessionTouchMiddleware; this bounds the total.
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


class PrivateNoStoreMiddleware:
    """Signed-in pages, the API and every download carry `Cache-Control: private, no-store`.

    Nothing a signed-in official sees — and no export, such as the petitions CSV — may be kept by a shared
    proxy or in the browser's disk cache after sign-out. Public pages keep whatever caching they chose.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.utils.cache import add_never_cache_headers

        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        download = response.get("Content-Disposition", "").startswith("attachment")
        if signed_in or download or request.path.startswith("/api/"):
            add_never_cache_headers(response)
        return response


class InputHygieneMiddleware:
    """Every typed value reaches the views as NFC text without NUL bytes.

    A NUL byte (`%00`) is refused with HTTP 400 and a Vietnamese message before any view runs (PostgreSQL
    cannot store it, and no person types it). Decomposed Unicode (NFD, as some keyboards and macOS produce) is
    normalised to NFC so that "Phường" typed either way is the same name in duplicate checks and searches.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for name in ("GET", "POST"):
            if name == "POST" and request.method != "POST":
                continue
            data = getattr(request, name)
            if any("\x00" in key or any("\x00" in value for value in values) for key, values in data.lists()):
                return self._refuse(request)
            if any(not _is_nfc(key) or not all(_is_nfc(v) for v in values) for key, values in data.lists()):
                setattr(request, name, _nfc_querydict(data))
        return self.get_response(request)

    @staticmethod
    def _refuse(request):
        from django.http import JsonResponse
        from django.shortcuts import render
        from django.utils.translation import gettext as _

        message = _("Dữ liệu gửi lên chứa ký tự không hợp lệ (NUL). Hãy nhập lại.")
        if request.path.startswith("/api/"):
            return JsonResponse({"errors": [{"code": "nul_byte", "field": None, "message_vi": message,
                                             "message_en": "The request contains a NUL character."}]}, status=400)
        return render(request, "400.html", {"message": message}, status=400)


def _is_nfc(text: str) -> bool:
    import unicodedata

    return unicodedata.is_normalized("NFC", text)


def _nfc_querydict(data):
    import unicodedata

    from django.http import QueryDict

    normalised = QueryDict(mutable=True, encoding=data.encoding)
    for key, values in data.lists():
        normalised.setlist(unicodedata.normalize("NFC", key), [unicodedata.normalize("NFC", v) for v in values])
    normalised._mutable = False
    return normalised


class ConfirmActionMiddleware:
    """Irreversible actions ask first, with or without JavaScript.

    A form that includes templates/includes/confirm_fields.html posts `confirm_message` and
    `confirmed=0`. With JavaScript a <dialog> asks and sets `confirmed=1`; without it this middleware
    answers the first POST with a page that names what will happen and posts the same data again
    confirmed. Clients that do not send `confirm_message` (the API, scripts) are not affected.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (request.method == "POST" and "confirm_message" in request.POST
                and request.POST.get("confirmed") != "1" and not request.FILES and _applies(request.POST)):
            from django.shortcuts import render

            fields = [(k, v) for k, values in request.POST.lists() for v in values
                      if k not in ("csrfmiddlewaretoken", "confirmed", "confirm_when")]
            return render(request, "core/confirm.html", {
                "message": request.POST.get("confirm_message", ""),
                "fields": fields,
                "action": request.get_full_path(),
                "back": request.META.get("HTTP_REFERER", "") if _same_origin(request) else "",
                "label": request.POST.get("confirm_label", ""),
            })
        return self.get_response(request)


def _applies(post) -> bool:
    """`confirm_when=action=submit` asks only for the button that submits, not for "save"."""
    condition = post.get("confirm_when", "")
    if not condition:
        return True
    name, _, value = condition.partition("=")
    return post.get(name) == value


def _same_origin(request) -> bool:
    from django.utils.http import url_has_allowed_host_and_scheme

    return url_has_allowed_host_and_scheme(request.META.get("HTTP_REFERER", ""), {request.get_host()})


class SessionTouchMiddleware:
    """Renews a signed-in session's inactivity timeout at most once per SESSION_TOUCH_SECONDS.

    SESSION_SAVE_EVERY_REQUEST would rewrite the session (a database or cache write) on every request.
    Here a session is written only when its data changed or its last renewal is older than the interval,
    so the inactivity timeout (SESSION_COOKIE_AGE) is exact to within SESSION_TOUCH_SECONDS.
    Listed after SessionMiddleware, so its response phase runs before the session is saved.
    """

    KEY = "_danvan_touched_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # No key: an anonymous visitor without a session, or one just signed out (flushed): write nothing.
        if session is None or session.session_key is None or session.is_empty():
            return response
        import time

        from django.conf import settings

        now = int(time.time())
        if session.modified or now - session.get(self.KEY, 0) >= settings.SESSION_TOUCH_SECONDS:
            session[self.KEY] = now  # marks the session modified: SessionMiddleware saves it and renews expiry
        return response


class UniqueConflictMiddleware:
    """A page whose service lost a race on a unique key (two identical submissions at once) answers 409 with a
    message, never a 500 (issue 13). Services handle the races they know (`core.db.insert_or_existing`); this is
    the net for any other unique violation. The API answers the same in its own shape (`core.api_errors`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.db import IntegrityError
        from django.shortcuts import render

        from .db import UniqueConflict, conflict_message, is_unique_violation

        if isinstance(exception, UniqueConflict) or (
                isinstance(exception, IntegrityError) and is_unique_violation(exception)):
            if request.path.startswith("/api/"):
                from .api_errors import json_error

                return json_error(409, "conflict")
            return render(request, "400.html", {"message": conflict_message()}, status=409)
        return None
