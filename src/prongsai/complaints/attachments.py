"""Checking and cleaning uploaded files: by their content, not their name; pictures measured
before decoding and re-encoded without their metadata (`prongsai.pictures`).

Stored files keep no time of day: their access and modification times are set to the date, and
a file is written first under `incoming/`, and the nightly job (`prongsai complaints purge`) rewrites
each one written on an earlier day under a new random name beside it, so that its inode (change
and birth times, which no program can set) dates the night's run, not the filing.

Files are read and written through Django's storage API only (open, save, delete), so the same
code runs on the local file system (the embedded default) and on S3-compatible storage
(django-storages). Setting a file's times needs a file system: on object storage there is none to
set (an object's Last-Modified is the time it was written), and the nightly rewrite is what makes
each object carry the night's time instead of the filing's."""

from __future__ import annotations

import os
import uuid
from datetime import date, datetime, time
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.utils import timezone
from django.utils.translation import gettext as _

from prongsai.pictures import Refused, sniff, strip_image_metadata

MAX_BYTES = 5 * 1024 * 1024
MAX_FILES = 3


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


# ---------------------------------------------------------------- file times


def day_stamp(day: date) -> float:
    """Midnight of the day, local time: the date and nothing of the time of day."""
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone()).timestamp()


def stamp_date_only(stored, day: date) -> None:
    """A stored file's (a FieldFile's) access and modification times, and its folders' up to the
    complaints root (a folder's mtime is when a file was last added), set to the day's midnight.
    Only a file system has such times to set: on other storages (S3) this does nothing."""
    storage = stored.storage
    if not isinstance(storage, FileSystemStorage):
        return
    stamp = day_stamp(day)
    path, root = Path(storage.path(stored.name)), Path(storage.location) / "complaints"
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
