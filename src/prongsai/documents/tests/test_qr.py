"""QR codes as inline SVG: WeasyPrint draws them, and what it draws is the code segno made."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import segno
from PIL import Image

from prongsai.documents.qr import qr_svg
from prongsai.documents.tests.conftest import ink, page_image

URL = "https://prongsai.example/s/q8Zr2LmV0xYtKb3n/?c=K7QF2MXR9PLA"


def print_alone(svg: str, tmp_path: Path, *, size_cm: float = 8) -> Path:
    """A PDF page holding nothing but the QR code, drawn ``size_cm`` wide by WeasyPrint."""
    from weasyprint import HTML

    html = (
        f"<style>@page {{ size: {size_cm + 2}cm; margin: 1cm }} body {{ margin: 0 }}"
        f" svg {{ display: block; width: {size_cm}cm; height: {size_cm}cm }}</style>{svg}"
    )
    path = tmp_path / "qr.pdf"
    path.write_bytes(HTML(string=html).write_pdf())
    return path


def modules_read_back(image: Image.Image, size: int) -> list[list[bool]]:
    """The dark/light module grid of the only QR code on a page, sampled at module centres.

    The dark modules' bounding box is the symbol without its quiet zone: the three finder
    patterns fill three of its corners.
    """
    left, top, right, bottom = image.point(lambda v: 255 if v < 128 else 0).getbbox()
    step_x, step_y = (right - left) / size, (bottom - top) / size
    return [
        [
            image.getpixel((int(left + (col + 0.5) * step_x), int(top + (row + 0.5) * step_y)))
            < 128
            for col in range(size)
        ]
        for row in range(size)
    ]


def test_it_is_inline_svg_that_scales_to_its_css_size():
    svg = qr_svg(URL)
    assert svg.startswith("<svg ") and svg.endswith("</svg>")
    assert "<?xml" not in svg and "class=" not in svg
    assert 'xmlns="http://www.w3.org/2000/svg"' in svg
    # Version 4 (33 modules) plus a quiet zone of 4 each side, 4 units per module.
    assert segno.make(URL, error="m").version == 4
    assert 'viewBox="0 0 164 164"' in svg and 'width="164"' in svg


def test_scale_and_border_set_the_intrinsic_size():
    assert 'viewBox="0 0 66 66"' in qr_svg(URL, scale=2, border=0)


@pytest.mark.parametrize("url", ["", None])
def test_a_missing_url_is_refused(url):
    with pytest.raises(ValueError):
        qr_svg(url)


def test_weasyprint_draws_the_modules_segno_encoded(tmp_path):
    path = print_alone(qr_svg(URL), tmp_path)
    image = page_image(path, dpi=150)
    assert ink(image) > 0.1
    matrix = segno.make(URL, error="m").matrix
    expected = [[bool(module) for module in row] for row in matrix]
    assert modules_read_back(image, len(matrix)) == expected


def test_a_reader_decodes_the_printed_code(tmp_path):
    if shutil.which("zbarimg") is None:
        pytest.fail("zbarimg missing: install zbar-tools (scripts/system-deps.sh test)")
    path = print_alone(qr_svg(URL), tmp_path, size_cm=3.5)
    png = tmp_path / "qr.png"
    page_image(path, dpi=150).save(png)
    out = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(png)], capture_output=True, text=True, timeout=60
    )
    assert out.stdout.strip() == URL
