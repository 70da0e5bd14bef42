"""Pictures people upload (complaint evidence, an organisation's emblem): known by their first
bytes, measured from their header before any decoding (a small PNG can declare a billion
pixels), and re-encoded from their pixels alone, without metadata (a photo's EXIF can hold the
phone's owner, place and time)."""

from __future__ import annotations

from io import BytesIO

from django.utils.translation import gettext as _
from PIL import Image

# 40 million pixels: any phone or camera picture up to 40 MP (a 12 MP phone photo is 4032×3024).
# Decoding holds a few bytes per pixel twice over, so this bounds a worker to some 500 MB.
MAX_PIXELS = 40_000_000
PILLOW_FORMATS = {"image/jpeg": ["JPEG"], "image/png": ["PNG"]}


class Refused(ValueError):
    """The picture is not taken; the message (in the user's language) names it and says why."""


def sniff(data: bytes) -> str | None:
    """The real type from the first bytes; None for anything we do not accept."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    return None


def _too_large(name: str) -> Refused:
    return Refused(
        _(
            "The picture %(name)s is too large: at most %(limit)s million pixels are accepted. "
            "Send a smaller picture."
        )
        % {"name": name, "limit": MAX_PIXELS // 1_000_000}
    )


def open_within_budget(data: bytes, content_type: str, name: str) -> Image.Image:
    """The picture opened lazily (header only) and measured before anything is decoded."""
    try:
        image = Image.open(BytesIO(data), formats=PILLOW_FORMATS[content_type])
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        # Pillow's own guard, above twice its limit (or when warnings are errors).
        raise _too_large(name) from exc
    except Exception as exc:  # a broken or disguised image: Pillow raises many kinds
        raise Refused(_("The picture %(name)s could not be read.") % {"name": name}) from exc
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise _too_large(name)
    return image


def strip_image_metadata(data: bytes, content_type: str, name: str = "") -> bytes:
    image = open_within_budget(data, content_type, name)
    try:
        image.load()
        mode, size, pixels = image.mode, image.size, image.tobytes()
        palette = image.getpalette() if mode == "P" else None
        transparency = image.info.get("transparency")
    except Exception as exc:
        raise Refused(_("The picture %(name)s could not be read.") % {"name": name}) from exc
    image.close()
    # A new image from the pixels alone (and the colours of a palette picture, without which
    # it would come out black): EXIF, XMP and comments stay behind.
    clean = Image.frombytes(mode, size, pixels)
    del pixels
    if palette:
        clean.putpalette(palette)
    out = BytesIO()
    if content_type == "image/jpeg":
        clean.save(out, format="JPEG")
    else:
        clean.save(out, format="PNG", **({"transparency": transparency} if transparency else {}))
    return out.getvalue()
