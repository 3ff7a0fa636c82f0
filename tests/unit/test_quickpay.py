"""Quick pay rules: tokens (signature, expiry, binding), name matching, padding, challenge, lookup flow."""

from __future__ import annotations

import pytest

from deposit.service_layer.quickpay import name_matches
from maintfund.deposit.v1 import deposit_pb2
from maintfund_common import errors
from quickpay.config import Limits
from quickpay.domain import abuse, tokens
from quickpay.service_layer import by_token
from quickpay.service_layer import lookups as qp
from quickpay.service_layer.ports import QuickpayDeps

KEY = b"unit-test-key"
CLAIMS = tokens.TokenClaims("bill-1", "SW202611260001", "house-1", 1_000)


def test_token_round_trip_and_binding() -> None:
    token = tokens.sign(KEY, CLAIMS)
    assert tokens.verify(KEY, token, now=999) == CLAIMS
    assert "王" not in token


def test_an_expired_token_gets_the_answer_of_a_forged_one() -> None:
    token = tokens.sign(KEY, CLAIMS)
    with pytest.raises(errors.NotFound) as expired:
        tokens.verify(KEY, token, now=1_000)
    with pytest.raises(errors.NotFound) as forged:
        tokens.verify(KEY, token[:-3] + "AAA", now=0)
    assert (expired.value.code, expired.value.message) == (forged.value.code, forged.value.message)
    assert expired.value.code == "QUICKPAY_TOKEN_INVALID"


@pytest.mark.parametrize("mutate", ["key", "payload", "mac", "garbage"])
def test_forged_tokens_are_refused(mutate: str) -> None:
    token = tokens.sign(KEY, CLAIMS)
    other = tokens.sign(KEY, tokens.TokenClaims("bill-2", "SW1", "house-2", 1_000))
    bad = {
        "key": tokens.sign(b"other-key", CLAIMS),
        "payload": other.split(".")[0] + "." + token.split(".")[1],  # bill-2's claims, bill-1's signature
        "mac": token[:-3] + "AAA",
        "garbage": "a.b.c",
    }[mutate]
    with pytest.raises(errors.NotFound) as exc:
        tokens.verify(KEY, bad, now=0)
    assert exc.value.code == "QUICKPAY_TOKEN_INVALID"


def test_name_matching_normalises_like_identity() -> None:
    assert name_matches(" 王芳 ", ["王芳"])
    assert name_matches("王 芳", ["李娜", "王芳"])
    assert name_matches("阿依古丽.买买提", ["阿依古丽·买买提"])
    assert not name_matches("王方", ["王芳"])
    assert not name_matches("王芳1", ["王芳"])
    assert not name_matches("王芳", [])


def test_padding_fills_up_to_the_minimum() -> None:
    assert abuse.padding_s(started=10.0, now=10.1, minimum_s=0.3) == pytest.approx(0.2)
    assert abuse.padding_s(started=10.0, now=10.5, minimum_s=0.3) == 0.0


def test_challenge_answers() -> None:
    challenge = abuse.new_challenge()
    assert abuse.answer_matches(challenge.answer, f" {challenge.answer} ")
    assert not abuse.answer_matches(challenge.answer, challenge.answer + "1")


class FakeStore:
    def __init__(self) -> None:
        self.counts: dict[str, int] = {}
        self.challenges: dict[str, str] = {}

    def hit(self, key: str, window_s: int) -> tuple[int, int]:
        self.counts[key] = self.counts.get(key, 0) + 1
        return self.counts[key], window_s

    def count(self, key: str) -> int:
        return self.counts.get(key, 0)

    def reset(self, key: str) -> None:
        self.counts.pop(key, None)

    def put_challenge(self, challenge_id: str, answer: str, ttl_s: int) -> None:
        self.challenges[challenge_id] = answer

    def take_challenge(self, challenge_id: str) -> str | None:
        return self.challenges.pop(challenge_id, None)


class FakeDeposit:
    def __init__(self, delay: float = 0.0, clock: list[float] | None = None) -> None:
        self.delay, self.clock = delay, clock

    def GetQuickpayBill(
        self, request: deposit_pb2.GetQuickpayBillRequest
    ) -> deposit_pb2.GetQuickpayBillResponse:
        if self.clock is not None:
            self.clock[0] += self.delay
        if request.business_no == "SW1" and name_matches(request.owner_name, ["王芳"]):
            bill = deposit_pb2.Bill(bill_id="bill-1", business_no="SW1", house_id="house-1")
            return deposit_pb2.GetQuickpayBillResponse(bill=bill, owner_name_masked="王*")
        raise errors.NotFound("x", code="QUICKPAY_NOT_FOUND")


def make_app(delay: float = 0.0, limits: Limits | None = None) -> tuple[QuickpayDeps, list[float]]:
    clock = [100.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        clock[0] += seconds

    app = QuickpayDeps(
        deposit=FakeDeposit(delay, clock),
        invoice=None,
        store=FakeStore(),  # type: ignore[arg-type]
        token_key=KEY,
        token_ttl_s=900,
        miss_min_s=0.3,
        limits=limits or Limits(),
        clock=lambda: 1_000.0,
        monotonic=lambda: clock[0],
        sleep=sleep,
    )
    return app, slept


def test_lookup_returns_a_token_bound_to_the_bill() -> None:
    app, _ = make_app()
    token, _, state = qp.lookup(app, qp.Lookup("sw1", "王芳", "1.2.3.4"))
    claims = by_token.verify(app, token)
    assert (claims.bill_id, claims.business_no, claims.house_id) == ("bill-1", "SW1", "house-1")
    assert claims.expires_at == 1_900
    assert state.bill.owner_name_masked == "王*"


@pytest.mark.parametrize("delay", [0.0, 0.05, 0.29])
def test_every_miss_takes_the_same_minimum(delay: float) -> None:
    app, slept = make_app(delay)
    for number, name in (("SW1", "王方"), ("SW9", "王芳")):
        start = app.monotonic()
        with pytest.raises(errors.NotFound) as exc:
            qp.lookup(app, qp.Lookup(number, name, "1.2.3.4"))
        assert exc.value.code == "QUICKPAY_NOT_FOUND"
        assert app.monotonic() - start == pytest.approx(0.3)
    assert len(slept) == 2


def test_challenge_after_failures_then_passing_it() -> None:
    app, _ = make_app(limits=Limits(failures_before_challenge=2, per_client=100, per_business_no=100))
    for _ in range(2):
        with pytest.raises(errors.NotFound):
            qp.lookup(app, qp.Lookup("SW9", "王芳", "1.2.3.4"))
    with pytest.raises(errors.PermissionDenied) as exc:
        qp.lookup(app, qp.Lookup("SW1", "王芳", "1.2.3.4"))
    assert exc.value.code == "CHALLENGE_REQUIRED"
    challenge_id = exc.value.details["challenge_id"]
    store = app.store
    answer = next(v for k, v in store.challenges.items() if k.endswith(challenge_id))  # type: ignore[attr-defined]
    # a wrong answer consumes the challenge and issues a new one
    with pytest.raises(errors.PermissionDenied):
        qp.lookup(app, qp.Lookup("SW1", "王芳", "1.2.3.4", challenge_id, "wrong"))
    with pytest.raises(errors.PermissionDenied):
        qp.lookup(app, qp.Lookup("SW1", "王芳", "1.2.3.4", challenge_id, answer))  # used up
    # another client is not affected
    qp.lookup(app, qp.Lookup("SW1", "王芳", "5.6.7.8"))


def test_challenge_passed_allows_the_lookup() -> None:
    app, _ = make_app(limits=Limits(failures_before_challenge=1, per_client=100, per_business_no=100))
    with pytest.raises(errors.NotFound):
        qp.lookup(app, qp.Lookup("SW9", "王芳", "1.2.3.4"))
    with pytest.raises(errors.PermissionDenied) as exc:
        qp.lookup(app, qp.Lookup("SW1", "王芳", "1.2.3.4"))
    challenge_id = exc.value.details["challenge_id"]
    answer = next(v for k, v in app.store.challenges.items() if k.endswith(challenge_id))  # type: ignore[attr-defined]
    token, _, _ = qp.lookup(app, qp.Lookup("SW1", "王芳", "1.2.3.4", challenge_id, answer))
    assert by_token.verify(app, token).bill_id == "bill-1"


@pytest.mark.parametrize(
    ("limits", "lookups"),
    [
        (Limits(per_client=3, per_business_no=100, per_name=100), [("SW1", "王芳", f"ip{0}")] * 4),
        (
            Limits(per_client=100, per_business_no=3, per_name=100),
            [("SW1", "王芳", f"ip{i}") for i in range(4)],
        ),
        (
            Limits(per_client=100, per_business_no=100, per_name=3),
            [(f"SW{i}", " 王 芳", f"ip{i}") for i in range(4)],
        ),
    ],
    ids=["per-client", "per-business-no", "per-name"],
)
def test_limits(limits: Limits, lookups: list[tuple[str, str, str]]) -> None:
    app, _ = make_app(limits=Limits(**{**limits.__dict__, "failures_before_challenge": 100}))
    for number, name, ip in lookups[:-1]:
        try:
            qp.lookup(app, qp.Lookup(number, name, ip))
        except errors.NotFound:
            pass
    with pytest.raises(errors.RateLimited) as exc:
        qp.lookup(app, qp.Lookup(*lookups[-1]))
    assert int(exc.value.details["retry_after"]) > 0
