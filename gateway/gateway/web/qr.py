"""QR codes for the pay pages, rendered server-side as inline SVG (the CSP allows img data:)."""

from __future__ import annotations

import base64
import io

import qrcode
import qrcode.image.svg


def qr_data_uri(content: str) -> str:
    """The QR code as an inline SVG data: URI."""
    image = qrcode.make(content, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    out = io.BytesIO()
    image.save(out)
    return "data:image/svg+xml;base64," + base64.b64encode(out.getvalue()).decode("ascii")
