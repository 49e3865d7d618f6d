"""The portal home replaces Wagtail's "Welcome" page as the root of the default site."""

from django.db import migrations


def create_home(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    Locale = apps.get_model("wagtailcore", "Locale")
    PortalHomePage = apps.get_model("portal", "PortalHomePage")
    if PortalHomePage.objects.exists():
        return
    locale = Locale.objects.first() or Locale.objects.create(language_code="vi")
    Page.objects.filter(depth=2, slug="home", content_type__model="page").delete()
    root = Page.objects.get(depth=1)
    content_type, _ = ContentType.objects.get_or_create(app_label="portal", model="portalhomepage")
    # A treebeard path under the root: the root's path plus the next free 4-character step.
    siblings = Page.objects.filter(depth=2).order_by("-path").values_list("path", flat=True)
    step = int(siblings[0][-4:], 36) + 1 if siblings else 1
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    digits = ""
    while step:
        step, rest = divmod(step, 36)
        digits = alphabet[rest] + digits
    home = PortalHomePage.objects.create(
        title="Cổng thông tin công tác dân vận", draft_title="Cổng thông tin công tác dân vận", slug="trang-chu",
        content_type=content_type, path=root.path + digits.rjust(4, "0"), depth=2, numchild=0,
        url_path="/trang-chu/", live=True, locale=locale,
        intro="Tin tức công tác dân vận, mô hình “Dân vận khéo” và ý kiến bạn đọc.",
    )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page_id=home.pk, is_default_site=True,
                        site_name="Cổng thông tin công tác dân vận")


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_portal_pages_feedback_counters"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_home, migrations.RunPython.noop)]
