"""QR codes for printed documents (survey slips and posters): a PNG to place in a Word layout
(`layout.Picture(qr_png(url), width_mm=…)`)."""

from __future__ import annotations

import io

import segno

__all__ = ["qr_png"]


def qr_png(url: str, *, scale: int = 10, border: int = 4) -> bytes:
    """PNG bytes of a QR code for ``url`` (error correction M, a 4-module quiet zone).

    Black and white pixels only, ``scale`` pixels a module: the layout gives the printed size,
    and at 10 pixels a module a 9 cm code still has over 300 dpi.
    """
    if not isinstance(url, str) or not url:
        raise ValueError("qr_png needs the URL as a non-empty string")
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="png", scale=scale, border=border)
    return out.getvalue()
