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
    """Serves cached anonymous article pages before routing (placed last, inside the security middleware,
    so the Content-Security-Policy and other headers are still set on the way out)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "GET" and not request.GET and not request.user.is_authenticated:
            from . import cache as page_cache
            from . import counter

            entry = page_cache.get(request.path)
            if entry is not None:
                from django.http import HttpResponse

                page_id, content = entry
                counter.record(page_id, counter.reader_of(request))
                response = HttpResponse(content, content_type="text/html; charset=utf-8")
                response["X-Portal-Cache"] = "hit"
                return response
        return self.get_response(request)
