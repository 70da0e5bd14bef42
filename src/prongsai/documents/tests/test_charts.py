"""The indicator chart: real SVG with Thai glyphs as paths, and no global matplotlib state."""

from __future__ import annotations

import copy
import io
import xml.etree.ElementTree as ET
from decimal import Decimal

import matplotlib
import matplotlib.pyplot as plt
import pytest
from PIL import Image

from prongsai.documents.charts import indicator_chart_png, indicator_chart_svg

SVG = "{http://www.w3.org/2000/svg}"


NAMES = (
    "การปฏิบัติหน้าที่", "การใช้งบประมาณ", "การใช้อำนาจ", "การใช้ทรัพย์สินของราชการ",
    "การแก้ไขปัญหาการทุจริต", "คุณภาพการดำเนินงาน", "ประสิทธิภาพการสื่อสาร",
    "การปรับปรุงระบบการทำงาน", "การเปิดเผยข้อมูล", "การป้องกันการทุจริต",
)  # fmt: skip
SCORES = ("๙๒.๑๕", "๘๔.๓๐", "๙๐.๐๐", "๘๘.๗๕", "๗๙.๖๐", "๙๓.๔๕", "๘๖.๒๐", "๘๑.๙๐", "๑๐๐.๐๐", "๕๐.๐๐")


@pytest.fixture
def indicators() -> list[dict]:
    """The ten ITA indicators as the analysis passes them: names, and scores in Thai digits."""
    return [
        {"number": n, "name": name, "score": score}
        for n, (name, score) in enumerate(zip(NAMES, SCORES, strict=True), start=1)
    ]


def test_the_chart_is_svg_with_glyphs_drawn_as_paths(indicators):
    svg = indicator_chart_svg(indicators, thai_digits=True)
    root = ET.fromstring(svg)  # no XML declaration or doctype: it can sit inside HTML
    assert root.tag == f"{SVG}svg"
    assert not list(root.iter(f"{SVG}text"))
    glyphs = [p.get("id") for p in root.iter(f"{SVG}path") if p.get("id")]
    # Text was drawn in Laksaman (glyph ids carry the font name), not a fallback font.
    assert len([g for g in glyphs if g.startswith("Laksaman-")]) > 40


def test_the_chart_fits_inside_an_html_page(indicators):
    svg = indicator_chart_svg(indicators)
    # The page's CSS would see style="" and <style>: they are turned into SVG attributes.
    assert "style" not in svg
    assert "<metadata" not in svg
    assert 'fill="#c55a11"' in svg  # indicator 9 (75.00) is below the threshold


def test_the_chart_changes_with_the_scores_and_only_then(indicators):
    svg = indicator_chart_svg(indicators)
    assert indicator_chart_svg(copy.deepcopy(indicators)) == svg  # reproducible
    changed = copy.deepcopy(indicators)
    changed[0]["score"] = "๕๐.๐๐"
    assert indicator_chart_svg(changed) != svg


def test_previous_year_bars_are_added(indicators):
    svg = indicator_chart_svg(indicators)
    with_previous = indicator_chart_svg(indicators, previous={n: 80.0 for n in range(1, 11)})
    grey = 'fill="#a6a6a6"'
    assert grey not in svg
    assert with_previous.count(grey) >= 10


def test_scores_may_be_numbers_or_text_in_either_digits():
    as_text = [{"number": "๑", "name": "การปฏิบัติหน้าที่", "score": "๙๙.๗๙"}]
    as_numbers = [{"number": 1, "name": "การปฏิบัติหน้าที่", "score": Decimal("99.79")}]
    assert indicator_chart_svg(as_text) == indicator_chart_svg(as_numbers)


def test_nothing_to_chart_is_an_error():
    with pytest.raises(ValueError):
        indicator_chart_svg([])
    with pytest.raises(ValueError):
        indicator_chart_svg([{"number": "1", "name": "x", "score": "n/a"}])


def test_no_global_matplotlib_state_is_left_behind(indicators):
    rc_before = dict(matplotlib.rcParams)
    figures_before = plt.get_fignums()
    indicator_chart_svg(indicators)
    indicator_chart_png(indicators, dpi=50)
    assert plt.get_fignums() == figures_before == []
    assert dict(matplotlib.rcParams) == rc_before


def test_the_png_twin_is_an_image(indicators):
    png = indicator_chart_png(indicators, dpi=50)
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert image.width > image.height > 100
