from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "danvan.registry"
    label = "registry"
    verbose_name = _("Mô hình, điển hình “Dân vận khéo”")
