"""OpenAPI schema hooks: only /api/ paths, and the one error shape documented on every operation."""

from __future__ import annotations

ERROR_STATUSES = {
    "400": "Malformed request: unreadable body or bad query parameter.",
    "401": "No credentials, or a wrong, expired or revoked token.",
    "403": "Not allowed for this user.",
    "404": "Not found, or outside the caller's scope.",
    "409": "Version conflict: somebody saved first (or the same Idempotency-Key is still running).",
    "413": "Request body too large.",
    "422": "Well-formed but breaks a rule (every problem listed).",
    "429": "Too many requests; see Retry-After.",
}
READ_STATUSES = ("400", "401", "403", "404", "429")

ERRORS_SCHEMA = {
    "type": "object",
    "required": ["errors"],
    "properties": {"errors": {"type": "array", "items": {
        "type": "object",
        "required": ["code", "field", "message_vi", "message_en"],
        "properties": {
            "code": {"type": "string"},
            "field": {"type": "string", "nullable": True},
            "message_vi": {"type": "string"},
            "message_en": {"type": "string"},
            "line": {"type": "integer", "description": "imports: the row of the file"},
            "indexes": {"type": "array", "items": {"type": "integer"}},
        },
    }}},
}


def only_api_paths(endpoints):
    """Preprocessing: the schema covers the JSON API only (never the admin or the portal's own APIs)."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]


def add_error_responses(result, generator, request, public):
    """Postprocessing: every operation documents the error statuses it can answer, all in one shape."""
    result.setdefault("components", {}).setdefault("schemas", {})["Errors"] = ERRORS_SCHEMA
    reference = {"$ref": "#/components/schemas/Errors"}
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            statuses = READ_STATUSES if method == "get" else tuple(ERROR_STATUSES)
            responses = operation.setdefault("responses", {})
            for code in statuses:
                responses.setdefault(code, {"description": ERROR_STATUSES[code],
                                            "content": {"application/json": {"schema": reference}}})
                # An operation that documents its own body for an error status (dataValueSets' 422 import
                # summary) can still answer the error shape there: the exception handler answers every
                # validation error, bad parameter or refusal in it.
                own = responses[code].get("content", {}).get("application/json", {})
                if own.get("schema") not in (None, reference) and "anyOf" not in own["schema"]:
                    own["schema"] = {"anyOf": [own["schema"], reference]}
            if method == "get":
                responses.setdefault("304", {"description": "Not modified (If-None-Match matched the ETag)."})
    return result
