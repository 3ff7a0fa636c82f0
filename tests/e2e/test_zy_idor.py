"""IDOR probes (DESIGN §8 access control): someone else's object is a 404 with the body of a missing one.

lina asks for zhangwei's objects by id, object type by object type; each answer must equal, status and
body, the answer for a random id that does not exist, and carry nothing of the object. The same holds
for registrations and their proof files (an owner, and the reviewer of another district, probing them),
and for quick-pay tokens (forged, expired, or naming another bill). Runs after the payment tests
(module order): it leaves one pending order on zhangwei's bill. The last test prints the tally.
"""

from __future__ import annotations

import base64
import json
import re
import time
import uuid

import devctl
import pytest
import requests
from sqlalchemy import create_engine, func, select

from deposit.adapters.orm import deposit_certificates
from maintfund_dev import demo
from registry.adapters.orm import audit_log
from tests import upload_samples as samples
from tests.e2e.helpers import ApiClient, house_id
from tests.e2e.registry_helpers import make_reviewer, new_account
from tests.reliability.summary import LONG, publish_figures

pytestmark = [pytest.mark.e2e]
if LONG:  # `make reliability` runs the probes and fails on any leak
    pytestmark.append(pytest.mark.reliability)

H1 = house_id("H1")
H1_INVOICE = next(d for d in demo.DEPOSITS if d.invoice_id).invoice_id
TALLY = {"probes": 0, "leaks": []}


_CSRF_VALUE = re.compile(rb'(name="csrf_token" value=")[^"]*')


def _comparable(response: requests.Response) -> bytes:
    """The body without its CSRF token, which is fresh on every page and says nothing of the object."""
    return _CSRF_VALUE.sub(rb"\1", response.content)


def same_as_missing(name: str, foreign: requests.Response, missing: requests.Response, secrets=()) -> None:
    """One probe: the foreign object's answer must be the missing one's, and carry none of its data."""
    TALLY["probes"] += 1
    body = foreign.content.decode("utf-8", "replace")
    if (
        foreign.status_code != missing.status_code
        or foreign.status_code < 400
        or _comparable(foreign) != _comparable(missing)
        or any(secret and secret in body for secret in secrets)
    ):
        TALLY["leaks"].append(name)
    assert foreign.status_code == missing.status_code and foreign.status_code >= 400, (
        name,
        foreign.status_code,
        foreign.text[:300],
        missing.status_code,
    )
    assert _comparable(foreign) == _comparable(missing), (name, foreign.text[:300], missing.text[:300])
    for secret in secrets:
        assert not secret or secret not in body, (name, "leaks", secret)


@pytest.fixture(scope="module")
def objects(suite: str) -> dict[str, str]:
    """Ids of zhangwei's objects, created through the API where needed."""
    owner = ApiClient(suite)
    assert owner.login("zhangwei").status_code == 200
    entry = owner.get(f"/api/v1/houses/{H1}/ledger", params={"limit": 1}).json()["items"][0]["entry_id"]
    deposit = next(d for d in demo.DEPOSITS if d.house.key == "H1").deposit_id
    bills = owner.get("/api/v1/bills").json()["items"]
    assert bills, "zhangwei has bills"
    bill = bills[0]["bill_id"]
    found = {"house": H1, "entry": str(entry), "deposit": deposit, "invoice": H1_INVOICE, "bill": bill}
    pending = [
        b
        for b in owner.get("/api/v1/bills", params={"status": "pending"}).json()["items"]
        if b.get("can_pay", True)
    ]
    for candidate in pending:
        order = owner.send("POST", f"/api/v1/bills/{candidate['bill_id']}/orders", json={"channel": "WECHAT"})
        if order.status_code in (200, 201):
            found["order"] = order.json()["order_id"]
            break
    assert "order" in found, "an order of zhangwei's could be created"
    certificate = owner.send("POST", f"/api/v1/houses/{H1}/deposit-certificates")
    assert certificate.status_code == 201, certificate.text
    found["certificate"] = certificate.json()["certificate_id"]
    return found


# (name, method, path template with {id}, {house} for H1, object key)
PROBES = [
    ("house", "GET", "/api/v1/houses/{id}", "house"),
    ("ledger", "GET", "/api/v1/houses/{id}/ledger", "house"),
    ("ledger-entry", "GET", "/api/v1/houses/{house}/ledger/{id}", "entry"),
    ("bill", "GET", "/api/v1/bills/{id}", "bill"),
    ("bill-order", "POST", "/api/v1/bills/{id}/orders", "bill"),
    ("order", "GET", "/api/v1/orders/{id}", "order"),
    ("order-confirm", "POST", "/api/v1/orders/{id}/confirm", "order"),
    ("invoice", "GET", "/api/v1/invoices/{id}", "invoice"),
    ("invoice-pdf", "GET", "/api/v1/invoices/{id}/pdf", "invoice"),
    ("invoice-retry", "POST", "/api/v1/invoices/{id}/retry", "invoice"),
    ("web-house", "GET", "/houses/{id}", "house"),
    ("web-ledger", "GET", "/houses/{id}/ledger", "house"),
    ("web-ledger-entry", "GET", "/houses/{house}/ledger/{id}", "entry"),
    ("web-bill", "GET", "/bills/{id}", "bill"),
    ("web-order", "GET", "/orders/{id}", "order"),
    ("web-order-result", "GET", "/orders/{id}/result", "order"),
    ("web-deposit-receipt", "GET", "/deposits/{id}/receipt", "deposit"),
    ("web-receipt-pdf", "GET", "/receipts/{id}/pdf", "invoice"),
    # owners' documents (F10); /houses/{id}/statements only redirects to this year's page, reading nothing
    ("statement", "GET", "/api/v1/houses/{id}/statements/2025", "house"),
    ("statement-pdf", "GET", "/api/v1/houses/{id}/statements/2025/pdf", "house"),
    ("certificate-issue", "POST", "/api/v1/houses/{id}/deposit-certificates", "house"),
    ("certificate-pdf", "GET", "/api/v1/deposit-certificates/{id}/pdf", "certificate"),
    ("projects", "GET", "/api/v1/houses/{id}/projects", "house"),
    ("web-statement", "GET", "/houses/{id}/statements/2025", "house"),
    ("web-statement-pdf", "GET", "/houses/{id}/statements/2025/pdf", "house"),
    ("web-certificate", "GET", "/houses/{id}/certificate", "house"),
    ("web-certificate-issue", "POST", "/houses/{id}/certificate", "house"),
    ("web-certificate-pdf", "GET", "/certificates/{id}/pdf", "certificate"),
    ("web-projects", "GET", "/houses/{id}/projects", "house"),
]


def probe(client: ApiClient, method: str, template: str, object_id: str) -> requests.Response:
    path = template.format(id=object_id, house=H1)
    if method == "GET":
        return client.get(path, allow_redirects=False)
    if path.startswith("/api/"):
        return client.send(method, path, json={"channel": "WECHAT"})
    return client.send(method, path, data={}, allow_redirects=False)


def missing_id(kind: str) -> str:
    return str(10**12 + 7) if kind == "entry" else str(uuid.uuid4())


@pytest.mark.parametrize(("method", "template", "kind"), [p[1:] for p in PROBES], ids=[p[0] for p in PROBES])
def test_someone_elses_object_is_a_404_like_a_missing_one(
    suite: str, objects: dict[str, str], method: str, template: str, kind: str
) -> None:
    stranger = ApiClient(suite)
    assert stranger.login("lina").status_code == 200
    foreign = probe(stranger, method, template, objects[kind])
    missing = probe(stranger, method, template, missing_id(kind))
    TALLY["probes"] += 1
    body = foreign.content.decode("utf-8", "replace")
    secrets = (demo.ZHANG_WEI.name, demo.ZHANG_WEI.id_number, demo.H1.address, "89.50")
    # pages carry a CSRF token signed with the time: it differs across a second boundary, nothing else may
    same = _comparable(foreign) == _comparable(missing).replace(
        missing_id(kind).encode(), objects[kind].encode()
    ) or (_comparable(foreign) == _comparable(missing))
    if (
        foreign.status_code != 404
        or missing.status_code != 404
        or not same
        or any(x in body for x in secrets)
    ):
        TALLY["leaks"].append(template)
    assert foreign.status_code == missing.status_code == 404, (foreign.status_code, foreign.text[:300])
    assert same
    for secret in secrets:
        assert secret not in body


def _certificates_of(house: str) -> int:
    engine = create_engine(devctl.database_url("deposit"))
    with engine.connect() as conn:
        count = conn.execute(
            select(func.count())
            .select_from(deposit_certificates)
            .where(deposit_certificates.c.house_id == house)
        ).scalar_one()
    engine.dispose()
    return int(count)


def test_someone_elses_house_gets_no_certificate(suite: str, objects: dict[str, str]) -> None:
    """The certificate POSTs as lina (API and page) write nothing: zhangwei's house keeps its certificates."""
    stranger = ApiClient(suite)
    assert stranger.login("lina").status_code == 200
    before = _certificates_of(H1)
    assert before >= 1  # the fixture's, the control that the count sees them
    for path in (f"/api/v1/houses/{H1}/deposit-certificates", f"/houses/{H1}/certificate"):
        assert probe(stranger, "POST", path, H1).status_code == 404
    assert _certificates_of(H1) == before


# ---- registrations and their proof files -------------------------------------------------------

PROOF_FORM = {"method": "proof", "phone": "13800000002"}


def _proof_registration(suite: str, district: str, address: str) -> tuple[ApiClient, dict]:
    applicant, _, _ = new_account(suite, "孙九")
    files = [("files", ("购房合同.pdf", samples.pdf())), ("files", ("照片.png", samples.png_with_exif()))]
    created = applicant.send(
        "POST",
        "/api/v1/registrations",
        data={**PROOF_FORM, "district": district, "address": address},
        files=files,
    )
    assert created.status_code == 201, created.text
    return applicant, created.json()


@pytest.fixture(scope="module")
def registrations(suite: str) -> dict[str, object]:
    """A pending proof registration in 海淀 (110108) and one in 朝阳 (110105), with their file ids."""
    haidian_owner, haidian = _proof_registration(suite, "110108", "海淀区测试路8号院2号楼")
    _, chaoyang = _proof_registration(suite, "110105", "朝阳区测试路5号院1号楼")
    haidian_reviewer = make_reviewer(suite, "110108")
    detail = haidian_reviewer.get(f"/api/v1/admin/registrations/{haidian['registration_id']}")
    assert detail.status_code == 200, detail.text
    chaoyang_reviewer = ApiClient(suite)
    assert chaoyang_reviewer.login("reviewer_chaoyang").status_code == 200
    chaoyang_detail = chaoyang_reviewer.get(
        f"/api/v1/admin/registrations/{chaoyang['registration_id']}"
    ).json()
    return {
        "haidian": haidian["registration_id"],
        "haidian_file": detail.json()["files"][0]["file_id"],
        "haidian_detail": detail.json(),
        "haidian_owner": haidian_owner,
        "haidian_reviewer": haidian_reviewer,
        "chaoyang": chaoyang["registration_id"],
        "chaoyang_file": chaoyang_detail["files"][0]["file_id"],
        "chaoyang_reviewer": chaoyang_reviewer,
    }


# (name, method, path template) with {rid} the registration and {fid} the file
REGISTRATION_PROBES = [
    ("api-detail", "GET", "/api/v1/admin/registrations/{rid}"),
    ("api-file", "GET", "/api/v1/admin/registrations/{rid}/files/{fid}"),
    ("api-approve", "POST", "/api/v1/admin/registrations/{rid}/decision"),
    ("api-reject", "POST", "/api/v1/admin/registrations/{rid}/decision"),
    ("web-detail", "GET", "/admin/registrations/{rid}"),
    ("web-file", "GET", "/admin/registrations/{rid}/files/{fid}"),
    ("web-approve", "POST", "/admin/registrations/{rid}/decision"),
]


def registration_probe(client: ApiClient, name: str, method: str, template: str, rid: str, fid: str):
    path = template.format(rid=rid, fid=fid)
    if method == "GET":
        return client.get(path, allow_redirects=False)
    approve = name.endswith("approve")
    if path.startswith("/api/"):
        return client.send(method, path, json={"approve": approve, "reason": "" if approve else "材料不全"})
    return client.send(method, path, data={"approve": "1", "reason": ""}, allow_redirects=False)


def _audited_misses(registration_id: str) -> int:
    engine = create_engine(devctl.database_url("registry"))
    with engine.connect() as conn:
        count = conn.execute(
            select(func.count())
            .select_from(audit_log)
            .where(
                audit_log.c.target.contains(registration_id),
                audit_log.c.outcome.in_(("NOT_FOUND", "REFUSED")),
            )
        ).scalar_one()
    engine.dispose()
    return int(count)


@pytest.mark.parametrize(
    ("name", "method", "template"), REGISTRATION_PROBES, ids=[p[0] for p in REGISTRATION_PROBES]
)
def test_a_reviewer_of_another_district_gets_a_404_like_a_missing_registration(
    registrations: dict, name: str, method: str, template: str
) -> None:
    """reviewer_chaoyang on a 海淀 registration and file: the answer for a random id, and no change."""
    chaoyang: ApiClient = registrations["chaoyang_reviewer"]
    rid, fid = registrations["haidian"], registrations["haidian_file"]
    before = _audited_misses(rid)
    foreign = registration_probe(chaoyang, name, method, template, rid, fid)
    missing = registration_probe(chaoyang, name, method, template, str(uuid.uuid4()), str(uuid.uuid4()))
    secrets = ("海淀区测试路8号院2号楼", "孙九", registrations["haidian_detail"]["files"][0]["filename"])
    same_as_missing(f"reviewer-other-district:{name}", foreign, missing, secrets)
    assert foreign.status_code == 404, foreign.text[-800:]
    assert _audited_misses(rid) > before  # the attempt is in the audit trail
    # nothing changed: the 海淀 office still sees it pending, with the same files
    after = registrations["haidian_reviewer"].get(f"/api/v1/admin/registrations/{rid}").json()
    assert after == registrations["haidian_detail"]


def test_a_file_id_of_another_registration_is_a_404_like_a_missing_file(registrations: dict) -> None:
    """A real 海淀 file id under the reviewer's own 朝阳 registration: a file is found per registration."""
    chaoyang: ApiClient = registrations["chaoyang_reviewer"]
    own = registrations["chaoyang"]
    for prefix in ("/api/v1", ""):
        template = prefix + "/admin/registrations/{rid}/files/{fid}"
        foreign = chaoyang.get(
            template.format(rid=own, fid=registrations["haidian_file"]), allow_redirects=False
        )
        missing = chaoyang.get(template.format(rid=own, fid=uuid.uuid4()), allow_redirects=False)
        same_as_missing(f"cross-registration-file{prefix or ':web'}", foreign, missing)
        assert foreign.status_code == 404
        mine = chaoyang.get(
            template.format(rid=own, fid=registrations["chaoyang_file"]), allow_redirects=False
        )
        assert mine.status_code == 200  # the control: the reviewer's own file opens


@pytest.mark.parametrize(
    ("name", "method", "template"), REGISTRATION_PROBES, ids=[p[0] for p in REGISTRATION_PROBES]
)
def test_an_owner_gets_the_same_answer_for_anothers_registration_as_for_a_missing_one(
    suite: str, registrations: dict, name: str, method: str, template: str
) -> None:
    """lina (no reviewer role) on the 海淀 registration: refused by role, whatever the id."""
    lina = ApiClient(suite)
    assert lina.login("lina").status_code == 200
    rid, fid = registrations["haidian"], registrations["haidian_file"]
    foreign = registration_probe(lina, name, method, template, rid, fid)
    missing = registration_probe(lina, name, method, template, str(uuid.uuid4()), str(uuid.uuid4()))
    same_as_missing(f"owner:{name}", foreign, missing, ("海淀区测试路8号院2号楼", "孙九"))
    assert foreign.status_code in (403, 404)
    # the applicant's own history is unchanged
    history = registrations["haidian_owner"].get("/api/v1/registrations").json()["items"]
    assert [r["status"] for r in history] == ["PENDING_REVIEW"]


# ---- quick-pay tokens -----------------------------------------------------------------------------

DEV_TOKEN_KEY = b"dev-quickpay-token-key-not-for-production"  # the suite runs quickpay with its dev key


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _payload(bill_id: str, business_no: str, house: str, expires: int) -> str:
    body = {"b": bill_id, "n": business_no, "h": house, "x": expires}
    return _b64(json.dumps(body, separators=(",", ":"), sort_keys=True).encode())


@pytest.fixture(scope="module")
def quickpay_tokens(suite: str, objects: dict[str, str]) -> dict[str, str]:
    """王芳's genuine token, and tokens that must all answer like a random one."""
    from quickpay.domain import tokens

    found = requests.post(
        f"{suite}/api/v1/quickpay/lookups",
        json={"business_no": demo.QUICKPAY_BUSINESS_NO, "owner_name": demo.WANG_FANG.name},
        timeout=10,
    )
    assert found.status_code == 200, found.text
    genuine = found.json()["token"]
    payload, mac = genuine.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    expired = tokens.sign(
        DEV_TOKEN_KEY, tokens.TokenClaims(claims["b"], claims["n"], claims["h"], int(time.time()) - 60)
    )
    return {
        "genuine": genuine,
        # zhangwei's bill named in the payload, 王芳's signature kept
        "other-bill": _payload(objects["bill"], claims["n"], H1, claims["x"]) + "." + mac,
        "forged-mac": payload + "." + mac[:-4] + ("AAAA" if not mac.endswith("AAAA") else "BBBB"),
        "wrong-key": tokens.sign(
            b"not-the-key", tokens.TokenClaims(claims["b"], claims["n"], claims["h"], claims["x"])
        ),
        "expired": expired,
        "overlong": payload + "." + "A" * 600,
    }


def random_token() -> str:
    return (
        _payload(str(uuid.uuid4()), "SW209901010001", str(uuid.uuid4()), int(time.time()) + 600)
        + "."
        + _b64(uuid.uuid4().bytes * 2)
    )


TOKEN_PROBES = [
    ("api-state", "GET", "/api/v1/quickpay/{t}"),
    ("api-order", "POST", "/api/v1/quickpay/{t}/orders"),
    ("api-invoice", "POST", "/api/v1/quickpay/{t}/invoice"),
    ("api-invoice-pdf", "GET", "/api/v1/quickpay/{t}/invoice/pdf"),
    ("web-result", "GET", "/quickpay/t/{t}"),
    ("web-pay", "GET", "/quickpay/t/{t}/pay"),
    ("web-pay-post", "POST", "/quickpay/t/{t}/pay"),
    ("web-invoice", "POST", "/quickpay/t/{t}/invoice"),
    ("web-invoice-pdf", "GET", "/quickpay/t/{t}/invoice.pdf"),
]


def token_probe(suite: str, method: str, template: str, token: str) -> requests.Response:
    url = suite + template.format(t=token)
    if method == "GET":
        return requests.get(url, timeout=20, allow_redirects=False)
    if "/api/" in url:
        return requests.post(url, json={"channel": "WECHAT"}, timeout=20)
    # a browser's form post: the CSRF token of the page it came from
    browser = requests.Session()
    page = browser.get(f"{suite}/quickpay/lookup", timeout=10).content
    match = _CSRF_VALUE.search(page)
    assert match, "the quick-pay page carries a CSRF token"
    csrf = page[match.end(1) : match.end()].decode()
    return browser.post(
        url, data={"channel": "WECHAT", "csrf_token": csrf}, timeout=20, allow_redirects=False
    )


@pytest.mark.parametrize("kind", ["other-bill", "forged-mac", "wrong-key", "expired", "overlong"])
@pytest.mark.parametrize(
    ("method", "template"), [p[1:] for p in TOKEN_PROBES], ids=[p[0] for p in TOKEN_PROBES]
)
def test_a_bad_quickpay_token_is_a_404_like_a_missing_one(
    suite: str,
    quickpay_tokens: dict[str, str],
    objects: dict[str, str],
    kind: str,
    method: str,
    template: str,
) -> None:
    foreign = token_probe(suite, method, template, quickpay_tokens[kind])
    missing = token_probe(suite, method, template, random_token())
    secrets = (demo.ZHANG_WEI.name, demo.H1.address, demo.WANG_FANG.name, demo.WANG_FANG_HOUSE.address)
    same_as_missing(f"quickpay:{kind}:{template}", foreign, missing, secrets)
    assert foreign.status_code == 404, foreign.text[-800:]


def test_the_genuine_token_opens_only_its_own_bill(
    suite: str, quickpay_tokens: dict[str, str], objects
) -> None:
    """The control for the token probes: the genuine token works, and shows 王芳's bill, never another."""
    state = requests.get(f"{suite}/api/v1/quickpay/{quickpay_tokens['genuine']}", timeout=10)
    assert state.status_code == 200, state.text
    assert state.json()["bill"]["business_no"] == demo.QUICKPAY_BUSINESS_NO
    assert objects["bill"] not in state.text and demo.H1.address not in state.text


def test_zz_probe_tally(capsys: pytest.CaptureFixture[str]) -> None:
    """Prints the figure: probes made / leaks found."""
    line = f"IDOR probes made: {TALLY['probes']}, leaks found: {len(TALLY['leaks'])} {TALLY['leaks']}"
    with capsys.disabled():
        print("\n" + line)
    if LONG:
        publish_figures(line, idor_probes=TALLY["probes"], idor_leaks=len(TALLY["leaks"]))
    assert TALLY["probes"] >= len(PROBES) and not TALLY["leaks"]
