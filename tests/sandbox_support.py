"""A sandbox stand-in (or any WSGI app) served in a thread of the test process, on a free port."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Blueprint, Flask
from werkzeug.serving import make_server


@contextmanager
def serve_wsgi(app: Any) -> Iterator[str]:
    """Serve a WSGI app on 127.0.0.1 (a free port, in a thread) until the block ends; yields its URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@contextmanager
def serve_blueprint(name: str, blueprint: Blueprint) -> Iterator[str]:
    """Serve ``blueprint`` alone until the block ends; yields its base URL."""
    app = Flask(name)
    app.register_blueprint(blueprint)
    with serve_wsgi(app) as url:
        yield url
