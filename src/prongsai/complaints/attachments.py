"""Checking and cleaning uploaded files: by their content, not their name; images re-encoded
without their metadata (a photo's EXIF can hold the phone's owner, place and time)."""

from __future__ import annotations

from io import BytesIO

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

MAX_BYTES = 5 * 1024 * 1024
MAX_FILES = 3


class Refused(ValueError):
    pass


def sniff(data: bytes) -> str | None:
    """The real type from the first bytes; None for anything we do not accept."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    return None


def clean_upload(upload) -> tuple[ContentFile, str, int]:
    """(clean content, content type, size) or Refused with a Thai message."""
    if upload.size > MAX_BYTES:
        raise Refused(_("The file %(name)s is larger than 5 MB.") % {"name": upload.name})
    data = upload.read()
    content_type = sniff(data)
    if content_type is None:
        raise Refused(
            _("The file %(name)s is not a JPEG or PNG picture or a PDF document.")
            % {"name": upload.name}
        )
    if content_type.startswith("image/"):
        data = strip_image_metadata(data, content_type)
    return ContentFile(data), content_type, len(data)


def strip_image_metadata(data: bytes, content_type: str) -> bytes:
    from PIL import Image

    try:
        image = Image.open(BytesIO(data))
        image.load()
    except Exception as exc:  # a broken or disguised image: Pillow raises many kinds
        raise Refused(_("The picture could not be read.")) from exc
    # A new image from the pixels alone: EXIF, XMP and comments stay behind.
    clean = Image.frombytes(image.mode, image.size, image.tobytes())
    out = BytesIO()
    clean.save(out, format="JPEG" if content_type == "image/jpeg" else "PNG")
    return out.getvalue()
