"""Request parsers of the API (REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"]); a module of its own because DRF
imports them while it loads its views."""

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.parsers import JSONParser


class ObjectJSONParser(JSONParser):
    """JSON bodies must be objects: every write endpoint reads named fields (a list or a number gave a 500)."""

    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        if not isinstance(data, dict):
            raise exceptions.ParseError(_("Nội dung gửi lên phải là một đối tượng JSON ({…}) có các trường theo "
                                          "tài liệu API."))
        return data
