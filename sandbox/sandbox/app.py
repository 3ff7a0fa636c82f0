"""The sandbox: one HTTP process (port 9100) hosting the stand-ins of every external system.

Payment providers (WeChat Pay APIv3, Alipay), the finance e-receipt platform, the SMS gateway and the
unified identity platform. Each speaks its real protocol, so the services' clients are the production
clients pointed here by configuration.
"""

from __future__ import annotations

import logging
import os

from flask import Flask, jsonify

from sandbox import einvoice, messaging_idp, payments


def create_app() -> Flask:
    app = Flask("sandbox")
    app.register_blueprint(messaging_idp.bp)
    app.register_blueprint(payments.bp)
    app.register_blueprint(einvoice.bp)

    @app.get("/healthz")
    def healthz() -> object:
        return jsonify(status="ok")

    return app


def main() -> None:
    logging.basicConfig(level=logging.INFO)
    from werkzeug.serving import run_simple

    port = int(os.environ.get("SANDBOX_PORT", "9100"))
    run_simple("127.0.0.1", port, create_app(), threaded=True)


if __name__ == "__main__":
    main()
