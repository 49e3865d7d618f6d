import datetime
import io

import pytest

from danvan.campaigns import services
from danvan.campaigns.models import Campaign


@pytest.fixture
def cantho_campaign(db, unit, make_user):
    """A Cần Thơ house campaign organised by the province, all its communes participating."""
    organiser = make_user("VN-92", "officer")
    campaign = services.campaign_create(
        actor=organiser, unit=unit("VN-92"), name="Mái ấm nghĩa tình Cần Thơ", kind=Campaign.Kind.CAMPAIGN,
        start_date=datetime.date(2025, 7, 1), participant_root=unit("VN-92"))
    campaign.organiser = organiser
    return campaign


def xlsx_bytes(header, rows) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
