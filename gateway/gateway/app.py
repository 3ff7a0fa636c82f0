"""Gateway app factory: ``gunicorn -c gateway/gunicorn.conf.py 'gateway.app:create_app()'``."""

from __future__ import annotations

import logging
import time
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import redis
from flask import Flask, Response, jsonify, request
from flask_session import Session
from flask_talisman import Talisman
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from gateway import problems
from gateway.auth import SESSION_REFRESH_SECONDS, load_session
from gateway.clients import make_clients
from gateway.config import Config
from gateway.extensions import csrf, limiter
from gateway.observability import init_observability
from maintfund_common import errors
from maintfund_common.grpc_errors import RemoteError
from maintfund_common.logging_setup import configure_logging

log = logging.getLogger(__name__)

CSP = {
    "default-src": "'self'",
    "img-src": "'self' data:",
    "style-src": "'self'",
    "script-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def _is_api() -> bool:
    return request.path.startswith("/api/")


def create_app(config: Config | None = None) -> Flask:
    config = config or Config.from_env()
    configure_logging("gateway", config.log_level)
    app = Flask(__name__)
    if config.trusted_proxy_hops:
        # client addresses (rate limits, audit) and the scheme as the ingress saw them
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=config.trusted_proxy_hops, x_proto=config.trusted_proxy_hops
        )
    redis_client = redis.Redis.from_url(config.redis_url, socket_timeout=2, health_check_interval=30)
    app.config.update(
        SECRET_KEY=config.secret_key,
        SESSION_TYPE="redis",
        SESSION_REDIS=redis_client,
        SESSION_KEY_PREFIX="mf:session:",
        SESSION_PERMANENT=True,
        # The idle timeout is the Redis key's TTL. Rewriting the session on every request cost a Redis
        # SET per request; load_session refreshes it at most once per SESSION_REFRESH_SECONDS instead.
        SESSION_REFRESH_EACH_REQUEST=False,
        SESSION_REFRESH_SECONDS=SESSION_REFRESH_SECONDS,
        PERMANENT_SESSION_LIFETIME=timedelta(minutes=config.session_idle_minutes),
        SESSION_ABSOLUTE_SECONDS=config.session_absolute_hours * 3600,
        SESSION_COOKIE_NAME="mf_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=config.secure_cookies,
        WTF_CSRF_HEADERS=["X-CSRF-Token"],
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the session that holds it
        WTF_CSRF_SSL_STRICT=config.force_https,
        RATELIMIT_STORAGE_URI=config.redis_url,
        RATELIMIT_KEY_PREFIX="mf:limit",
        MAX_CONTENT_LENGTH=60 * 1024 * 1024,
        JSON_AS_ASCII=False,
    )
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.extensions["maintfund_config"] = config
    app.extensions["maintfund_clients"] = make_clients(config)
    app.extensions["maintfund_redis"] = redis_client

    Session(app)
    # Registered before CSRFProtect's own hook: it must see only forms it can read.
    app.before_request(_refuse_unnamed_form_parts)
    csrf.init_app(app)
    limiter.init_app(app)
    Talisman(
        app,
        force_https=config.force_https,
        strict_transport_security=True,
        strict_transport_security_max_age=31536000,
        content_security_policy=CSP,
        # the pages' few lines of inline script (progress state, upload size, the QR page's polling)
        content_security_policy_nonce_in=["script-src"],
        referrer_policy="strict-origin-when-cross-origin",
        session_cookie_secure=config.secure_cookies,
        frame_options="DENY",
    )
    init_observability(app)

    @app.before_request
    def _origin_check() -> Response | None:
        # Same-origin only for state changes, in addition to the CSRF token (defence in depth).
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return None
        origin = request.headers.get("Origin")
        if origin and origin != "null":
            if urlsplit(origin).netloc != request.host:
                log.warning("cross-origin request refused", extra={"path": request.path})
                return _forbidden("ORIGIN_REJECTED", "不允许跨站请求")
        return None

    app.before_request(load_session)

    @app.after_request
    def _no_store(response: Response) -> Response:
        if not request.path.startswith("/static/"):
            response.headers["Cache-Control"] = "no-store"
        # Talisman sends HSTS only on HTTPS requests; behind the TLS-terminating ingress every request is.
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        # The browsers' XSS auditors are gone or were themselves a leak; OWASP advises turning them off
        # explicitly and relying on the CSP.
        response.headers["X-XSS-Protection"] = "0"
        return response

    _register_blueprints(app)
    _limit_hooks_on_limited_routes_only(app)

    @app.get("/healthz")
    def healthz() -> Any:
        return jsonify(status="ok")

    @app.get("/readyz")
    def readyz() -> Any:
        try:
            redis_client.ping()
        except redis.RedisError:
            return jsonify(status="unavailable", redis=False), 503
        return jsonify(status="ok", redis=True)

    _register_error_handlers(app)
    return app


def _register_blueprints(app: Flask) -> None:
    """Every route module of the gateway: the owners' UI and /api/v1, feature by feature."""
    from gateway.api import bp as api_bp
    from gateway.api import login, register, sms_codes
    from gateway.api.documents import bp as api_documents_bp
    from gateway.api.invoices import bp as api_invoices_bp
    from gateway.api.notifications import bp as api_notifications_bp
    from gateway.api.payments import bp as api_payments_bp
    from gateway.api.payments import notify_bp as payment_notify_bp
    from gateway.api.quickpay import bp as api_quickpay_bp
    from gateway.api.registrations import bp as api_registrations_bp
    from gateway.openapi import bp as openapi_bp
    from gateway.web import bp as web_bp
    from gateway.web.documents import bp as web_documents_bp
    from gateway.web.notifications import bp as web_notifications_bp
    from gateway.web.payments import bp as web_payments_bp
    from gateway.web.quickpay import bp as web_quickpay_bp
    from gateway.web.receipts import bp as web_receipts_bp
    from gateway.web.registrations import bp as web_registrations_bp

    for blueprint in (
        api_bp,
        web_bp,
        api_invoices_bp,
        web_receipts_bp,
        api_registrations_bp,
        web_registrations_bp,
        api_payments_bp,
        web_payments_bp,
        payment_notify_bp,
        api_quickpay_bp,
        web_quickpay_bp,
        api_documents_bp,
        web_documents_bp,
        api_notifications_bp,
        web_notifications_bp,
        openapi_bp,
    ):
        app.register_blueprint(blueprint)
    for view in (login, register, sms_codes):
        csrf.exempt(view)  # no session exists before these; SameSite and the Origin check cover them
    csrf.exempt(payment_notify_bp)  # providers post here; the deposit service verifies their signatures
    # No session or cookie: the quick-pay token in the URL is the authority; the Origin check still applies.
    csrf.exempt(api_quickpay_bp)


def _limit_hooks_on_limited_routes_only(app: Flask) -> None:
    """Flask-Limiter runs its request hooks on every request: on an owner read, the largest piece of the
    gateway's own Python after the gRPC call and the session read (cProfile), although only routes
    decorated with a limit have any (no default or application limits are configured). The hooks are
    kept, but run only for those routes; the decorators check again inside the view in any case."""
    limited = {
        endpoint
        for endpoint, view in app.view_functions.items()
        if getattr(view, "__wrapper-limiter-instance", None) is limiter
    }

    def only_limited(hook: Any) -> Any:
        def guarded(*args: Any) -> Any:
            if request.endpoint in limited:
                return hook(*args)
            return args[0] if args and isinstance(args[0], Response) else None

        return guarded

    def is_limiter_hook(hook: Any) -> bool:
        target = getattr(hook, "func", hook)  # the after_request hook is a functools.partial
        return getattr(target, "__module__", "").startswith("flask_limiter")

    for hooks in (app.before_request_funcs, app.after_request_funcs, app.teardown_request_funcs):
        for key, funcs in hooks.items():
            hooks[key] = [only_limited(f) if is_limiter_hook(f) else f for f in funcs]


def _refuse_unnamed_form_parts() -> Response | None:
    """A multipart part without a usable name parses to a ``None`` key, on which Flask-WTF's CSRF
    check crashes (a 500): such a body is malformed, so it is a 400 before anything reads it."""
    if request.mimetype == "multipart/form-data" and (None in request.form or None in request.files):
        message = "表单格式有误：每个字段都须有名称"
        if _is_api():
            return problems.problem(400, "VALIDATION_FAILED", message)
        from flask import render_template

        return Response(render_template("error.html", status=400, message=message), status=400)
    return None


def _forbidden(code: str, message: str) -> Response:
    if _is_api():
        return problems.problem(403, code, message)
    from flask import render_template

    return Response(render_template("error.html", status=403, message=message), status=403)


def _register_error_handlers(app: Flask) -> None:
    from flask import render_template

    @app.errorhandler(errors.DomainError)
    @app.errorhandler(RemoteError)
    def _domain_error(error: Exception) -> Response:
        if _is_api():
            return problems.from_exception(error)
        response = problems.from_exception(error)
        if response.status_code == 401:
            from flask import redirect, url_for

            return redirect(url_for("web.login", next=request.path))  # type: ignore[return-value]
        message = getattr(error, "message", "服务暂时不可用，请稍后再试")
        return Response(
            render_template("error.html", status=response.status_code, message=message),
            status=response.status_code,
        )

    @app.errorhandler(CSRFError)
    def _csrf_error(error: CSRFError) -> Response:
        log.warning("csrf check failed", extra={"path": request.path, "reason": error.description})
        return _forbidden("CSRF_FAILED", "页面已过期或请求来源无效，请刷新后重试")

    def _retry_after() -> int:
        """Seconds until the exceeded limit's window resets (what the limiter puts in Retry-After)."""
        exceeded = limiter.current_limit
        return max(1, int(exceeded.reset_at - time.time())) if exceeded else 60

    @app.errorhandler(429)
    def _rate_limited(error: HTTPException) -> Response:
        if _is_api():
            return problems.problem(
                429, "RATE_LIMITED", "请求过于频繁，请稍后再试", retry_after=_retry_after()
            )
        return Response(
            render_template("error.html", status=429, message="请求过于频繁，请稍后再试"), status=429
        )

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException) -> Response:
        status = error.code or 500
        code = {404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED", 413: "PAYLOAD_TOO_LARGE"}.get(
            status, "HTTP_ERROR"
        )
        message = {404: "页面不存在", 405: "不支持的请求方法", 413: "上传内容过大"}.get(
            status, error.description or ""
        )
        if _is_api():
            return problems.problem(status, code, message)
        return Response(render_template("error.html", status=status, message=message), status=status)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> Response:
        log.exception("unhandled error", extra={"path": request.path})
        if _is_api():
            return problems.problem(500, "INTERNAL", "服务器内部错误")
        return Response(render_template("error.html", status=500, message="服务器内部错误"), status=500)
