"""Checking and cleaning uploaded files: by their content, not their name; images re-encoded
without their metadata (a photo's EXIF can hold the phone's owner, place and time); pictures
measured from their header before any decoding (a small PNG can declare a billion pixels).

Stored files keep no time of day: their access and modification times are set to the date, and
a file is written first under `incoming/`, and the nightly job (`prongsai complaints purge`) rewrites
each one written on an earlier day under a new random name beside it, so that its inode (change
and birth times, which no program can set) dates the night's run, not the filing."""

from __future__ import annotations

import os
import uuid
from datetime import date, datetime, time
from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image

MAX_BYTES = 5 * 1024 * 1024
MAX_FILES = 3
# 40 million pixels: any phone or camera picture up to 40 MP (a 12 MP phone photo is 4032×3024).
# Decoding holds a few bytes per pixel twice over, so this bounds a worker to some 500 MB.
MAX_PIXELS = 40_000_000
PILLOW_FORMATS = {"image/jpeg": ["JPEG"], "image/png": ["PNG"]}


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
        data = strip_image_metadata(data, content_type, upload.name)
    return ContentFile(data), content_type, len(data)


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


# ---------------------------------------------------------------- file times


def day_stamp(day: date) -> float:
    """Midnight of the day, local time: the date and nothing of the time of day."""
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone()).timestamp()


def complaints_root() -> Path:
    return Path(settings.MEDIA_ROOT) / "complaints"


def stamp_date_only(path: str | os.PathLike, day: date) -> None:
    """The file's access and modification times, and its folders' up to the complaints root
    (a folder's mtime is when a file was last added), set to the day's midnight."""
    stamp = day_stamp(day)
    path, root = Path(path), complaints_root()
    os.utime(path, (stamp, stamp))
    for folder in path.parents:
        if folder != root and root not in folder.parents:
            break
        os.utime(folder, (stamp, stamp))


INCOMING = "incoming"


def random_name(org_id, suffix: str, *, incoming: bool) -> str:
    # A random name: the uploaded file's own name may carry the complainant's name, and a
    # sequence or a time would order or date the filings.
    folder = f"complaints/{org_id}/{INCOMING}" if incoming else f"complaints/{org_id}"
    return f"{folder}/{uuid.uuid4().hex}{suffix}"


def is_incoming(name: str) -> bool:
    return Path(name).parent.name == INCOMING
