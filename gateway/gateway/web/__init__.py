"""The owners' browser UI: server-rendered Chinese pages on the same operations as /api/v1."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, make_response, redirect, render_template, request, send_from_directory, url_for
from markupsafe import Markup, escape

from gateway.auth import (
    client_ip,
    current_account_id,
    end_session,
    is_reviewer,
    logged_in,
    login_required,
    session_name,
    start_session,
)
from gateway.display_mode import (
    MODES,
    adopt_account_mode,
    display_mode,
    remember_for_account,
    remember_in_browser,
)
from gateway.extensions import configured_limit, limiter
from gateway.http import clients
from gateway.ops import accounts
from gateway.ops import houses as house_ops
from gateway.ops.labels import RECEIPT_STATUS_NAMES
from gateway.redirects import same_site_path
from gateway.web.notifications import home_unread
from gateway.web.speech import spoken_masked, spoken_yuan
from maintfund_common import errors
from maintfund_common.beijing_time import format_beijing
from maintfund_common.districts import DISTRICTS
from maintfund_common.money import format_yuan

bp = Blueprint(
    "web", __name__, template_folder="../templates", static_folder="../static", static_url_path="/static"
)


@bp.app_template_filter("yuan")
def _yuan(fen: int | None) -> str:
    return format_yuan(int(fen or 0))


@bp.app_template_filter("money")
def _money(fen: int | None) -> Markup:
    """An amount as shown (``¥4,896.58``) and as a screen reader should say it (人民币四千…五角八分).

    The words are real text, visually hidden, and the figures are hidden from assistive technology: not
    ``role="img"`` with an ``aria-label``, which makes a screen reader announce a graphic (图形) after
    every amount and hides the figures from braille displays and character-by-character reading."""
    fen = int(fen or 0)
    return Markup(
        '<span class="money"><span class="figures" aria-hidden="true">{}</span>'
        '<span class="visually-hidden">{}</span></span>'
    ).format(format_yuan(fen), spoken_yuan(fen))


@bp.app_template_filter("said")
def _said(masked: str | None, kind: str) -> str:
    """``aria-label="{{ me.id_number_masked|said('id_number') }}"`` → 身份证号末四位1238."""
    return str(escape(spoken_masked(masked, kind)))


@bp.app_template_filter("cst")  # the earlier name, kept for templates that still use it
@bp.app_template_filter("beijing")
def _beijing(value: str | None, style: str = "minute") -> str:
    """An RFC 3339 instant as Beijing time: ``{{ t|beijing }}`` 2026-11-27 12:30, ``|beijing('date')``."""
    return format_beijing(value, style)


@bp.app_context_processor
def _globals() -> dict[str, Any]:
    return {
        "logged_in": logged_in(),
        "session_name": session_name(),
        "districts": DISTRICTS,
        "receipt_status_names": RECEIPT_STATUS_NAMES,
        "elder_mode": display_mode() == "elder",
    }


@bp.post("/display-mode")
def set_display_mode() -> Any:
    """The header's 长辈版 / 标准版 switch: a cookie for this browser and, for a logged-in owner, the
    account's mode too (gateway.display_mode); then back to the page it was pressed on, read from the Referer
    (same-origin requests carry the full path): pages never echo their own URL, which may hold personal
    data in its query and would make someone else's object look unlike a missing one."""
    mode = request.form.get("mode", "")
    referrer = urlsplit(request.referrer or "")
    here = referrer.path + (f"?{referrer.query}" if referrer.query else "")
    same_origin = referrer.netloc in ("", request.host)
    back = same_site_path(here if same_origin else "", url_for("web.index"))
    response = make_response(redirect(back, code=303))
    if mode in MODES:
        if logged_in():
            remember_for_account(clients(), current_account_id(), mode)
        remember_in_browser(response, mode)
    return response


@bp.get("/")
def index() -> Any:
    if logged_in():
        return redirect(url_for("web.home"))
    return render_template("index.html")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(configured_limit("login_rate_limit"), methods=["POST"])
def login() -> Any:
    tab = request.values.get("tab", "password")
    error = ""
    if request.method == "POST":
        try:
            if tab == "sms":
                result = accounts.login_with_sms(
                    clients(), request.form.get("phone", ""), request.form.get("sms_code", ""), client_ip()
                )
            else:
                result = accounts.login_with_password(
                    clients(), request.form.get("username", ""), request.form.get("password", ""), client_ip()
                )
            start_session(result)
            response = make_response(redirect(same_site_path(request.args.get("next"), url_for("web.home"))))
            adopt_account_mode(response, result.account)  # the owner's 长辈版 follows them to this browser
            return response
        except errors.DomainError as exc:
            error = exc.message  # 用户名或密码错误，还可尝试N次 / the lock: the identity service words both
    return render_template(
        "login.html",
        tab=tab,
        error=error,
        next=request.args.get("next", ""),
        phone=request.values.get("phone", ""),
        username=request.form.get("username", "") if tab != "sms" else "",
    )


def sms_sent_notice(wait: int, valid: int) -> str:
    """The code's time limit, said when it is sent (WCAG 2.2.1): how long it is valid, and that asking
    again (after ``wait`` seconds) sends a new code valid for as long again."""
    minutes = f"{valid // 60}分钟" if valid % 60 == 0 else f"{valid}秒"
    return f"验证码已发送，{minutes}内有效；{wait}秒后可重新获取，重新获取的验证码重新计算有效期"


def _send_code(phone: str, purpose: str) -> tuple[str, str, int]:
    """(notice, error, seconds before another code): the SMS button counts those seconds down."""
    try:
        wait, valid = accounts.send_sms_code(clients(), phone, client_ip(), purpose)
        return sms_sent_notice(wait, valid), "", wait
    except errors.DomainError as exc:
        return "", exc.message, int(exc.details.get("retry_after", "0") or 0)


@bp.post("/login/sms-code")
@limiter.limit(configured_limit("sms_rate_limit"))
def send_sms_code() -> Any:
    phone = request.form.get("phone", "")
    notice, error, wait = _send_code(phone, "login")
    # ?next= rides along, so an SMS login lands where a password login would
    next_target = request.args.get("next", "")
    return render_template(
        "login.html", tab="sms", error=error, notice=notice, phone=phone, next=next_target, wait=wait
    )


REGISTER_FIELDS = ("username", "name", "id_number", "phone", "sms_code")


def _register_page(form: dict[str, str], **extra: Any) -> Any:
    return render_template(
        "register.html",
        form=form,
        error=extra.pop("error", ""),
        error_field=extra.pop("field", ""),
        notice=extra.pop("notice", ""),
        wait=extra.pop("wait", 0),
        accepted_terms=request.form.get("accepted_terms") == "on",
        accepted_privacy=request.form.get("accepted_privacy") == "on",
    )


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(configured_limit("register_rate_limit"), methods=["POST"])
def register() -> Any:
    form = {k: request.form.get(k, "") for k in REGISTER_FIELDS}
    if request.method == "GET":
        return _register_page(form)
    try:
        if request.form.get("password") != request.form.get("password2"):
            raise errors.ValidationFailed("两次输入的密码不一致", field="password2")
        accounts.register_account(
            clients(),
            {
                **form,
                "password": request.form.get("password", ""),
                "accepted_terms": request.form.get("accepted_terms", ""),
                "accepted_privacy": request.form.get("accepted_privacy", ""),
            },
        )
    except errors.DomainError as exc:
        return _register_page(form, error=exc.message, field=exc.details.get("field", "")), 400
    return render_template("login.html", tab="password", notice="注册成功，请登录", error="", next="")


@bp.post("/register/sms-code")
@limiter.limit(configured_limit("sms_rate_limit"))
def register_sms_code() -> Any:
    """获取验证码 on the registration form without JavaScript: the form comes back filled in (passwords
    excepted) with the notice; with JavaScript the page asks POST /api/v1/sms-codes and stays."""
    form = {k: request.form.get(k, "") for k in REGISTER_FIELDS}
    notice, error, wait = _send_code(form["phone"], "register")
    return _register_page(form, notice=notice, error=error, field="phone" if error else "", wait=wait)


@bp.post("/logout")
def logout() -> Any:
    end_session()
    return redirect(url_for("web.index"))


@bp.get("/home")
@login_required
def home() -> Any:
    if is_reviewer():  # a 管理部 reviewer has a console of their own, not an owner's home
        return redirect(url_for("web_registrations.console"))
    account_id = current_account_id()
    me = accounts.me(clients(), account_id)
    houses = (
        house_ops.my_houses(clients(), account_id, limit=3, count_pending_bills=True)
        if me["has_houses"]
        else {"items": [], "pending_bill_count": 0}
    )
    return render_template(
        "home.html",
        me=me,
        houses=houses["items"],
        pending_bills=houses["pending_bill_count"],
        unread=home_unread(),  # the session's count while fresh: two calls, a third once a minute at most
    )


@bp.get("/houses")
@login_required
def houses() -> Any:
    address = request.args.get("address", "").strip()
    page = house_ops.my_houses(clients(), current_account_id(), address, 20, request.args.get("cursor", ""))
    return render_template("houses.html", page=page, address=address)


@bp.get("/houses/<house_id>")
@login_required
def house(house_id: str) -> Any:
    return render_template(
        "house.html", house=house_ops.house_detail(clients(), current_account_id(), house_id)
    )


@bp.get("/houses/<house_id>/ledger")
@login_required
def ledger(house_id: str) -> Any:
    page = house_ops.ledger(
        clients(),
        current_account_id(),
        house_id,
        20,
        request.args.get("cursor", ""),
        grant=request.args.get("grant", ""),  # someone else's house found through 我要查询
    )
    return render_template("ledger.html", page=page, house=page["house"])


@bp.get("/houses/<house_id>/ledger/<entry_id>")
@login_required
def ledger_entry(house_id: str, entry_id: str) -> Any:
    entry = house_ops.ledger_entry(
        clients(), current_account_id(), house_id, entry_id, request.args.get("grant", "")
    )
    return render_template("entry.html", entry=entry, house=entry["house"])


# --- site pages: help (12329), the documents a registration agrees to, the favicon ----------------------


@bp.get("/help")
def help_page() -> Any:
    return render_template("help.html")


@bp.get("/terms")
def terms() -> Any:
    return render_template("terms.html")


@bp.get("/privacy")
def privacy() -> Any:
    return render_template("privacy.html")


@bp.get("/favicon.ico")
def favicon() -> Any:
    # pages link /static/favicon.svg (cached); this answers browsers that ask for the classic path
    return send_from_directory(bp.static_folder or "", "favicon.ico", mimetype="image/vnd.microsoft.icon")
