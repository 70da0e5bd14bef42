"""Hostile files for the import tests, built small in memory: ZIP bombs, binary, wrong encodings.

Each builder writes a real package (the XML is streamed into the ZIP, so a bomb that unpacks to
tens of MB costs a fraction of a second and a few hundred KB here).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XLSX_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/></Types>'
)


def _inline(column: str, row: int, text: str) -> str:
    return f'<c r="{column}{row}" t="inlineStr"><is><t>{text}</t></is></c>'


def xlsx(
    sheet_data: Iterable[bytes], *, sheet: str = "Sheet1", dimension: str | None = None
) -> bytes:
    """A one-sheet workbook whose <sheetData> is the given XML chunks."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", XLSX_TYPES)
        z.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{OFFICE_RELS}/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        z.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{MAIN}" xmlns:r="{OFFICE_RELS}"><sheets>'
            f'<sheet name="{sheet}" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{OFFICE_RELS}/'
            'worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        )
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            part.write(f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">'.encode())
            if dimension:
                part.write(f'<dimension ref="{dimension}"/>'.encode())
            part.write(b"<sheetData>")
            for chunk in sheet_data:
                part.write(chunk)
            part.write(b"</sheetData></worksheet>")
    return out.getvalue()


def header_row(columns: Iterable[str]) -> bytes:
    cells = "".join(_inline(chr(65 + i), 1, name) for i, name in enumerate(columns))
    return f'<row r="1">{cells}</row>'.encode()


def _repeat(piece: bytes, count: int) -> Iterator[bytes]:
    block = piece * 10_000
    for _ in range(count // 10_000):
        yield block
    yield piece * (count % 10_000)


def rows_bomb(columns: Iterable[str], rows: int, sheet: str = "Sheet1") -> bytes:
    """`rows` rows of one number each after a header; rows without numbers compress ~1000:1."""
    row = b"<row><c><v>1</v></c></row>"
    return xlsx([header_row(columns), *_repeat(row, rows)], sheet=sheet)


def wide_bomb(cells: int) -> bytes:
    """One row of `cells` cells: openpyxl builds the whole row in memory before yielding it."""
    return xlsx([b"<row>", *_repeat(b"<c><v>1</v></c>", cells), b"</row>"])


def declared_bomb(columns: Iterable[str], dimension: str = "A1:XFD1048576") -> bytes:
    """A two-row sheet that declares a huge size: openpyxl pads every row up to it."""
    return xlsx([header_row(columns)], dimension=dimension)


def docx_bomb(megabytes: int) -> bytes:
    """A Word package whose document.xml unpacks to `megabytes` MB of paragraphs."""
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            'ContentType="application/xml"/><Override PartName="/word/document.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
            'document.main+xml"/></Types>',
        )
        z.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{OFFICE_RELS}/'
            'officeDocument" Target="word/document.xml"/></Relationships>',
        )
        with z.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(f'<w:document xmlns:w="{w}"><w:body>'.encode())
            paragraph = "<w:p><w:r><w:t>๑. ชื่อโครงการ : ทดสอบ</w:t></w:r></w:p>".encode()
            yield_count = megabytes * 1024 * 1024 // len(paragraph)
            for chunk in _repeat(paragraph, yield_count):
                part.write(chunk)
            part.write(b"</w:body></w:document>")
    return out.getvalue()


def billion_laughs(levels: int = 12) -> str:
    """YAML whose last key stands for 10**levels strings through nested aliases."""
    lines = ['a0: &a0 "ha"']
    for level in range(1, levels + 1):
        refs = ", ".join([f"*a{level - 1}"] * 10)
        lines.append(f"a{level}: &a{level} [{refs}]")
    return "\n".join(lines) + "\n"


BINARY = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
