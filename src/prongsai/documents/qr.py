"""QR codes for printed documents (survey slips and posters): SVG to inline in HTML, PNG to
place in a Word layout (`layout.Picture(qr_png(url), width_mm=…)`).
"""

from __future__ import annotations

import io

import segno

__all__ = ["qr_png", "qr_svg"]


def qr_svg(url: str, *, scale: int = 4, border: int = 4) -> str:
    """Return inline SVG markup of a QR code for ``url``, for the ``qr_svg`` context keys.

    Error correction level M (15 % of the symbol can be lost: a fold, a smudge). ``border`` is
    the quiet zone in modules; readers need 4 to find the code. ``scale`` only sets the
    intrinsic size (pixels per module); the document's CSS gives the printed size, which the
    ``viewBox`` lets the drawing follow. No XML declaration, no class names (the page's CSS
    must not reach inside), so the text can go into a template unescaped.
    """
    if not isinstance(url, str) or not url:
        raise ValueError("qr_svg needs the URL as a non-empty string")
    code = segno.make(url, error="m")
    out = io.BytesIO()
    code.save(
        out,
        kind="svg",
        scale=scale,
        border=border,
        xmldecl=False,
        svgns=True,
        omitsize=False,
        svgclass=None,
        lineclass=None,
        dark="#000",
    )
    svg = out.getvalue().decode("ascii").strip()
    width, height = code.symbol_size(scale=scale, border=border)
    # With width and height but no viewBox, a CSS size would crop the drawing, not scale it.
    return svg.replace("<svg ", f'<svg viewBox="0 0 {width} {height}" ', 1)


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
