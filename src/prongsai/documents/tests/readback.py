"""Documents read back as a reader would: the text of a Word file (python-docx) and of a PDF
(pdftotext, in content order), for the tests of every app that makes documents."""

from __future__ import annotations

import io
import subprocess
import tempfile
from pathlib import Path

from docx import Document


def docx_text(data: bytes) -> str:
    """The paragraphs, the table cells and the headers of a Word file, one per line."""
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    for section in document.sections:
        parts.extend(p.text for p in section.header.paragraphs)
    return "\n".join(parts)


def pdf_text(data: bytes) -> str:
    """The text layer exactly as pdftotext reads it (-raw: content order, no normalising)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "d.pdf"
        path.write_bytes(data)
        return subprocess.run(
            ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
