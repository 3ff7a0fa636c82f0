"""A paid deposit for e-receipt tests without the payments feature: a fresh owner account, and a
DepositPaid event published straight to the exchange as the deposit service's relay would."""

from __future__ import annotations

import subprocess
import uuid
from pathlib import Path

import pika

from maintfund.events.v1 import events_pb2
from maintfund_common.messaging import EXCHANGE, connection_parameters
from tests.e2e.helpers import ApiClient, fresh_id_number, register_account


def fresh_account(base_url: str) -> tuple[str, str]:
    """(username, account_id) of a new owner without houses; password Passw0rd!x."""
    username = f"r{uuid.uuid4().hex[:10]}"
    created = register_account(
        base_url,
        {
            "username": username,
            "password": "Passw0rd!x",
            "name": "赵六",
            "id_number": fresh_id_number(),
            "phone": f"137{uuid.uuid4().int % 10**8:08d}",
        },
    )
    assert created.status_code == 201, created.text
    return username, created.json()["account_id"]


def publish_deposit_paid(
    amqp_url: str, payer_account_id: str, amount_fen: int = 896_000
) -> events_pb2.DepositPaid:
    event = events_pb2.DepositPaid(
        event_id=str(uuid.uuid4()),
        occurred_at="2026-11-26T10:00:00+08:00",
        deposit_id=str(uuid.uuid4()),
        house_id=str(uuid.uuid4()),
        business_no=f"SC2026{uuid.uuid4().hex[:12].upper()}",
        amount_fen=amount_fen,
        paid_at="2026-11-26T10:00:00+08:00",
        channel="WECHAT",
        payer_account_id=payer_account_id,
        owner_name="赵六",
        house_address="朝阳区望京西园三区312号楼2单元1503",
        area_m2="89.60",
        payment_type="TOP_UP",
        entry_id=1,
    )
    connection = pika.BlockingConnection(connection_parameters(amqp_url))
    try:
        channel = connection.channel()
        channel.confirm_delivery()
        channel.basic_publish(
            EXCHANGE,
            event.DESCRIPTOR.full_name,
            event.SerializeToString(),
            pika.BasicProperties(message_id=event.event_id, type=event.DESCRIPTOR.full_name, delivery_mode=2),
            mandatory=True,
        )
    finally:
        connection.close()
    return event


def logged_in(base_url: str, username: str) -> ApiClient:
    api = ApiClient(base_url)
    assert api.login(username, "Passw0rd!x").status_code == 200
    return api


def render_first_page(pdf: bytes, tmp_path: Path) -> Path:
    """Page 1 as PNG by poppler's pdftoppm (a real renderer, not ours)."""
    source = tmp_path / "receipt.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(source),
            str(tmp_path / "page"),
        ],
        check=True,
    )
    return tmp_path / "page.png"


def ink_ratio(png: Path) -> float:
    """Share of pixels that are not (near) white."""
    from PIL import Image

    with Image.open(png) as image:
        histogram = image.convert("L").histogram()
    return sum(histogram[:200]) / sum(histogram)
