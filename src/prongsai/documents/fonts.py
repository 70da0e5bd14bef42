"""The document font when TH SarabunPSK is not installed: Laksaman at TH SarabunPSK's size.

Thai government documents are set in TH SarabunPSK 16 pt, and our Word layouts name it. A server
rarely has it (it is not in Debian). Debian's Laksaman is drawn from the same outlines (TH
Sarabun New) but larger in its em, so a word processor that substitutes it at full size lays a
52-page plan book out on 137 pages. Debian's own fontconfig rule scales it by 0.66, but only for
renderers that honour fontconfig's matrix, which LibreOffice does not.

So we write, once, a copy of Laksaman whose em is 1/0.66 larger (the outlines untouched): at
16 pt it has TH SarabunPSK's widths and line height, under its own family name "Prongsai Sarabun",
and a fontconfig file that answers "TH SarabunPSK" with it. LibreOffice is started with that
fontconfig file, so a PDF keeps the page count an office gets in Word. When the real TH
SarabunPSK is installed, the alias is left out and the real font is used.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from fontTools.ttLib import TTFont

FAMILY = "Prongsai Sarabun"
OFFICIAL = "TH SarabunPSK"
LAKSAMAN_DIR = Path("/usr/share/fonts/truetype/tlwg")
# Laksaman's glyphs fill 1/0.66 of TH SarabunPSK's em (Debian's 89-tlwg-laksaman-synthetic.conf)
SCALE = 0.66
STYLES = {"": "Regular", "-Bold": "Bold", "-Italic": "Italic", "-BoldItalic": "Bold Italic"}
FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>{fonts}</dir>
  <cachedir>{cache}</cachedir>
{alias}</fontconfig>
"""
ALIAS = """  <match target="pattern">
    <test qual="any" name="family"><string>{official}</string></test>
    <edit name="family" mode="prepend" binding="strong"><string>{family}</string></edit>
  </match>
"""


class FontMissing(RuntimeError):
    """Laksaman (Debian's fonts-tlwg-laksaman-ttf) is not installed."""


def installed(family: str) -> bool:
    """Whether fontconfig knows the family itself (fc-list; fc-match would name a substitute)."""
    if not shutil.which("fc-list"):
        return False
    out = subprocess.run(
        ["fc-list", f":family={family}", "family"], capture_output=True, text=True, timeout=30
    ).stdout
    return bool(out.strip())


def _scaled(source: Path, target: Path, style: str) -> None:
    font = TTFont(source)
    font["head"].unitsPerEm = round(font["head"].unitsPerEm / SCALE)
    postscript = f"ProngsaiSarabun-{style.replace(' ', '')}"
    names = {1: FAMILY, 2: style, 3: f"{FAMILY} {style}", 4: f"{FAMILY} {style}", 6: postscript}
    names |= {16: FAMILY, 17: style}
    for record in font["name"].names:
        if record.nameID in names:
            record.string = names[record.nameID]
    font.save(target)


def fontconfig_file(directory: Path) -> Path:
    """Write (once) the scaled fonts and a fontconfig file into `directory`; return the file.

    The file includes the system's configuration, so every other font stays as it is.
    """
    conf = directory / "fonts.conf"
    if conf.exists():
        return conf
    fonts = directory / "fonts"
    fonts.mkdir(parents=True, exist_ok=True)
    if not (LAKSAMAN_DIR / "Laksaman.ttf").exists():
        raise FontMissing(
            "ไม่พบฟอนต์ Laksaman: ติดตั้งแพ็กเกจ fonts-tlwg-laksaman-ttf "
            "(Laksaman is missing: install Debian's fonts-tlwg-laksaman-ttf)"
        )
    for suffix, style in STYLES.items():
        source = LAKSAMAN_DIR / f"Laksaman{suffix}.ttf"
        if source.exists():
            _scaled(source, fonts / f"ProngsaiSarabun{suffix}.ttf", style)
    alias = "" if installed(OFFICIAL) else ALIAS.format(official=OFFICIAL, family=FAMILY)
    text = FONTS_CONF.format(fonts=fonts, cache=directory / "cache", alias=alias)
    partial = conf.with_suffix(".tmp")
    partial.write_text(text, encoding="utf-8")
    partial.replace(conf)  # whole or not at all: a second process may be reading it
    return conf
