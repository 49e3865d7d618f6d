"""The "Dân vận khéo" registry: models (mô hình) and exemplars (điển hình), their yearly status,
assessment criteria and scores, and attachments.

One `DvkModel` per model, kept across the years it runs; one `DvkYear` per (model, year) carries
that year's registration, assessment and recognition (a yearly re-assessment never copies the
model). The filter columns of the model (unit, field, subject, sector, kind) are repeated on
`DvkYear` by the services so that lists and counts over millions of rows read one table.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from danvan.core.models import TimeStampedModel, UnitScoped, VersionedModel

STANDARD_FIELDS = [
    ("kinh_te", "Kinh tế", 1),
    ("van_hoa_xa_hoi", "Văn hóa – xã hội", 2),
    ("quoc_phong_an_ninh", "Quốc phòng – an ninh", 3),
    ("xay_dung_dang_he_thong_chinh_tri", "Xây dựng Đảng và hệ thống chính trị", 4),
]


class Field(models.Model):
    """Lĩnh vực. The four standard fields have no province; a province may add its own."""

    code = models.SlugField(_("mã"), max_length=60, unique=True)
    name = models.CharField(_("tên lĩnh vực"), max_length=200)
    province = models.ForeignKey(
        "orgunits.OrgUnit", verbose_name=_("tỉnh, thành phố"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", help_text=_("Để trống: lĩnh vực chung toàn quốc."),
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=100)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")

    def __str__(self) -> str:
        return self.name

    @property
    def is_standard(self) -> bool:
        return self.province_id is None


class Criterion(UnitScoped, models.Model):
    """One item of a province's assessment checklist, with an optional maximum score."""

    unit = models.ForeignKey("orgunits.OrgUnit", verbose_name=_("tỉnh, thành phố"), on_delete=models.PROTECT,
                             related_name="+")
    name = models.CharField(_("tiêu chí"), max_length=300)
    max_score = models.PositiveSmallIntegerField(_("điểm tối đa"), null=True, blank=True,
                                                 help_text=_("Để trống nếu chỉ đánh giá đạt/không đạt."))
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=100)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        ordering = ["unit", "order", "id"]
        verbose_name = _("tiêu chí bình xét")
        verbose_name_plural = _("tiêu chí bình xét")

    def __str__(self) -> str:
        return self.name


class DvkModel(UnitScoped, VersionedModel):
    """A mô hình or điển hình "Dân vận khéo", registered by `unit`."""

    class Kind(models.TextChoices):
        MODEL = "mo_hinh", _("Mô hình")
        EXEMPLAR = "dien_hinh", _("Điển hình")

    class Subject(models.TextChoices):
        COLLECTIVE = "tap_the", _("Tập thể")
        INDIVIDUAL = "ca_nhan", _("Cá nhân")

    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices, default=Kind.MODEL)
    subject = models.CharField(_("tập thể hay cá nhân"), max_length=10, choices=Subject.choices,
                               default=Subject.COLLECTIVE)
    name = models.CharField(_("tên mô hình, điển hình"), max_length=500)
    unit = models.ForeignKey("orgunits.OrgUnit", verbose_name=_("đơn vị đăng ký"), on_delete=models.PROTECT,
                             related_name="+")
    # Collective: the unit itself, another unit, or a named group ("Tổ tự quản đường Mậu Thân").
    collective_unit = models.ForeignKey(
        "orgunits.OrgUnit", verbose_name=_("tập thể là đơn vị"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    group_name = models.CharField(_("tên tập thể"), max_length=300, blank=True)
    # Individual.
    person_name = models.CharField(_("họ và tên cá nhân"), max_length=200, blank=True)
    person_position = models.CharField(_("chức vụ"), max_length=200, blank=True)
    person_unit = models.CharField(_("đơn vị công tác"), max_length=300, blank=True)

    field = models.ForeignKey(Field, verbose_name=_("lĩnh vực"), on_delete=models.PROTECT, related_name="models")
    sector = models.ForeignKey("orgunits.Sector", verbose_name=_("khối"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")

    # The registration contents.
    situation = models.TextField(_("sự cần thiết, lý do"), blank=True)
    goals = models.TextField(_("mục tiêu, tiêu chí đánh giá"), blank=True)
    content_method = models.TextField(_("nội dung, cách thức thực hiện"), blank=True)
    scope_target = models.TextField(_("phạm vi, đối tượng"), blank=True)
    forces = models.TextField(_("lực lượng tham gia"), blank=True)
    resources = models.TextField(_("nguồn lực"), blank=True)
    timeline = models.TextField(_("thời gian thực hiện"), blank=True)
    outputs = models.TextField(_("sản phẩm, kết quả kiểm chứng"), blank=True)
    sustainability = models.TextField(_("tính bền vững, khả năng nhân rộng"), blank=True)

    replicated_from = models.ForeignKey(
        "self", verbose_name=_("nhân rộng từ mô hình"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="replications",
    )
    discontinued_on = models.DateField(_("ngừng thực hiện từ"), null=True, blank=True)
    discontinued_reason = models.TextField(_("lý do ngừng"), blank=True)

    external_ref = models.CharField(_("mã tham chiếu ngoài"), max_length=100, null=True, blank=True, unique=True)
    submission_key = models.UUIDField(_("mã lần gửi"), null=True, blank=True, unique=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người tạo"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    search_text = models.TextField(editable=False, default="")

    CONTENT_FIELDS = ("situation", "goals", "content_method", "scope_target", "forces", "resources", "timeline",
                      "outputs", "sustainability")

    class Meta:
        ordering = ["-id"]
        verbose_name = _("mô hình, điển hình “Dân vận khéo”")
        verbose_name_plural = _("mô hình, điển hình “Dân vận khéo”")
        indexes = [
            models.Index(fields=["unit", "name"], name="dvk_model_unit_name_idx"),
            models.Index(fields=["name", "id"], name="dvk_model_name_idx"),  # lists sorted by name
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("registry:detail", args=[self.pk])

    @property
    def holder(self) -> str:
        """Who the model or exemplar is: the person, the named group or the collective unit."""
        if self.subject == self.Subject.INDIVIDUAL:
            return self.person_name
        if self.group_name:
            return self.group_name
        return str(self.collective_unit or self.unit)

    @property
    def is_discontinued(self) -> bool:
        return self.discontinued_on is not None


class Level(models.TextChoices):
    """Recognition and honour levels."""

    COMMUNE = "commune", _("Cấp xã")
    DISTRICT = "district", _("Cấp huyện")
    PROVINCE = "province", _("Cấp tỉnh")
    CENTRAL = "central", _("Trung ương")


class DvkYear(UnitScoped, VersionedModel):
    """The model's registration and result in one year (năm đăng ký)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        REGISTERED = "registered", _("Đã đăng ký")
        UNDER_ASSESSMENT = "under_assessment", _("Đang bình xét")
        RETURNED = "returned", _("Trả lại để bổ sung")
        RECOGNISED = "recognised", _("Được công nhận")
        NOT_RECOGNISED = "not_recognised", _("Không công nhận")
        HONOURED = "honoured", _("Được tôn vinh")

    TRANSITIONS = {
        Status.DRAFT: {Status.REGISTERED},
        Status.REGISTERED: {Status.UNDER_ASSESSMENT, Status.RETURNED},
        Status.UNDER_ASSESSMENT: {Status.RECOGNISED, Status.NOT_RECOGNISED, Status.RETURNED},
        Status.RETURNED: {Status.REGISTERED},
        Status.RECOGNISED: {Status.HONOURED},
    }
    REGISTERED_STATES = (Status.REGISTERED, Status.UNDER_ASSESSMENT, Status.RETURNED, Status.RECOGNISED,
                         Status.NOT_RECOGNISED, Status.HONOURED)
    RECOGNISED_STATES = (Status.RECOGNISED, Status.HONOURED)
    EDITABLE_STATES = (Status.DRAFT, Status.REGISTERED, Status.RETURNED)

    model = models.ForeignKey(DvkModel, verbose_name=_("mô hình"), on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField(_("năm"))
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    registered_on = models.DateField(_("ngày đăng ký"), null=True, blank=True)
    assessment_started_on = models.DateField(_("ngày đưa ra bình xét"), null=True, blank=True)
    returned_note = models.TextField(_("nội dung cần bổ sung"), blank=True)
    recognised_on = models.DateField(_("ngày công nhận"), null=True, blank=True)
    recognised_year = models.PositiveSmallIntegerField(_("năm công nhận"), null=True, blank=True, editable=False)
    recognition_level = models.CharField(_("cấp công nhận"), max_length=10, choices=Level.choices, blank=True)
    recognising_body = models.CharField(_("cơ quan công nhận"), max_length=300, blank=True)
    decision_number = models.CharField(_("số quyết định"), max_length=100, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    not_recognised_reason = models.TextField(_("lý do không công nhận"), blank=True)
    honour_level = models.CharField(_("cấp tôn vinh"), max_length=10, choices=Level.choices, blank=True)
    honour_event = models.CharField(_("sự kiện tôn vinh"), max_length=300, blank=True)
    honoured_on = models.DateField(_("ngày tôn vinh"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    # Copies of the model's filter columns, kept in step by the services (see module docstring).
    unit = models.ForeignKey("orgunits.OrgUnit", on_delete=models.PROTECT, related_name="+", editable=False)
    field = models.ForeignKey(Field, on_delete=models.PROTECT, related_name="+", editable=False)
    sector = models.ForeignKey("orgunits.Sector", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+", editable=False)
    subject = models.CharField(max_length=10, choices=DvkModel.Subject.choices, editable=False)
    kind = models.CharField(max_length=10, choices=DvkModel.Kind.choices, editable=False)

    class Meta:
        ordering = ["-year", "-id"]
        verbose_name = _("đăng ký theo năm")
        verbose_name_plural = _("đăng ký theo năm")
        constraints = [
            models.UniqueConstraint(fields=["model", "year"], name="dvk_year_unique_model_year"),
            # A model is recognised at most once per reporting year: "counted once" is then structural.
            models.UniqueConstraint(fields=["model", "recognised_year"], condition=Q(recognised_year__isnull=False),
                                    name="dvk_year_one_recognition_per_year"),
        ]
        indexes = [
            # Lists are "newest first" inside a year: these let PostgreSQL stop after one page.
            models.Index(fields=["year", "id"], name="dvk_year_year_id_idx"),
            models.Index(fields=["year", "status", "id"], name="dvk_year_year_status_id_idx"),
            models.Index(fields=["recognised_year", "recognition_level"], name="dvk_year_recognised_idx"),
            models.Index(fields=["unit", "year"], name="dvk_year_unit_year_idx"),
            models.Index(fields=["unit", "recognised_year"], name="dvk_year_unit_recog_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.model} ({self.year})"

    def get_absolute_url(self) -> str:
        return reverse("registry:detail", args=[self.model_id]) + f"?nam={self.year}"

    @property
    def is_registered(self) -> bool:
        return self.status in self.REGISTERED_STATES

    @property
    def is_recognised(self) -> bool:
        return self.status in self.RECOGNISED_STATES


class Assessment(UnitScoped, TimeStampedModel):
    """One assessor's scoring of one model-year against the province's criteria."""

    SCOPE_UNIT_FIELD = "dvk_year__unit"

    dvk_year = models.ForeignKey(DvkYear, verbose_name=_("năm đăng ký"), on_delete=models.CASCADE,
                                 related_name="assessments")
    assessor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người chấm"), on_delete=models.PROTECT,
                                 related_name="+")
    scores = models.JSONField(_("điểm theo tiêu chí"), default=dict, blank=True,
                              help_text=_("{mã tiêu chí: điểm}; tiêu chí không có điểm: 1 = đạt, 0 = không đạt."))
    total = models.DecimalField(_("tổng điểm"), max_digits=8, decimal_places=2, default=0)
    comment = models.TextField(_("nhận xét"), blank=True)

    class Meta:
        ordering = ["dvk_year", "-created_at"]
        verbose_name = _("phiếu chấm")
        verbose_name_plural = _("phiếu chấm")
        constraints = [models.UniqueConstraint(fields=["dvk_year", "assessor"], name="dvk_assessment_once")]

    def __str__(self) -> str:
        return f"{self.dvk_year} – {self.assessor}"


def _attachment_path(instance, filename: str) -> str:
    # Random names: the user's file name is kept only as data, never as a path.
    return f"registry/{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}"


class Attachment(UnitScoped, TimeStampedModel):
    """A document or photo of a model. Served only through the scoped download view."""

    SCOPE_UNIT_FIELD = "model__unit"
    # The stored (random) path is not useful in the trail, and core.audit's FieldFile check touches
    # `.url`, which raises because uploads have no URL on purpose (MEDIA_URL = None).
    AUDIT_SKIPPED_FIELDS = ("file",)

    model = models.ForeignKey(DvkModel, verbose_name=_("mô hình"), on_delete=models.CASCADE,
                              related_name="attachments")
    file = models.FileField(_("tệp"), upload_to=_attachment_path, max_length=200)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(_("loại tệp"), max_length=120)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    description = models.CharField(_("mô tả"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        ordering = ["model", "id"]
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("registry:attachment", args=[self.model_id, self.pk])
