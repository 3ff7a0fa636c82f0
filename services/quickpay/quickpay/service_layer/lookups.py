"""Quick pay lookup: a business number and the owner's name in, a signed token out. Every lookup counts
against limits per client, number and name; repeated misses require a challenge; a miss takes as long
as a hit (padding), so timing does not tell which part was wrong."""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from maintfund.deposit.v1 import deposit_pb2
from maintfund_common import errors
from maintfund_common.personal_data import normalize_name
from quickpay.domain import abuse, tokens
from quickpay.service_layer.by_token import State, fresh_state
from quickpay.service_layer.ports import QuickpayDeps

log = logging.getLogger(__name__)
MAX_BUSINESS_NO, MAX_NAME = 40, 64


@dataclass(frozen=True)
class Lookup:
    business_no: str
    owner_name: str
    client_ip: str
    challenge_id: str = ""
    challenge_answer: str = ""


def not_found() -> errors.NotFound:
    return errors.NotFound("未查询到该笔业务，请核对业务流水号和业主名称", code="QUICKPAY_NOT_FOUND")


def _key(deps: QuickpayDeps, kind: str, value: str) -> str:
    return f"{kind}:{abuse.limit_key_part(deps.token_key, value)}"


def _limit(deps: QuickpayDeps, key: str, allowed: int) -> None:
    count, retry_after = deps.store.hit(key, deps.limits.window_s)
    if count > allowed:
        log.warning("quick pay lookup limited", extra={"limit": key.split(":", maxsplit=1)[0]})
        raise errors.RateLimited(
            "查询过于频繁，请稍后再试", code="RATE_LIMITED", retry_after=str(retry_after)
        )


def _require_challenge(deps: QuickpayDeps, client: str, cmd: Lookup) -> None:
    failures = deps.store.count(_key(deps, "fail", client))
    if failures < deps.limits.failures_before_challenge:
        return
    if cmd.challenge_id:
        expected = deps.store.take_challenge(_key(deps, "ch", client) + ":" + cmd.challenge_id[:64])
        if expected is not None and abuse.answer_matches(expected, cmd.challenge_answer[:16]):
            deps.store.reset(_key(deps, "fail", client))
            return
    challenge = abuse.new_challenge()
    challenge_id = secrets.token_urlsafe(16)
    deps.store.put_challenge(
        _key(deps, "ch", client) + ":" + challenge_id, challenge.answer, deps.limits.challenge_ttl_s
    )
    raise errors.PermissionDenied(
        "查询失败次数过多，请先完成验证",
        code="CHALLENGE_REQUIRED",
        challenge_id=challenge_id,
        challenge_question=challenge.question,
    )


def lookup(deps: QuickpayDeps, cmd: Lookup) -> tuple[str, datetime, State]:
    started = deps.monotonic()
    number = cmd.business_no.strip().upper()
    name = cmd.owner_name.strip()
    if not number or len(number) > MAX_BUSINESS_NO:
        raise errors.ValidationFailed("请输入业务流水号", field="business_no")
    if not name or len(name) > MAX_NAME:
        raise errors.ValidationFailed("请输入业主名称", field="owner_name")
    client = cmd.client_ip.strip() or "unknown"
    _limit(deps, _key(deps, "client", client), deps.limits.per_client)
    _require_challenge(deps, client, cmd)
    _limit(deps, _key(deps, "bno", number), deps.limits.per_business_no)
    try:
        name_key = normalize_name(name)
    except errors.ValidationFailed:
        name_key = name
    _limit(deps, _key(deps, "name", name_key), deps.limits.per_name)
    try:
        found = deps.deposit.GetQuickpayBill(
            deposit_pb2.GetQuickpayBillRequest(business_no=number, owner_name=name)
        )
    except errors.NotFound:
        deps.store.hit(_key(deps, "fail", client), deps.limits.failure_window_s)
        deps.sleep(abuse.padding_s(started, deps.monotonic(), deps.miss_min_s))
        raise not_found() from None
    expires = int(deps.clock()) + deps.token_ttl_s
    claims = tokens.TokenClaims(found.bill.bill_id, found.bill.business_no, found.bill.house_id, expires)
    log.info("quick pay lookup matched", extra={"bill_id": found.bill.bill_id})
    return tokens.sign(deps.token_key, claims), datetime.fromtimestamp(expires, UTC), fresh_state(deps, found)
