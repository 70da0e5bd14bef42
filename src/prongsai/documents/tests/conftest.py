"""Fixtures for the documents tests: the sample context, and PDFs read back with poppler."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import unicodedata
from pathlib import Path

import pytest
from PIL import Image


def poppler(*args: str | Path | int) -> str:
    """Run a poppler-utils tool (installed by scripts/system-deps.sh test) and return stdout."""
    if shutil.which(str(args[0])) is None:
        pytest.fail(f"{args[0]} missing: install poppler-utils (scripts/system-deps.sh test)")
    return subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, check=True, timeout=60
    ).stdout


def thai(text: str) -> str:
    """Thai text read back from a PDF, in the form it was typed.

    A PDF's text layer follows the glyphs: a tone mark drawn before a below vowel reads back
    before it (ผู้ for ผู้), and SARA AM, which every Thai shaper draws as NIKHAHIT + SARA AA,
    reads back as the two (ํา). Unicode counts both as equivalent; NFC restores the typed order
    of the marks and the replacement the single SARA AM.
    """
    return unicodedata.normalize("NFC", text).replace("\u0e4d\u0e32", "\u0e33")


def pdf_text(path: Path, mode: str = "-layout") -> str:
    """The PDF's text as pdftotext reads it (``-layout`` or ``-raw``, content order)."""
    return thai(poppler("pdftotext", mode, path, "-"))


def page_count(path: Path) -> int:
    info = poppler("pdfinfo", path)
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def page_image(path: Path, page: int = 1, *, dpi: int = 50) -> Image.Image:
    """One page of the PDF as poppler draws it, in grey levels."""
    with tempfile.TemporaryDirectory() as folder:
        prefix = Path(folder) / "page"
        poppler("pdftoppm", "-r", dpi, "-gray", "-png", "-f", page, "-l", page, path, prefix)
        (png,) = Path(folder).glob("page*.png")
        with Image.open(png) as image:
            return image.convert("L").copy()


def ink(image: Image.Image) -> float:
    """The share of the image's pixels that are printed (darker than light grey)."""
    return sum(1 for value in image.tobytes() if value < 200) / (image.width * image.height)


def squash(text: str) -> str:
    """Text without any whitespace, to find a phrase however the page wrapped it."""
    return "".join(thai(text).split())


A4_PORTRAIT = (595.3, 841.9)  # points, as pdfinfo rounds them
A4_LANDSCAPE = A4_PORTRAIT[::-1]


def write(folder: Path, name: str, data: bytes) -> Path:
    """Save rendered bytes so the poppler tools can read them back."""
    path = folder / name
    path.write_bytes(data)
    return path


def page_sizes(path: Path) -> list[tuple[float, float]]:
    """Width and height of every page, in points."""
    info = poppler("pdfinfo", "-f", "1", "-l", "999", path)
    return [
        (round(float(w), 1), round(float(h), 1))
        for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info)
    ]


def all_text(document) -> str:
    """A Word document's paragraphs and table cells, one per line."""
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def table_headed(document, *headers: str):
    """The first table whose header row starts with ``headers``."""
    for table in document.tables:
        if [c.text for c in table.rows[0].cells[: len(headers)]] == list(headers):
            return table
    raise AssertionError(f"no table headed {headers}")


@pytest.fixture
def make_org(db):
    from prongsai.orgs.models import Organisation

    def make(slug: str, name: str = "องค์การบริหารส่วนตำบลทดสอบ") -> Organisation:
        return Organisation.objects.create(slug=slug, name_th=name, kind="sao", province="ชลบุรี")

    return make


@pytest.fixture
def media(settings, tmp_path):
    """Uploaded files go to a fresh folder for each test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
