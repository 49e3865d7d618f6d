class EditorContentSecurityPolicyMiddleware:
    """The Wagtail editor (under /bien-tap/) gets the policy it needs, and only there.

    Its widgets start from small inline scripts (image chooser, date picker), image uploads preview as blob:
    URLs, and the live preview is a same-origin frame. Everything still comes from this origin: no CDN, no
    eval. Public pages keep danvan's strict policy (set by danvan.core.middleware, which runs before this one
    on the way out).
    """

    PREFIX = "/bien-tap/"
    POLICY = (
        "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
        "script-src 'self' 'unsafe-inline'; object-src 'none'; frame-ancestors 'self'; base-uri 'self'; "
        "form-action 'self'"
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(self.PREFIX):
            response.headers["Content-Security-Policy"] = self.POLICY
        return response

    def process_exception(self, request, exception):
        """Some editor views (choosers) take ids from the URL as text and fail on a malformed one: answer 404."""
        from django.core.exceptions import ValidationError
        from django.http import Http404

        malformed = (ValueError, OverflowError, ValidationError)
        if request.path.startswith(self.PREFIX) and isinstance(exception, malformed):
            raise Http404 from exception
        return None


class PortalPageCacheMiddleware:
    """Serves cached anonymous article pages straight after WhiteNoise, before sessions, routing and Wagtail.

    Only requests without a session cookie (readers) and without a query string are answered here; the
    security headers that the later middleware would add are set on the response itself.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings

        if request.method == "GET" and not request.META.get("QUERY_STRING") and (
                settings.SESSION_COOKIE_NAME not in request.COOKIES):
            from . import cache as page_cache
            from . import counter

            language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, settings.LANGUAGE_CODE)
            if language not in dict(settings.LANGUAGES):
                language = settings.LANGUAGE_CODE
            entry = page_cache.read_and_count(request.path, counter.reader_of(request), language)
            if entry is not None:
                from django.http import HttpResponse

                from danvan.core.middleware import ContentSecurityPolicyMiddleware

                _page_id, content = entry
                response = HttpResponse(content, content_type="text/html; charset=utf-8")
                response["X-Portal-Cache"] = "hit"
                response["Content-Security-Policy"] = ContentSecurityPolicyMiddleware.POLICY
                response["X-Frame-Options"] = settings.X_FRAME_OPTIONS
                response["Content-Language"] = language
                response["Vary"] = "Cookie"
                return response
        return self.get_response(request)
