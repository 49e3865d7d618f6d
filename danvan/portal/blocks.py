"""The article body: paragraphs of restricted rich text, and photos with a caption and required alt text."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

# What an editor needs and nothing more: no embeds, no raw HTML, no images inside paragraphs (photos are
# their own block with a caption), no document links. Wagtail's rich-text whitelist drops everything else.
RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "blockquote"]


class PhotoBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Ảnh"))
    alt = blocks.CharBlock(label=_("Mô tả ảnh cho người khiếm thị"), max_length=250,
                           help_text=_("Bắt buộc: nói ngắn gọn ảnh có gì."))
    caption = blocks.CharBlock(label=_("Chú thích ảnh"), max_length=500, required=False)

    class Meta:
        icon = "image"
        label = _("Ảnh có chú thích")
        template = "portal/blocks/photo.html"


class BodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Đoạn văn"))
    photo = PhotoBlock()

    class Meta:
        label = _("Nội dung")
