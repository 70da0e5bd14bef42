"""The one registry of documents: each kind is declared once, in the app that owns it.

A kind says what it is (key, Thai and English title), where its Word layout is (one .docx from
which both Word and PDF come), how its context is built from an organisation and the
parameters it needs (a fiscal year, a plan, a reporting round…), which keys that context has
(its declared shape, which a contract test holds the layout and the builder to), and which
variants an organisation has for a year (the plan's 6-month and annual reports, each survey's
slips…). One view and one command serve every kind.

An app declares its kinds in its `documents.py` and registers them in its AppConfig.ready().
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from prongsai.params import BadParameter, parse_year
from prongsai.thai import Formatter

FORMATS = ("docx", "pdf")
# The parameters a kind may need, and how they are written on the command line and in URLs.
PARAMS = {
    "year": "fiscal year (B.E.)",
    "plan": "the action plan's id",
    "round": "reporting round: 6m or annual",
    "campaign": "the survey's id",
    "period": "reporting period: h1, h2 or year",
}
ROUNDS = ("6m", "annual")
PERIODS = ("h1", "h2", "year")


class NothingToReport(Exception):
    """The document has nothing to say for these parameters: it is not offered, and the reason
    (Thai, for the page and the command) says why."""


@dataclass(frozen=True)
class Variant:
    """One document an organisation can make for a year: its parameters and how to name it."""

    label: str
    params: dict[str, Any]


@dataclass(frozen=True)
class Kind:
    key: str
    title_th: str
    title_en: str
    layout: Path
    build: Callable[[DocumentRequest], dict[str, Any]]
    # The keys build() returns: the context's declared shape (checked against the layout).
    fields: frozenset[str]
    params: tuple[str, ...] = ("year",)
    # The documents of this kind for an organisation and year (default: one, for the year).
    variants: Callable[[Any, int], list[Variant]] | None = None
    # Why this document has nothing to say for a request (None: it has), cheap to ask: the page
    # lists documents with it, and context() raises NothingToReport with the same reason before
    # build() is called.
    check: Callable[[DocumentRequest], str | None] | None = None
    formats: tuple[str, ...] = FORMATS
    # Anyone may download it (complaint statistics, posters), without an account.
    public: bool = False
    # It has parts and a table of contents (Word brings the page numbers up to date on opening).
    toc: bool = False
    # It ends with a signature that the organisation names per document.
    signed: bool = True
    # How the file is named: from the key and the parameters.
    filename: str = ""
    # Listed on the documents page and served by its download view. False: made only by its
    # app's own view, which passes what cannot be made again in `DocumentRequest.extra`
    # (one-time survey codes are made at the moment they are printed, and never stored).
    offered: bool = True

    def variants_for(self, org, year: int) -> list[Variant]:
        if self.variants is not None:
            return self.variants(org, year)
        return [Variant(self.title_th, {"year": year})]

    def reason_unavailable(self, request: DocumentRequest) -> str | None:
        return self.check(request) if self.check else None

    def context(self, request: DocumentRequest) -> dict[str, Any]:
        """The builder's context, or NothingToReport with the check's reason: builders need not
        ask again."""
        reason = self.reason_unavailable(request)
        if reason:
            raise NothingToReport(reason)
        return self.build(request)

    def file_name(self, request: DocumentRequest, fmt: str) -> str:
        parts = [self.key.replace("_", "-"), request.org.slug]
        parts += [str(request.params[p]) for p in self.params if request.params.get(p)]
        return "-".join(parts) + f".{fmt}"


@dataclass
class DocumentRequest:
    """What a builder gets: the kind, the organisation and the parameters (already checked)."""

    kind: Kind
    org: Any
    params: dict[str, Any] = field(default_factory=dict)
    # What the owning view hands over that the builder cannot look up (the codes of a print run).
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def year(self) -> int | None:
        return self.params.get("year")

    @property
    def fmt(self) -> Formatter:
        return Formatter(self.org.thai_digits)


_kinds: dict[str, Kind] = {}


def register(*kinds: Kind) -> None:
    for kind in kinds:
        known = _kinds.get(kind.key)
        if known is not None and known is not kind:
            raise ValueError(f"document kind {kind.key!r} is declared twice")
        unknown = set(kind.params) - set(PARAMS)
        if unknown:
            raise ValueError(f"{kind.key}: unknown parameters {sorted(unknown)}")
        _kinds[kind.key] = kind


def get(key: str) -> Kind:
    """A kind by its key; dashes are read as underscores (`ita-analysis`)."""
    try:
        return _kinds[key.replace("-", "_")]
    except KeyError:
        known = ", ".join(sorted(_kinds))
        raise LookupError(
            f"ไม่มีเอกสารชนิด {key} (no document kind {key!r}; known: {known})"
        ) from None


def kinds() -> list[Kind]:
    return sorted(_kinds.values(), key=lambda k: k.key)


def parse_params(kind: Kind, raw: dict[str, Any]) -> dict[str, Any]:
    """The kind's parameters from text (a query string, the command line), checked.

    Raises ValueError with a Thai message naming the parameter.
    """
    params: dict[str, Any] = {}
    for name in kind.params:
        value = raw.get(name)
        if value in (None, ""):
            raise ValueError(f"ต้องระบุ {name} ({PARAMS[name]}) (missing {name})")
        if name == "year":
            try:
                params[name] = parse_year(str(value))
            except BadParameter as exc:
                raise ValueError(exc.message) from None
        elif name in ("plan", "campaign"):
            text = str(value).strip()
            if not text.isdecimal() or len(text) > 18:
                raise ValueError(f"{name} ต้องเป็นตัวเลข ({name} must be a number)")
            number = int(text)
            if number < 1:
                raise ValueError(f"{name} ต้องเป็นจำนวนบวก ({name} must be positive)")
            params[name] = number
        elif name == "round":
            if value not in ROUNDS:
                raise ValueError(f"round ต้องเป็น {' หรือ '.join(ROUNDS)} (round: 6m or annual)")
            params[name] = value
        elif name == "period":
            if value not in PERIODS:
                raise ValueError(f"period ต้องเป็น {', '.join(PERIODS)} (period: h1, h2 or year)")
            params[name] = value
    return params
