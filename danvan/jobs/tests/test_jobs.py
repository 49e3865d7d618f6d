"""Large imports run as background jobs (Huey in immediate mode here; test_consumer.py uses a real consumer):
the person lands on a job page that shows progress and the result, only the owner sees it, a run killed midway
leaves nothing and can be run again, a stalled job is taken back, small files keep the immediate path."""

import datetime

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from danvan.commendations.models import Commendation
from danvan.core.models import AuditEvent
from danvan.jobs import services
from danvan.jobs.models import Job

pytestmark = pytest.mark.django_db

HEADER = "external_ref,unit_key,recipient_type,recipient_name,form,period_start_year\n"


def commendations_csv(n: int, unit_key: str = "VN-92", prefix: str = "j") -> bytes:
    rows = "".join(f"{prefix}-{i},{unit_key},cá nhân,Người số {i},giay_khen,{2000 + i % 25}\n" for i in range(n))
    return (HEADER + rows).encode()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def job_files(media) -> list[str]:
    return sorted(p.name for p in (media / "jobs").glob("*")) if (media / "jobs").exists() else []


@pytest.fixture
def officer(make_user):
    return make_user("VN-92", "officer")


@pytest.fixture
def small_threshold(settings):
    settings.IMPORT_JOB_THRESHOLD_BYTES = 200
    return settings


def _job_of(response) -> Job:
    assert response.status_code == 302 and response["Location"].startswith("/cong-viec/"), response
    return Job.objects.get(public_id=response["Location"].split("/")[2])


def test_a_large_file_becomes_a_job_whose_page_shows_the_result(client_for, officer, small_threshold, media):
    client = client_for(officer)
    response = client.post("/khen-thuong/nhap/", {"file": SimpleUploadedFile("lon.csv", commendations_csv(30))})
    job = _job_of(response)
    assert job.owner == officer and job.kind == "commendations" and job.status == Job.Status.DONE
    assert (job.rows_done, job.rows_total) == (30, 30)
    assert job.result["created"] == 30 and Commendation.objects.filter(external_ref__startswith="j-").count() == 30
    assert not job.file and job_files(media) == []  # the upload is deleted once imported
    page = client.get(job.get_absolute_url())
    body = page.content.decode()
    assert page.status_code == 200 and "Đã nhập: 30 mới, 0 cập nhật, 0 không đổi." in body
    assert 'value="100"' in body and "hx-get" not in body  # finished: the bar is full and polling stops
    assert AuditEvent.objects.filter(action="jobs.job.created", target_id=str(job.pk), actor=officer).exists()


def test_the_uploaded_file_is_kept_under_media_root_until_the_job_is_done(officer, media, monkeypatch):
    monkeypatch.setattr(services, "_enqueue", lambda pk, token: None)  # no consumer yet
    job = services.start_import(actor=officer, kind="commendations",
                                upload=SimpleUploadedFile("a.csv", commendations_csv(20)))
    assert job.status == Job.Status.QUEUED and job_files(media) == [job.file.name.split("/")[1]]
    assert services.run_job(job.pk, job.token)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.file.name == "" and job_files(media) == []


def test_a_small_file_keeps_the_immediate_path(client_for, officer):
    response = client_for(officer).post("/khen-thuong/nhap/", {"file": SimpleUploadedFile("a.csv",
                                                                                          commendations_csv(2))})
    assert response.status_code == 302 and response["Location"] == "/khen-thuong/"
    assert not Job.objects.exists()


def test_the_page_of_a_running_job_polls_its_progress_and_survives_a_reload(client_for, officer):
    job = Job.objects.create(owner=officer, kind="registry", status=Job.Status.RUNNING, phase=Job.Phase.CHECKING,
                             rows_done=1234, rows_total=5000, token="t", heartbeat_at=timezone.now(),
                             file_name="mo-hinh.xlsx")
    client = client_for(officer)
    for url in (job.get_absolute_url(), job.get_absolute_url()):  # a reload shows the same state
        body = client.get(url).content.decode()
        assert f'hx-get="/cong-viec/{job.public_id.hex}/tien-do/"' in body and 'hx-trigger="every 2s"' in body
        assert "Đã kiểm tra 1.234 / 5.000 dòng." in body and '<progress max="100" value="24">' in body
    fragment = client.get(f"/cong-viec/{job.public_id.hex}/tien-do/")
    assert fragment.status_code == 200 and "<html" not in fragment.content.decode()
    assert "htmx" in body and 'src="http' not in body  # the script comes from the site itself, no CDN


def test_only_the_owner_sees_a_job_and_its_problems(client_for, make_user, officer):
    job = services.record_failed_import(actor=officer, kind="registry", errors=[], file_name="x.csv")
    assert job is None  # nothing to keep
    from danvan.core.imports import RowError

    job = services.record_failed_import(actor=officer, kind="registry", file_name="x.csv",
                                        errors=[RowError(2, "Mã đơn vị", "không có đơn vị mã “X”.")])
    hex_id = job.public_id.hex
    urls = [f"/cong-viec/{hex_id}/", f"/cong-viec/{hex_id}/tien-do/", f"/cong-viec/{hex_id}/loi.csv"]
    colleague = client_for(make_user("VN-92", "approver"))
    for url in urls:
        assert colleague.get(url).status_code == 404, url
    assert colleague.post(f"/cong-viec/{hex_id}/chay-lai/").status_code == 404
    assert colleague.get("/cong-viec/khong-phai-ma/").status_code == 404
    admin = client_for(make_user(superuser=True))
    assert admin.get(urls[0]).status_code == 200
    owner = client_for(officer)
    assert all(owner.get(url).status_code == 200 for url in urls)
    assert "x.csv" in owner.get("/cong-viec/").content.decode()


def test_the_error_page_shows_200_problems_and_the_download_holds_all_of_them(client_for, officer,
                                                                               small_threshold):
    client = client_for(officer)
    bad = commendations_csv(450, unit_key="KHONG-CO")
    job = _job_of(client.post("/khen-thuong/nhap/", {"file": SimpleUploadedFile("sai.csv", bad)}))
    assert job.status == Job.Status.FAILED and job.error_count == 450 and not job.retryable
    body = client.get(job.get_absolute_url()).content.decode()
    assert body.count("<li>Dòng ") == 200 and "Dưới đây là 200 lỗi đầu tiên trong 450 lỗi." in body
    assert "Dòng 2, cột “unit_key”: không có đơn vị với mã “KHONG-CO”." in body and "Dòng 451," not in body
    csv_body = b"".join(client.get(f"/cong-viec/{job.public_id.hex}/loi.csv").streaming_content).decode("utf-8-sig")
    assert csv_body.splitlines()[0] == "Dòng,Cột,Lỗi" and len(csv_body.splitlines()) == 451
    xlsx = client.get(f"/cong-viec/{job.public_id.hex}/loi.xlsx")
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert not Commendation.objects.filter(external_ref__startswith="j-").exists()


def test_the_error_download_neutralises_formulas(client_for, officer):
    from openpyxl import load_workbook

    from danvan.core.imports import RowError

    job = services.record_failed_import(actor=officer, kind="registry", file_name="x.csv",
                                        errors=[RowError(2, "=cmd|' /C calc'!A0", "=HYPERLINK(\"http://x\")")])
    client = client_for(officer)
    csv_body = b"".join(client.get(f"/cong-viec/{job.public_id.hex}/loi.csv").streaming_content).decode("utf-8-sig")
    assert "'=cmd" in csv_body and "'=HYPERLINK" in csv_body
    import io

    response = client.get(f"/cong-viec/{job.public_id.hex}/loi.xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert [cell.data_type for cell in sheet[2]][1:] == ["s", "s"]


@pytest.mark.parametrize("url", ["/mo-hinh/nhap/", "/hoat-dong/nhap/", "/khen-thuong/nhap/", "/bao-cao/nhap-tep/",
                                 "ledger", "houses"])
def test_every_import_page_caps_its_list_and_offers_the_download(client_for, officer, url, cantho_campaign,
                                                                 settings):
    settings.IMPORT_ERRORS_SHOWN = 3
    if url in ("ledger", "houses"):
        url = f"/van-dong/{cantho_campaign.pk}/{'so-quy' if url == 'ledger' else 'nha'}/nhap/"
    header = ",".join(f"cot_la_{i}" for i in range(6))  # six unknown columns, every required one missing
    client = client_for(cantho_campaign.organiser if "van-dong" in url else officer)
    response = client.post(url, {"file": SimpleUploadedFile("sai.csv", (header + "\n1,2,3,4,5,6\n").encode())})
    body = response.content.decode()
    assert response.status_code == 200 and "Dưới đây là 3 lỗi đầu tiên trong" in body, url
    job = Job.objects.get()
    assert job.error_count > 3 and f"/cong-viec/{job.public_id.hex}/loi.xlsx" in body


@pytest.mark.parametrize("kind", ["registry", "activities", "commendations", "ledger", "houses", "datavalues"])
def test_every_importer_runs_as_a_job_and_reports_problems_by_row_and_column(officer, kind, cantho_campaign,
                                                                              small_threshold):
    owner = cantho_campaign.organiser if kind in ("ledger", "houses") else officer
    params = {"campaign": cantho_campaign.pk} if kind in ("ledger", "houses") else {}
    data = ("khong_ho_tro," * 30 + "x\n" + "1," * 30 + "1\n").encode()
    job = services.start_import(actor=owner, kind=kind, upload=SimpleUploadedFile("sai.csv", data), params=params)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.error_count > 1, (kind, job.failure)
    assert all(line == 1 for line, _column, _message in job.errors)
    assert any(column == "x" and "không được hỗ trợ" in message for _line, column, message in job.errors)
    assert not job.file  # a file with problems is not kept: it is fixed and uploaded again


@pytest.fixture
def cantho_campaign(db, unit, make_user):
    from danvan.campaigns import services as campaigns
    from danvan.campaigns.models import Campaign

    organiser = make_user("VN-92", "officer")
    campaign = campaigns.campaign_create(
        actor=organiser, unit=unit("VN-92"), name="Mái ấm Cần Thơ", kind=Campaign.Kind.CAMPAIGN,
        start_date=datetime.date(2025, 7, 1), participant_root=unit("VN-92"))
    campaign.organiser = organiser
    return campaign


def test_a_run_that_dies_while_writing_leaves_nothing_and_can_be_run_again(officer, small_threshold, monkeypatch,
                                                                         client_for, media):
    from danvan.commendations import services as commendation_services

    real = commendation_services.commendations_import_bulk

    def dies_after_writing(**kwargs):
        real(**kwargs)  # the rows are written inside the import's transaction …
        raise MemoryError("worker killed")  # … and the worker dies before the commit

    monkeypatch.setattr(commendation_services, "commendations_import_bulk", dies_after_writing)
    job = services.start_import(actor=officer, kind="commendations",
                                upload=SimpleUploadedFile("a.csv", commendations_csv(25)))
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "MemoryError" in job.failure and job.retryable
    assert not Commendation.objects.filter(external_ref__startswith="j-").exists()
    assert job.file and default_storage.exists(job.file.name)  # kept for the retry
    monkeypatch.setattr(commendation_services, "commendations_import_bulk", real)
    client = client_for(officer)
    assert "Chạy lại" in client.get(job.get_absolute_url()).content.decode()
    response = client.post(f"/cong-viec/{job.public_id.hex}/chay-lai/")
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.attempts == 2 and job.result["created"] == 25
    assert job_files(media) == []
    assert Commendation.objects.filter(external_ref__startswith="j-").count() == 25
    assert not job.file
    assert AuditEvent.objects.filter(action="jobs.job.retried", target_id=str(job.pk)).exists()


def test_a_stale_message_does_nothing_and_a_superseded_run_writes_nothing(officer, monkeypatch):
    job = Job.objects.create(owner=officer, kind="commendations", token="new", status=Job.Status.QUEUED,
                             file=default_storage.save("jobs/t.csv", SimpleUploadedFile("t.csv", commendations_csv(5))),
                             file_name="t.csv", enqueued_at=timezone.now())
    assert services.run_job(job.pk, "old") is False  # the message of an earlier run
    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED and job.attempts == 0

    class Supersede(services.JobHooks):
        def checked(self, total):
            super().checked(total)
            Job.objects.filter(pk=self.job_pk).update(token="taken-by-another-worker")

    monkeypatch.setattr(services, "JobHooks", Supersede)
    assert services.run_job(job.pk, "new") is True
    assert not Commendation.objects.filter(external_ref__startswith="j-").exists()
    job.refresh_from_db()
    assert job.status == Job.Status.RUNNING and job.token == "taken-by-another-worker"


def test_a_stalled_job_is_taken_back_and_run_again_then_failed_visibly(officer, small_threshold, settings,
                                                                       client_for):
    settings.JOB_MAX_ATTEMPTS = 2
    stored = default_storage.save("jobs/s.csv", SimpleUploadedFile("s.csv", commendations_csv(5)))
    long_ago = timezone.now() - datetime.timedelta(seconds=settings.JOB_STALL_SECONDS + 5)
    job = Job.objects.create(owner=officer, kind="commendations", token="dead-worker", status=Job.Status.RUNNING,
                             file=stored, file_name="s.csv", attempts=1, heartbeat_at=long_ago, rows_done=3)
    assert job.stalled and "Chạy lại" in client_for(officer).get(job.get_absolute_url()).content.decode()
    assert services.recover_stalled() == {"requeued": 1, "failed": 0, "resent": 0}
    job.refresh_from_db()  # queued with a new token and (immediate mode) run at once
    assert job.status == Job.Status.DONE and job.token != "dead-worker" and job.attempts == 2
    assert Commendation.objects.filter(external_ref__startswith="j-").count() == 5
    assert AuditEvent.objects.filter(action="jobs.job.requeued", target_id=str(job.pk)).exists()

    again = Job.objects.create(owner=officer, kind="commendations", token="x", status=Job.Status.RUNNING,
                               file=default_storage.save("jobs/s2.csv", SimpleUploadedFile("s.csv", b"x")),
                               attempts=2, heartbeat_at=long_ago)
    assert services.recover_stalled()["failed"] == 1
    again.refresh_from_db()
    assert again.status == Job.Status.FAILED and "gián đoạn 2 lần" in again.failure and again.retryable


def test_a_job_waiting_long_is_sent_again_with_the_same_token(officer, settings, monkeypatch):
    sent = []
    monkeypatch.setattr(services, "_enqueue", lambda pk, token: sent.append((pk, token)))
    long_ago = timezone.now() - datetime.timedelta(seconds=settings.JOB_STALL_SECONDS + 5)
    job = Job.objects.create(owner=officer, kind="registry", token="same", enqueued_at=long_ago)
    Job.objects.create(owner=officer, kind="registry", token="fresh", enqueued_at=timezone.now())
    assert services.recover_stalled()["resent"] == 1
    assert sent == [(job.pk, "same")]


def test_a_full_disk_refuses_the_upload_with_a_retryable_answer(client_for, officer, small_threshold, monkeypatch):
    import errno

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(default_storage, "save", full)
    response = client_for(officer).post("/khen-thuong/nhap/", {"file": SimpleUploadedFile("a.csv",
                                                                                          commendations_csv(30))})
    assert response.status_code == 503 and response["Retry-After"]
    assert "hết chỗ lưu tệp" in response.content.decode()
    assert not Job.objects.exists() and not Commendation.objects.exists()


def test_old_files_and_orphans_are_cleaned(officer, settings):
    old = timezone.now() - datetime.timedelta(days=settings.JOB_KEEP_FILES_DAYS + 1)
    kept = Job.objects.create(owner=officer, kind="registry", status=Job.Status.FAILED, finished_at=old,
                              file=default_storage.save("jobs/old.csv", SimpleUploadedFile("o.csv", b"a")))
    orphan = default_storage.save("jobs/orphan.csv", SimpleUploadedFile("o.csv", b"a"))
    removed = services.clean_files(now=timezone.now() + datetime.timedelta(days=2))
    kept.refresh_from_db()
    assert removed == 2 and not kept.file and not default_storage.exists(orphan)


def test_a_jobs_audit_entry_reads_as_a_sentence(officer, small_threshold):
    from danvan.core.history import describe

    job = services.start_import(actor=officer, kind="commendations",
                                upload=SimpleUploadedFile("lon.csv", commendations_csv(20)))
    event = AuditEvent.objects.get(action="jobs.job.created", target_id=str(job.pk))
    sentence = describe(event).sentence
    assert "bắt đầu công việc chạy nền" in sentence and "Nhập khen thưởng — lon.csv" in sentence, sentence
    assert "commendations" not in sentence and "jobs." not in sentence
