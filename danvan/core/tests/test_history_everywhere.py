"""No audit entry shows an internal key (issue 14, "Done when").

The demo data (every area, through the services) plus the changes the demo does not make — edits, deletions,
the rest of each workflow — are recorded; then every audit entry is read as people read it (core.history)
and every record page that shows a history is opened. Neither may show a raw field name, a record id, a
UUID, a dotted event code, an indicator or unit code, True/False/None, a dict, or a UTC ISO timestamp.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

pytestmark = pytest.mark.django_db

D = datetime.date
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
       b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND"
       b"\xaeB`\x82")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

APPS = ("accounts", "activities", "annual", "campaigns", "commendations", "core", "dashboards", "orgunits",
        "petitions", "portal", "prestige", "programme", "registry", "reports", "submissions")
FORBIDDEN = {
    "dotted event or model code": re.compile(r"\b(?:{})\.[a-z_]+".format("|".join(APPS))),
    "raw field name": re.compile(r"\b[a-z]+_[a-z_]+\b"),
    "UUID": re.compile(r"\b[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\b", re.I),
    "record id": re.compile(r"#\d+|→ \d{3,}$|\bid\b"),
    "Python value": re.compile(r"\b(?:True|False|None)\b|\{'|'\}|\[\]|\{\}"),
    "ISO timestamp": re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2})?"),
    "unit key": re.compile(r"(?<![\w-])(?:VN|TW)-[A-Z0-9]+\b"),
    "indicator code": re.compile(r"\b(?:dvk|conference|petition|campaign|commendation)\.[a-z.]+\b"),
    "English field label": re.compile(r"\b(?:Created by|Document|Activity|Case|Campaign)\b"),
}


def _upload(name, content, content_type):
    return SimpleUploadedFile(name, content, content_type=content_type)


def exercise_every_audited_kind():
    """What the demo does not do, through the services, as the demo's officials."""
    from danvan.accounts import services as accounts
    from danvan.accounts.models import ApiToken, Membership, User
    from danvan.activities import services as activities
    from danvan.activities.models import Activity, ActivityKind, Commitment, Document, Project
    from danvan.annual import services as annual
    from danvan.annual.models import AnnualReport
    from danvan.campaigns import services as campaigns
    from danvan.campaigns.models import Campaign, House, Target
    from danvan.commendations import services as commendations
    from danvan.commendations.models import AwardForm, Commendation
    from danvan.orgunits.models import OrgUnit
    from danvan.petitions import services as petitions
    from danvan.petitions.models import Case, Hotspot, IdentityGrant, SentimentReport
    from danvan.registry import attachments as registry_attachments
    from danvan.registry import services as registry
    from danvan.registry.models import DvkModel, Field
    from danvan.reports import services as reports
    from danvan.reports.models import DataValue
    from danvan.submissions import services as submissions
    from danvan.submissions.models import Submission

    admin = User.objects.get(username="admin")
    approver = User.objects.get(username="cantho.lanhdao")
    officer = User.objects.get(username="cantho.canbo")
    commune_officer = User.objects.get(username="ninhkieu.canbo")
    cantho = OrgUnit.objects.get(key="VN-92")
    ninh_kieu = OrgUnit.objects.get(parent=cantho, name="Phường Ninh Kiều", valid_to__isnull=True)

    # accounts
    someone = accounts.user_create(actor=admin, username="lich.su.thu", password="danvan-test-2026x",
                                   full_name="Trần Văn Thử", unit=ninh_kieu, role="viewer")
    membership = accounts.membership_grant(actor=admin, user=someone, unit=cantho, role="viewer")
    accounts.membership_revoke(actor=admin, membership=membership)
    accounts.user_set_active(actor=admin, user=someone, active=False)
    accounts.user_set_active(actor=admin, user=someone, active=True)
    from danvan.accounts import tokens

    token, _secret = tokens.api_token_create(actor=someone, user=someone, name="Đồng bộ thử",
                                             expires_on=D(2099, 1, 1))
    tokens.api_token_revoke(actor=someone, token=token)
    # second factor (issue 13): enrol an app, make new recovery codes, an administrator resets it
    from django.contrib.sessions.backends.db import SessionStore
    from django.test import RequestFactory

    from danvan.accounts import otp

    request = RequestFactory().post("/")
    request.user, request.session = someone, SessionStore()
    device = otp.enrolment_device(someone)
    otp.enrol_confirm(request, device, otp.current_code(device)[0])
    otp.recovery_codes_regenerate(request)
    otp.reset(actor=admin, user=someone)
    assert ApiToken.objects.filter(user=someone).exists() and not Membership.objects.filter(unit=cantho,
                                                                                              user=someone).exists()

    # registry
    model = DvkModel.objects.filter(unit=ninh_kieu, years__status="returned").order_by("pk").first()
    registry.update_model(actor=commune_officer, model=model, expected_version=model.version,
                          data={"name": model.name + " (sửa)", "goals": "Mục tiêu mới"})
    copy = registry.create_model(actor=commune_officer, unit=ninh_kieu, year=2026, register=True,
                                 registered_on=D(2026, 3, 2),
                                 data={"name": "Mô hình nhân rộng thử lịch sử", "subject": "tap_the",
                                       "field": Field.objects.get(code="kinh_te")})
    recognised = DvkModel.objects.filter(years__status="recognised").order_by("pk").first()
    registry.mark_replicated(actor=commune_officer, original=recognised, copy=copy)
    attachment = registry_attachments.add_attachment(actor=commune_officer, model=copy,
                                                     uploaded=_upload("bien-ban.pdf", PDF, "application/pdf"),
                                                     description="Biên bản")
    registry_attachments.delete_attachment(actor=commune_officer, attachment=attachment)
    registry.discontinue(actor=commune_officer, model=copy, on=D(2026, 6, 1), reason="Hết kinh phí")
    from danvan.registry import assessment
    from danvan.registry.models import DvkYear

    assessed = DvkYear.objects.filter(status="under_assessment", model__unit__path__startswith=cantho.path).first()
    criteria = assessment.criteria_for(assessed.unit)
    assessment.record_assessment(actor=approver, dvk_year=assessed, comment="Đạt",
                                 scores={str(c.pk): (c.max_score or 1) for c in criteria})
    assessment.add_field(actor=approver, province=cantho, name="Chuyển đổi số")

    # activities
    activity = Activity.objects.filter(unit=cantho).order_by("pk").first()
    activities.activity_update(actor=admin, activity=activity, expected_version=activity.version,
                               attendees=4200, title=activity.title + " (sửa)")
    extra = activities.activity_create(actor=officer, unit=cantho, kind=ActivityKind.objects.get(code="hoi_nghi"),
                                       title="Hội nghị thử lịch sử", purpose="quan_triet", start_date=D(2025, 9, 9),
                                       attendees=100, participants=100)
    upload = activities.attachment_add(actor=officer, activity=extra,
                                       upload=_upload("anh.png", PNG, "image/png"))
    activities.attachment_delete(actor=officer, attachment=upload)
    activities.activity_delete(actor=officer, activity=extra)
    document = Document.objects.order_by("pk").first()
    activities.document_update(actor=admin, document=document, expected_version=document.version,
                               summary="Tóm tắt mới")
    activities.review_add(actor=admin, document=document, unit=cantho, kind="so_ket", held_on=D(2025, 10, 1),
                          report_symbol="30-BC/BDVTU")
    project = Project.objects.order_by("pk").first()
    activities.project_transition(actor=admin, project=project, to=Project.Status.SUBMITTED)
    commitment = Commitment.objects.filter(status=Commitment.Status.DONE).order_by("pk").first()
    activities.commitment_set_status(actor=admin, commitment=commitment, to=Commitment.Status.OPEN)

    # commendations
    nomination = commendations.commendation_create(
        actor=officer, unit=cantho, recipient_type="individual", form=AwardForm.objects.get(code="bang_khen_tinh"),
        period_start_year=2025, recipient_name="Nguyễn Thị Thử", reason="Thành tích thử")
    commendations.commendation_update(actor=officer, commendation=nomination, expected_version=nomination.version,
                                      reason="Thành tích xuất sắc")
    commendations.commendation_cancel(actor=officer, commendation=nomination, note="Trùng")
    other = commendations.commendation_create(
        actor=officer, unit=cantho, recipient_type="individual", form=AwardForm.objects.get(code="bang_khen_tinh"),
        period_start_year=2024, recipient_name="Lê Văn Xóa")
    commendations.commendation_delete(actor=officer, commendation=other)
    assert Commendation.objects.exists()

    # petitions
    case = Case.objects.filter(unit=cantho, kind="kien_nghi").exclude(status__in=Case.FINAL).order_by("pk").first() \
        or Case.objects.filter(unit=cantho).exclude(status__in=Case.FINAL).order_by("pk").first()
    petitions.case_update(actor=officer, case=case, expected_version=case.version, subject=case.subject + " (sửa)",
                          is_complex=not case.is_complex)
    document_upload = petitions.document_add(actor=officer, case=case,
                                             upload=_upload("don.pdf", PDF, "application/pdf"), description="Đơn")
    petitions.document_delete(actor=officer, document=document_upload)
    petitioner = case.petitioners.first()
    if petitioner is not None:
        petitions.petitioner_update(actor=officer, petitioner=petitioner, data={"name": "Người Sửa", "address": "",
                                    "phone": "0900000000", "id_number": "", "email": "", "is_representative": True})
    added = petitions.petitioner_add(actor=officer, case=case, data={"name": "Người Thêm"})
    petitions.petitioner_delete(actor=officer, petitioner=added)
    denunciation = Case.objects.filter(kind="to_cao").order_by("pk").first()
    grant = IdentityGrant.objects.filter(case=denunciation).first()
    if grant is not None:
        petitions.identity_revoke(actor=approver, grant=grant)
    # the identity right needs two approvers (issue 13): requested, confirmed; requested, refused
    central_approver = User.objects.get(username="tw.lanhdao")
    asked = petitions.identity_request(actor=approver, case=denunciation, user=User.objects.get(username="tw.xem"),
                                       reason="Xác minh nội dung tố cáo")
    petitions.identity_confirm(actor=central_approver, request=asked)
    refused = petitions.identity_request(actor=approver, case=denunciation,
                                         user=User.objects.get(username="cantho.quantri"), reason="Phối hợp")
    petitions.identity_refuse(actor=central_approver, request=refused, note="Không cần thiết")
    hotspot = Hotspot.objects.order_by("pk").first()
    petitions.hotspot_update(actor=officer, hotspot=hotspot, expected_version=hotspot.version, risk_level=2,
                             headcount=80, note="Đã đối thoại lần hai")
    petitions.hotspot_resolve(actor=officer, hotspot=Hotspot.objects.get(pk=hotspot.pk), resolved_on=D(2026, 11, 20))
    report = petitions.sentiment_create(actor=officer, unit=cantho, period_type="quarter", period_code="Quý 3/2026",
                                        title="Báo cáo tình hình Nhân dân quý III", mood="stable",
                                        issues=[{"field": "dat_dai", "description": "Giá đất", "mentions": 12,
                                                 "is_hot": True}], cases=[case])
    petitions.sentiment_update(actor=officer, report=report, expected_version=report.version, mood="worried",
                               issues=[{"field": "moi_truong", "description": "Ngập úng", "mentions": 30,
                                        "is_hot": False}], cases=[])
    assert SentimentReport.objects.filter(pk=report.pk).exists()
    fresh = [petitions.case_create(actor=officer, unit=cantho, kind="kien_nghi", channel="walk_in",
                                   received_on=D(2026, 11, 2), subject=f"Kiến nghị thử lịch sử {i}",
                                   field="dat_dai", petitioner_type="one", headcount=1,
                                   petitioners=[{"name": f"Người gửi {i}"}]) for i in range(4)]
    petitions.case_not_accept(actor=officer, case=fresh[0], on=D(2026, 11, 3), reason="Không thuộc thẩm quyền")
    petitions.case_transfer(actor=officer, case=fresh[1], on=D(2026, 11, 3), to_unit=ninh_kieu,
                            reason="Thuộc thẩm quyền phường")
    petitions.case_withdraw(actor=officer, case=fresh[2], on=D(2026, 11, 3), reason="Người gửi rút đơn")
    petitions.case_merge(actor=officer, case=fresh[3], into=case, on=D(2026, 11, 3))
    dialogue = petitions.case_create(actor=officer, unit=cantho, kind="khieu_nai_1", channel="walk_in",
                                     received_on=D(2026, 11, 2), subject="Khiếu nại thử đối thoại", field="dat_dai",
                                     petitioner_type="one", headcount=1, petitioners=[{"name": "Người A"}])
    petitions.case_accept(actor=officer, case=dialogue, accepted_on=D(2026, 11, 4))
    petitions.case_start_verification(actor=officer, case=dialogue, on=D(2026, 11, 5))
    petitions.case_record_dialogue(actor=officer, case=dialogue, on=D(2026, 11, 6), activity_ref=f"#{activity.pk}",
                                   activity_label=activity.title)
    denounce = petitions.case_create(actor=officer, unit=cantho, kind="to_cao", channel="walk_in",
                                     received_on=D(2026, 11, 2), subject="Tố cáo thử gia hạn", field="dat_dai",
                                     petitioner_type="one", headcount=1, petitioners=[{"name": "Người B"}])
    petitions.case_accept(actor=officer, case=denounce, accepted_on=D(2026, 11, 4))
    petitions.case_extend(actor=approver, case=denounce, decision_number="12/QĐ-GH", decided_on=D(2026, 11, 10),
                          days=30)

    # campaigns
    campaign = Campaign.objects.filter(unit=cantho).order_by("pk").first()
    campaigns.campaign_update(actor=officer, campaign=campaign, expected_version=campaign.version,
                              description="Mô tả mới", participant_units=[ninh_kieu])
    target = campaigns.target_set(actor=officer, campaign=campaign, metric=Target.Metric.CUSTOM, code="ho-sinh-ke",
                                  label="Số hộ được hỗ trợ sinh kế", unit_of_measure="hộ", value=Decimal(40))
    campaigns.progress_record(actor=officer, campaign=campaign, unit=cantho, metric="ho-sinh-ke", value=12,
                              day=D(2025, 10, 2))
    spare = campaigns.target_set(actor=officer, campaign=campaign, metric=Target.Metric.CUSTOM, code="cay-xanh",
                                 label="Số cây xanh được trồng", unit_of_measure="cây", value=Decimal(500))
    campaigns.target_delete(actor=officer, target=spare)
    assert target.pk
    campaigns.link_add(actor=officer, campaign=campaign, target_type="activities.activity", target_id=activity.pk,
                       title=activity.title)
    house = House.objects.filter(campaign=campaign).order_by("pk").first()
    campaigns.house_update(actor=admin, house=house, expected_version=house.version, note="Đã kiểm tra",
                           unit_cost=Decimal(60_000_000))
    campaigns.photo_add(actor=admin, house=House.objects.get(pk=house.pk),
                        upload=_upload("nha.png", PNG, "image/png"), caption="Lễ bàn giao")
    entry = campaigns.ledger_record(actor=officer, campaign=campaign, unit=cantho, kind="receipt",
                                    amount=Decimal(50_000_000), day=D(2025, 10, 3), donor_name="Nhà hảo tâm")
    campaigns.ledger_reverse(actor=officer, entry=entry, reason="Ghi nhầm", day=D(2025, 10, 4))

    # reports
    datavalue = DataValue.objects.filter(unit=ninh_kieu).order_by("pk").first()
    reports.datavalue_set(actor=commune_officer, unit=ninh_kieu, period=datavalue.period,
                          indicator=datavalue.indicator_id, value=datavalue.value + 1,
                          category=datavalue.category, sector=datavalue.sector, expected_version=datavalue.version)
    reports.datavalue_delete(actor=commune_officer, datavalue=DataValue.objects.get(pk=datavalue.pk))

    # submissions
    submission = Submission.objects.order_by("pk").first()
    submissions.return_report(actor=approver, submission=submission, note="Bổ sung số liệu hội nghị")
    submission.refresh_from_db()
    submissions.submit(actor=commune_officer, submission=submission, expected_version=submission.version)
    submissions.accept(actor=approver, submission=Submission.objects.get(pk=submission.pk), note="Đạt")
    submissions.reopen(actor=approver, submission=Submission.objects.get(pk=submission.pk), reason="Sửa số liệu")

    # annual
    annual_report = AnnualReport.objects.order_by("pk").first()
    annual.update_document(actor=officer, report=annual_report, fields={"place": "Thành phố Cần Thơ"},
                           expected_version=annual_report.version)
    annual.finalise(actor=approver, report=AnnualReport.objects.get(pk=annual_report.pk), note="Ban hành",
                    fields={"report_date": D(2025, 12, 20), "signer": "Nguyễn Văn Ký"})
    annual.reopen(actor=approver, report=AnnualReport.objects.get(pk=annual_report.pk), reason="Sửa phần hai")
    annual.update_issuing_body(actor=admin, unit=cantho, fields={"doc_place": "Thành phố Cần Thơ",
                                                                 "doc_signer_name": "Nguyễn Văn Ký"})

    # people of prestige (the demo's Xã Lịch Hội Thượng), entered by the province on behalf of the commune. Their
    # pages are not opened below: the admin is a national account and never reads names (issue 18).
    from danvan.prestige import services as prestige
    from danvan.prestige.models import Person, SupportEntry

    person = Person.objects.get(external_ref="demo-nut-01")
    prestige.person_update(actor=officer, person=person, expected_version=person.version, on_behalf=True,
                           village="Ấp Bưng Sa", phone="0912000111")
    prestige.link_add(actor=officer, person=person, target=activity, on_behalf=True)
    prestige.support_delete(actor=officer, entry=SupportEntry.objects.filter(person=person).order_by("pk").first(),
                            on_behalf=True)
    prestige.person_delete(actor=officer, person=Person.objects.get(external_ref="demo-nut-03"), on_behalf=True)

    # work programme (the demo's Cần Thơ 2026): reopened, its theme edited, an item added and removed, a
    # co-operating unit set, approved again
    from danvan.core.demo import demo_commune
    from danvan.programme import services as work
    from danvan.programme.models import Programme as WorkProgramme

    programme = WorkProgramme.objects.get(unit=cantho, year=2026)
    work.programme_reopen(actor=approver, programme=programme, reason="Bổ sung nhiệm vụ được giao")
    programme.refresh_from_db()
    work.programme_update(actor=officer, programme=programme, expected_version=programme.version,
                          theme="Năm dân vận khéo, chính quyền thân thiện")
    spare = work.item_create(actor=officer, programme=programme, title="Nhiệm vụ tạm", deadline=D(2026, 12, 1))
    work.item_delete(actor=officer, item=spare)
    task = programme.items.order_by("pk").first()
    work.item_update(actor=officer, item=task, expected_version=task.version, deadline=D(2026, 7, 15),
                     cooperating_units=[demo_commune()])
    work.programme_approve(actor=approver, programme=programme)

    # units: a provincial body added, then renamed, from a file
    import io
    import tempfile

    from django.core.management import call_command

    for name in ("Ủy ban MTTQ Việt Nam thành phố Cần Thơ", "Ủy ban Mặt trận Tổ quốc Việt Nam TP Cần Thơ"):
        with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, encoding="utf-8") as handle:
            handle.write("key,name,kind,parent_key,valid_from,valid_to,successor_keys\n"
                         f"VN-92-MTTQ,{name},front,VN-92,01/07/2025,,\n")
        call_command("import_units", handle.name, stdout=io.StringIO())

    # reminders (issue 18): a user's choice; an administrator's rule, changed and deleted
    from danvan.reminders import services as reminders
    from danvan.reminders.models import ReminderRule

    reminders.preference_save(actor=officer, user=officer, delivery="weekly", muted_kinds=["petition"])
    rule = reminders.rule_save(actor=admin, rule=ReminderRule(kind="commitment", name="Nhắc thêm cam kết",
                                                              days_before="3"), created=True)
    rule.days_before, rule.escalate_after_days = "5, 1", None
    reminders.rule_save(actor=admin, rule=rule, created=False)
    reminders.rule_delete(actor=admin, rule=rule)

    return {"case": case, "sentiment": report, "model": model, "activity": activity, "campaign": campaign,
            "house": house, "submission": submission, "report": annual_report, "hotspot": hotspot,
            "programme": programme, "programme item": task}


# Actions this test does not produce, and why that is safe.
NOT_EXERCISED = {
    "commendations.commendation.imported",  # the importer writes the same snapshot as "created"/"updated"
    # A background job's own trail (danvan/jobs): no unit, no history page; its sentences are in WHOLE_ACTIONS
    # and its name is the kind's label and the file name (danvan/jobs/tests/test_jobs.py reads one).
    "jobs.job.created", "jobs.job.retried", "jobs.job.requeued", "jobs.job.interrupted",
}


def _actions_in_code() -> set[str]:
    """Every literal audit action in the apps' code ("app.model.verb"; f-strings by their known endings)."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    found: set[str] = set()
    for path in root.glob("*/**/*.py"):
        if "tests" in path.parts or "migrations" in path.parts or path.parts[-2] == "portal":
            continue  # the portal's feedback moderation is listed in its moderation queue, no history page
        found |= set(re.findall(r'action="([a-z_]+\.[a-z_]+\.[a-z_]+)"', path.read_text(encoding="utf-8")))
    return found


# An API token is named by the first characters its owner sees on the profile page ("dv_8HGYeBu…"): random
# characters, not a field name, whatever letters they happen to be.
TOKEN_SHOWN = re.compile(r"\(dv_[A-Za-z0-9_-]{7}…\)")


def _problems(text: str) -> list[str]:
    text = TOKEN_SHOWN.sub("(…)", text or "")
    return [f"{what}: {match.group(0)!r} in …{text[max(0, match.start() - 80):match.end() + 40]!r}…"
            for what, pattern in FORBIDDEN.items() for match in [pattern.search(text)] if match]


def test_no_audit_entry_shows_an_internal_key(client):
    from danvan.accounts.models import User
    from danvan.core.demo import load_all
    from danvan.core.history import describe_all
    from danvan.core.models import AuditEvent

    load_all()
    records = exercise_every_audited_kind()

    events = list(AuditEvent.objects.select_related("actor", "unit").order_by("id"))
    # Every kind of audit entry the code writes is among them (the list is read from the services).
    written = {e.action for e in events}
    in_code = _actions_in_code()
    assert in_code and not (in_code - written - NOT_EXERCISED), sorted(in_code - written - NOT_EXERCISED)
    problems = []
    for event, readable in zip(events, describe_all(events), strict=True):
        texts = [readable.sentence, readable.note]
        for change in readable.changes:
            texts += [change.label, change.old, change.new]
        for text in texts:
            problems += [f"{event.action}: {p}" for p in _problems(text)]
    assert not problems, "\n".join(problems[:40])

    # The record pages show the same sentences (and nothing raw) in their history section.
    client.force_login(User.objects.get(username="admin"))
    for name, obj in records.items():
        url = obj.get_absolute_url()
        html = client.get(url).content.decode()
        section = re.search(r'<section class="[^"]*history[^"]*".*?</section>', html, re.S)
        assert section, f"{name}: no history on {url}"
        text = re.sub(r"<[^>]+>", " ", section.group(0))
        assert " đã " in text, (name, url)
        assert not _problems(text), (name, _problems(text))
