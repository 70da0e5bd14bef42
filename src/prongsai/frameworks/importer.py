"""Reading an organisation's own criteria from a YAML file or an Excel workbook.

The workbook template (see README, and `prongsai ita framework-template`) has a sheet
`framework` of key/value rows (urn, version, year, name_th, name_en, base, source, confidence)
and, optionally, sheets that replace a whole section of the base year: `oit_items`, `questions`,
`option_sets`, `coverage`. Every problem names the sheet, row and column.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from openpyxl import Workbook

from prongsai.frameworks.library import FrameworkError, parse_yaml
from prongsai.incoming import FileRefused, load_yaml, read_text
from prongsai.spreadsheets import append_row, open_workbook, sheet_rows

FRAMEWORK_KEYS = ("urn", "version", "year", "name_th", "name_en", "base", "source", "confidence")
SHEETS = {
    "oit_items": (
        "code",
        "indicator",
        "sub_indicator",
        "name_th",
        "name_en",
        "components",
        "keywords",
        "source",
        "confidence",
        "field_confidence",
        "note",
        "year_offset",
        "components_status",
        "components_source",
        "year_rule",  # current, previous or current_or_covering (schema.py YEAR_RULES)
    ),
    "questions": (
        "code",
        "indicator",
        "text_th",
        "option_set",
        "reverse",
        "source",
        "confidence",
        "note",
    ),
    "option_sets": ("set_code", "set_name_th", "key", "label_th", "score", "source", "confidence"),
    "coverage": ("part", "status", "source", "confidence", "note"),
}
REQUIRED = {
    "oit_items": ("code", "indicator", "name_th", "source", "confidence"),  # name_th may be empty
    "questions": ("code", "indicator", "text_th", "option_set", "source", "confidence"),
    "option_sets": ("set_code", "set_name_th", "key", "label_th", "score", "source", "confidence"),
    "coverage": ("part", "status", "source", "confidence"),
}


# An OIT item whose official name is not known has an empty name cell: it is shown by its code.
MAY_BE_EMPTY = {"oit_items": ("name_th",)}


def read_framework_file(path: Path) -> dict:
    """A criteria document from .yaml/.yml or .xlsx; FrameworkError on any problem."""
    origin = path.name
    if not path.exists():
        raise FrameworkError(origin, ["ไม่พบไฟล์ (file not found)"])
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        try:
            text = read_text(path)
        except FileRefused as exc:
            raise FrameworkError(origin, [str(exc)]) from exc
        try:
            raw = load_yaml(text)
        except yaml.YAMLError:
            raw = None  # parse_yaml below reports it with the line
        if isinstance(raw, dict) and "base" in raw:
            return raw  # validated after the base is merged in (store.import_custom)
        return parse_yaml(text, origin)
    if suffix == ".xlsx":
        return read_workbook(path)
    raise FrameworkError(origin, ["ใช้ได้เฉพาะไฟล์ .yaml หรือ .xlsx (use a .yaml or .xlsx file)"])


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    # Spaces only: a keywords cell may start with an empty line that keeps it aligned.
    return str(value).strip(" \t")


def _number(text: str, problems: list[str], where: str):
    try:
        value = float(text)
    except ValueError:
        problems.append(f"{where}: '{text}' ไม่ใช่ตัวเลข (not a number)")
        return None
    return int(value) if value.is_integer() else value


def read_workbook(path: Path) -> dict:
    origin = path.name
    try:
        book = open_workbook(path, origin)
    except FileRefused as exc:
        raise FrameworkError(origin, [str(exc)]) from exc
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise FrameworkError(origin, [f"เปิดไฟล์ Excel ไม่ได้ (cannot open workbook): {exc}"]) from exc
    try:
        return _read_book(book, origin)
    except FileRefused as exc:
        raise FrameworkError(origin, [str(exc)]) from exc
    except FrameworkError:
        raise
    except Exception as exc:  # a sheet whose XML breaks while it streams
        raise FrameworkError(origin, [f"อ่านไฟล์ Excel ไม่ได้ (cannot read workbook): {exc}"]) from exc
    finally:
        book.close()


def _read_book(book, origin: str) -> dict:
    problems: list[str] = []
    if "framework" not in book.sheetnames:
        raise FrameworkError(origin, ["ไม่มีชีต 'framework' (sheet 'framework' is missing)"])
    doc: dict = {}
    header_info: dict[str, str] = {}
    for row_no, row in enumerate(sheet_rows(book["framework"], origin), start=1):
        key, value = (_cell(row[0]) if row else ""), (_cell(row[1]) if row and len(row) > 1 else "")
        if not key or row_no == 1 and key == "key":
            continue
        if key not in FRAMEWORK_KEYS:
            problems.append(f"ชีต framework แถว {row_no} คอลัมน์ A: ไม่รู้จัก '{key}' (unknown key)")
            continue
        header_info[key] = value
    for key in ("urn", "version", "year", "name_th"):
        if not header_info.get(key):
            problems.append(f"ชีต framework: ต้องมี '{key}' (required key)")
    if problems:
        raise FrameworkError(origin, problems)
    doc["urn"] = header_info["urn"]
    for key in ("version", "year"):
        doc[key] = _number(header_info[key], problems, f"ชีต framework '{key}'")
    doc["name"] = {"th": header_info["name_th"]}
    if header_info.get("name_en"):
        doc["name"]["en"] = header_info["name_en"]
    for key in ("base", "source", "confidence"):
        if header_info.get(key):
            doc[key] = header_info[key]
    for sheet, columns in SHEETS.items():
        if sheet in book.sheetnames:
            rows = _sheet_rows(book[sheet], sheet, columns, problems, origin)
            _SECTION_BUILDERS[sheet](doc, rows, problems)
    if problems:
        raise FrameworkError(origin, problems)
    return doc


def _sheet_rows(
    ws, sheet: str, columns: tuple, problems: list[str], origin: str
) -> list[tuple[int, dict]]:
    rows = sheet_rows(ws, origin)
    header = [_cell(c) for c in next(rows, ())]
    missing = [c for c in REQUIRED[sheet] if c not in header]
    if missing:
        problems.append(f"ชีต {sheet} แถว 1: ไม่มีคอลัมน์ {', '.join(missing)} (missing columns)")
        return []
    out = []
    for row_no, row in enumerate(rows, start=2):
        record = {h: _cell(v) for h, v in zip(header, row, strict=False) if h in columns}
        if not any(record.values()):
            continue
        for column in REQUIRED[sheet]:
            if not record.get(column) and column not in MAY_BE_EMPTY.get(sheet, ()):
                problems.append(f"ชีต {sheet} แถว {row_no} คอลัมน์ {column}: ว่าง (empty)")
        out.append((row_no, record))
    return out


def _provenance(record: dict, problems: list[str] | None = None, where: str = "") -> dict:
    out = {"source": record["source"], "confidence": record["confidence"]}
    if record.get("field_confidence"):
        out["field_confidence"] = _field_confidence(record["field_confidence"], problems, where)
    if record.get("note"):
        out["note"] = record["note"]
    return out


def _field_confidence(text: str, problems: list[str] | None, where: str) -> dict:
    """ "indicator: inferred; name: secondary" → {"indicator": "inferred", "name": "secondary"}.

    The schema checks the field names and levels; here only the shape of each pair.
    """
    out = {}
    for pair in text.replace("\n", ";").split(";"):
        if not pair.strip():
            continue
        field, sep, level = pair.partition(":")
        if not sep or not field.strip() or not level.strip():
            if problems is not None:
                problems.append(
                    f"{where} คอลัมน์ field_confidence: '{pair.strip()}' ต้องเป็น ช่อง: ระดับ "
                    "(use field: level, e.g. indicator: inferred)"
                )
            continue
        out[field.strip()] = level.strip()
    return out


def _oit_items(doc: dict, rows, problems: list[str]) -> None:
    items = []
    for row_no, r in rows:
        item = {
            "code": r["code"],
            "indicator": _number(
                r["indicator"], problems, f"ชีต oit_items แถว {row_no} คอลัมน์ indicator"
            ),
        }
        if r.get("name_th"):  # empty: the official name is not known
            item["name"] = {
                "th": r["name_th"],
                **({"en": r["name_en"]} if r.get("name_en") else {}),
            }
        if r.get("sub_indicator"):
            item["sub_indicator"] = r["sub_indicator"]
        if r.get("year_offset"):  # -1: the evidence is the previous year's report
            item["year_offset"] = _number(
                r["year_offset"], problems, f"ชีต oit_items แถว {row_no} คอลัมน์ year_offset"
            )
        for column in ("components_status", "components_source"):  # how much is known, whence
            if r.get(column):
                item[column] = r[column]
        if r.get("year_rule"):  # checked with a clear message by library.validate
            item["year_rule"] = r["year_rule"]
        # One component per line; the keywords cell has the matching line of comma-separated words.
        components = [line.strip() for line in r.get("components", "").splitlines() if line.strip()]
        keyword_lines = r.get("keywords", "").splitlines()
        if len(keyword_lines) > len(components):
            problems.append(
                f"ชีต oit_items แถว {row_no} คอลัมน์ keywords: มีบรรทัดมากกว่าองค์ประกอบ "
                "(more keyword lines than components)"
            )
        if components:
            item["components"] = []
            for i, text in enumerate(components, start=1):
                component = {"code": f"{r['code']}.{i}", "text": {"th": text}}
                line = keyword_lines[i - 1] if i <= len(keyword_lines) else ""
                words = [k.strip() for k in line.split(",") if k.strip()]
                if words:
                    component["keywords"] = words
                item["components"].append(component)
        items.append({**item, **_provenance(r, problems, f"ชีต oit_items แถว {row_no}")})
    doc["oit_items"] = items


def _questions(doc: dict, rows, problems: list[str]) -> None:
    questions = []
    for row_no, r in rows:
        reverse = r.get("reverse", "").lower()
        if reverse not in ("", "0", "1", "true", "false", "yes", "no"):
            problems.append(f"ชีต questions แถว {row_no} คอลัมน์ reverse: ใช้ yes/no (use yes or no)")
        questions.append(
            {
                "code": r["code"],
                "indicator": _number(
                    r["indicator"], problems, f"ชีต questions แถว {row_no} คอลัมน์ indicator"
                ),
                "text": {"th": r["text_th"]},
                "option_set": r["option_set"],
                "reverse": reverse in ("1", "true", "yes"),
                **_provenance(r),
            }
        )
    doc["questions"] = questions


def _option_sets(doc: dict, rows, problems: list[str]) -> None:
    sets: dict[str, dict] = {}
    for row_no, r in rows:
        option_set = sets.setdefault(
            r["set_code"],
            {
                "code": r["set_code"],
                "name": {"th": r["set_name_th"]},
                "options": [],
                **_provenance(r),
            },
        )
        score = _number(r["score"], problems, f"ชีต option_sets แถว {row_no} คอลัมน์ score")
        option_set["options"].append(
            {"key": r["key"], "label": {"th": r["label_th"]}, "score": score}
        )
    doc["option_sets"] = list(sets.values())


def _coverage(doc: dict, rows, problems: list[str]) -> None:
    coverage = {}
    for row_no, r in rows:
        if r["part"] not in ("questionnaire", "oit_items"):
            problems.append(f"ชีต coverage แถว {row_no} คอลัมน์ part: ใช้ questionnaire หรือ oit_items")
            continue
        coverage[r["part"]] = {"status": r["status"], **_provenance(r)}
    doc["coverage"] = coverage


_SECTION_BUILDERS = {
    "oit_items": _oit_items,
    "questions": _questions,
    "option_sets": _option_sets,
    "coverage": _coverage,
}


def write_template(path: Path, doc: dict) -> None:
    """An Excel template pre-filled from a document (its OIT items), ready to correct and import."""
    header = {
        "urn": f"urn:prongsai:custom:my-org:{doc['year']}",
        "version": 1,
        "year": doc["year"],
        "name_th": f"{doc['name']['th']} (ฉบับแก้ไขของหน่วยงาน)",
        "base": doc["year"],
        "source": "คู่มือการประเมิน ITA (ระบุเลขหน้า)",
        "confidence": "confirmed",
    }
    write_workbook(path, doc, header)


def write_workbook(target, doc: dict, header: dict) -> None:
    """The `framework` sheet from `header`, and the document's OIT items one row each.

    `target` is a path or a binary stream. Reading the file back (read_workbook) with `base`
    set to the document gives the same items: the round trip an organisation edits through.
    """
    book = Workbook()
    sheet = book.active
    sheet.title = "framework"
    append_row(sheet, ["key", "value"])
    for key in FRAMEWORK_KEYS:
        if header.get(key) not in (None, ""):
            append_row(sheet, [key, header[key]])
    items = book.create_sheet("oit_items")
    append_row(items, list(SHEETS["oit_items"]))
    for item in doc.get("oit_items", []):
        components = item.get("components", [])
        name = item.get("name", {})
        append_row(
            items,
            [
                item["code"],
                item["indicator"],
                item.get("sub_indicator") or "",
                name.get("th", ""),
                name.get("en", ""),
                "\n".join(c["text"]["th"] for c in components),
                "\n".join(", ".join(c.get("keywords", [])) for c in components),
                item["source"],
                item["confidence"],
                "; ".join(f"{k}: {v}" for k, v in item.get("field_confidence", {}).items()),
                item.get("note", ""),
                item.get("year_offset", ""),
                item.get("components_status", ""),
                item.get("components_source", ""),
                item.get("year_rule", ""),
            ],
        )
    book.save(target)


def data_rows(path: Path, sheet: str) -> list[int]:
    """The row numbers of a sheet's non-blank data rows, in the order read_workbook reads them:
    the i-th item of the section came from the i-th of these (for messages by row)."""
    book = open_workbook(path, path.name)
    try:
        if sheet not in book.sheetnames:
            return []
        rows = sheet_rows(book[sheet], path.name)
        next(rows, None)
        return [n for n, row in enumerate(rows, start=2) if any(_cell(v) for v in row)]
    finally:
        book.close()
