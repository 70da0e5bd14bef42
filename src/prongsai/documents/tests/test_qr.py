"""The QR code printed on posters and slips: the modules segno encoded, and a reader decodes it."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
import segno
from PIL import Image

from prongsai.documents.qr import qr_png

URL = "https://prongsai.example/s/q8Zr2LmV0xYtKb3n/?c=K7QF2MXR9PLA"


def test_the_image_holds_the_modules_segno_encoded_with_a_quiet_zone():
    scale, border = 10, 4
    image = Image.open(io.BytesIO(qr_png(URL, scale=scale, border=border))).convert("L")
    matrix = segno.make(URL, error="m").matrix
    size = len(matrix)
    assert image.size == ((size + 2 * border) * scale,) * 2
    read = [
        [image.getpixel(((border + c) * scale + scale // 2, (border + r) * scale + scale // 2)) < 128
         for c in range(size)]
        for r in range(size)
    ]  # fmt: skip
    assert read == [[bool(m) for m in row] for row in matrix]
    assert image.getpixel((scale, scale)) > 128  # the quiet zone is light


@pytest.mark.parametrize("url", ["", None])
def test_a_missing_url_is_refused(url):
    with pytest.raises(ValueError):
        qr_png(url)


def test_a_reader_decodes_it(tmp_path):
    if shutil.which("zbarimg") is None:
        pytest.fail("zbarimg missing: install zbar-tools (scripts/system-deps.sh test)")
    path = tmp_path / "qr.png"
    path.write_bytes(qr_png(URL))
    out = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(path)], capture_output=True, text=True, timeout=60
    )
    assert out.stdout.strip() == URL
