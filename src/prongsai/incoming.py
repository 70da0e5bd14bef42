"""Files that come in (uploads and command-line imports): size budgets, text encodings, YAML.

Every importer reads its file through these helpers, so one hostile file cannot hold a worker:
- a ZIP package (.xlsx, .docx) is judged from its directory before anything is unpacked: the
  sizes it unpacks to, part by part and in total (`check_zip`); Python's zipfile never unpacks
  more than a member declares, so the declared sizes bound the real ones;
- a text file (.csv, .txt, .yaml) is read as UTF-8 (with or without BOM) or, failing that, as
  Thai Windows-874/TIS-620, which is how Excel on a Thai Windows saves "CSV (Comma delimited)";
  anything else (NUL bytes, control characters, bytes neither encoding knows) is refused as
  not a text file (`open_text`, `decode_text`);
- YAML is read without aliases (`load_yaml`): `*name` references let a few hundred bytes stand for
  billions of values ("billion laughs"), and criteria files never need them; nor NUL characters,
  which PostgreSQL cannot store.

A refusal is `FileRefused`, whose message is Thai first and names the file and the limit.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TextIO

import yaml

MB = 1024 * 1024


class FileRefused(ValueError):
    """A file is not read at all; `message_th` and `message_en` say why, naming file and limit."""

    def __init__(self, message_th: str, message_en: str):
        self.message_th = message_th
        self.message_en = message_en
        super().__init__(f"{message_th} ({message_en})")


# ---------------------------------------------------------------- ZIP packages (.xlsx, .docx)


@dataclass(frozen=True)
class ZipBudget:
    total: int  # bytes all members unpack to
    part: int  # bytes any one XML part unpacks to (the parts a parser holds as a tree)
    members: int  # entries in the package


# Real workbooks and plan books unpack to a few MB; these leave a wide margin and stop the bombs
# the review built (433 KB → 3 million rows; 792 KB DOCX → 4.7 GB of memory).
XLSX_BUDGET = ZipBudget(total=100 * MB, part=60 * MB, members=2000)
DOCX_BUDGET = ZipBudget(total=150 * MB, part=25 * MB, members=2000)


def _megabytes(size: int) -> str:
    return f"{size / MB:,.0f} MB" if size >= MB else f"{size / 1024:,.0f} KB"


def check_zip(source: bytes | Path | BinaryIO, name: str, budget: ZipBudget) -> None:
    """Refuse a package whose directory declares more than `budget`; nothing is unpacked.

    A file that is not a ZIP at all is left to the parser, whose own message says so.
    """
    if isinstance(source, bytes):
        source = io.BytesIO(source)
    position = source.tell() if hasattr(source, "tell") else None
    try:
        with zipfile.ZipFile(source) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        return
    finally:
        if position is not None:
            source.seek(position)
    if len(members) > budget.members:
        raise FileRefused(
            f"ไฟล์ '{name}' มี {len(members):,} ส่วนย่อย เกินขีดจำกัด {budget.members:,} ส่วน",
            f"'{name}' has {len(members):,} parts, over the limit of {budget.members:,}",
        )
    total = sum(m.file_size for m in members)
    if total > budget.total:
        raise FileRefused(
            f"ไฟล์ '{name}' เมื่อคลายการบีบอัดมีขนาด {_megabytes(total)} "
            f"เกินขีดจำกัด {_megabytes(budget.total)}",
            f"'{name}' unpacks to {_megabytes(total)}, over the limit of "
            f"{_megabytes(budget.total)}",
        )
    for member in members:
        if member.filename.lower().endswith((".xml", ".rels")) and member.file_size > budget.part:
            raise FileRefused(
                f"ไฟล์ '{name}' มีส่วน {member.filename} ขนาด {_megabytes(member.file_size)} "
                f"เมื่อคลายการบีบอัด เกินขีดจำกัด {_megabytes(budget.part)}",
                f"part {member.filename} of '{name}' unpacks to "
                f"{_megabytes(member.file_size)}, over the limit of {_megabytes(budget.part)}",
            )


# ---------------------------------------------------------------- text files (.csv, .txt, .yaml)

# UTF-8 first: Thai text in Windows-874 is (practically) never valid UTF-8, so the order decides.
TEXT_ENCODINGS = ("utf-8-sig", "cp874")
# Bytes below 0x80 are ASCII in both encodings: a control byte other than tab, line feed,
# form feed and carriage return means the file is not text.
CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]")
CHUNK = 1 * MB


def _not_text(name: str) -> FileRefused:
    return FileRefused(
        f"ไฟล์ '{name}' ไม่ใช่ไฟล์ข้อความ (อาจเป็นไฟล์ไบนารีหรือไฟล์เสียหาย) "
        "บันทึกจาก Excel เป็น CSV UTF-8 หรือ CSV (Comma delimited) แล้วลองใหม่",
        f"'{name}' is not a text file; save it from Excel as CSV UTF-8 or CSV (Comma delimited)",
    )


def _undecodable(name: str) -> FileRefused:
    return FileRefused(
        f"ไฟล์ '{name}' อ่านไม่ได้ทั้งแบบ UTF-8 และแบบภาษาไทย Windows-874 (TIS-620) "
        "บันทึกจาก Excel เป็น CSV UTF-8 แล้วลองใหม่",
        f"'{name}' is neither UTF-8 nor Thai Windows-874 (TIS-620); save it as CSV UTF-8",
    )


def text_encoding(stream: BinaryIO, name: str) -> str:
    """The encoding `stream` is read with ("utf-8-sig" or "cp874"); FileRefused otherwise.

    Reads the stream in chunks (memory stays bounded on a large file) and rewinds it.
    """
    start = stream.tell()
    head = stream.read(4)
    stream.seek(start)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise FileRefused(
            f"ไฟล์ '{name}' บันทึกเป็น Unicode (UTF-16) ซึ่งใช้ไม่ได้ "
            "บันทึกจาก Excel เป็น CSV UTF-8 หรือ CSV (Comma delimited) แล้วลองใหม่",
            f"'{name}' is UTF-16 text; save it as CSV UTF-8 or CSV (Comma delimited)",
        )
    try:
        for encoding in TEXT_ENCODINGS:
            decoder = codecs.getincrementaldecoder(encoding)()
            try:
                while chunk := stream.read(CHUNK):
                    if CONTROL_BYTES.search(chunk):
                        raise _not_text(name)
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                stream.seek(start)
                continue
            return encoding
    finally:
        stream.seek(start)
    raise _undecodable(name)


def decode_text(data: bytes, name: str) -> str:
    """Text of an uploaded text file held in memory; FileRefused if it is not text."""
    encoding = text_encoding(io.BytesIO(data), name)
    return data.decode(encoding)


@contextmanager
def open_text(path: Path, name: str | None = None) -> Iterator[TextIO]:
    """A text handle on `path` in the encoding it was saved in (newline="" for the csv module)."""
    with path.open("rb") as raw:
        encoding = text_encoding(raw, name or path.name)
    with path.open(encoding=encoding, newline="") as handle:
        yield handle


def read_text(path: Path, name: str | None = None) -> str:
    """The whole text of a file; universal newlines, like Path.read_text."""
    with open_text(path, name) as handle:
        return handle.read().replace("\r\n", "\n").replace("\r", "\n")


# ---------------------------------------------------------------- YAML


class _NoAliasLoader(yaml.SafeLoader):
    """SafeLoader that refuses `*alias` references (each may stand for a whole subtree) and
    NUL characters (a "\\0" escape), which no PostgreSQL text or JSON column can hold."""

    def construct_scalar(self, node):
        value = super().construct_scalar(node)
        if isinstance(value, str) and "\x00" in value:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                "ไม่รับอักขระ NUL (\\0) ในไฟล์ (NUL characters are not accepted)",
                node.start_mark,
            )
        return value

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None,
                None,
                "ไม่รับ alias (*ชื่อ) ในไฟล์เกณฑ์: เขียนค่าเต็มแทน (aliases are not accepted)",
                event.start_mark,
            )
        return super().compose_node(parent, index)


def compose_yaml(text: str) -> yaml.Node | None:
    """The node tree of a YAML document (for line numbers); aliases refused."""
    try:
        return yaml.compose(text, Loader=_NoAliasLoader)
    except RecursionError as exc:
        raise yaml.YAMLError("ซ้อนกันลึกเกินไป (nested too deeply)") from exc


def load_yaml(text: str):
    """yaml.safe_load without aliases: raises yaml.YAMLError for one, with its line."""
    try:
        return yaml.load(text, Loader=_NoAliasLoader)  # a SafeLoader subclass: no objects
    except RecursionError as exc:
        raise yaml.YAMLError("ซ้อนกันลึกเกินไป (nested too deeply)") from exc
