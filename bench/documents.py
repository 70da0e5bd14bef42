"""Document benchmark: the plan book and the ITA analysis from the demo, as Word (docxtpl) and as
PDF (LibreOffice converting that same Word file), with LibreOffice's cold and warm conversion.

    .venv/bin/python bench/documents.py [--projects 7] [--repeat 3]

A throwaway SQLite database gets the demo (relative to today); the demo's plan gets --projects
more projects (one page each) so the book reaches the 52 pages of seed 003. Prints the best of
--repeat after a warm-up for each kind and format, the PDF's page count, and ratios against the
baseline measured in the same run: LibreOffice converting a one-paragraph Word file, warm.
Goals: plan book DOCX < 0.5 s, PDF < 2 s warm.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DATA = Path(tempfile.mkdtemp(prefix="prongsai-bench-documents-"))
os.environ["DJANGO_SETTINGS_MODULE"] = "prongsai.settings"
os.environ["PRONGSAI_DATA_DIR"] = str(DATA)
os.environ.setdefault("PRONGSAI_DEBUG", "1")
os.environ.pop("DATABASE_URL", None)
# A LibreOffice of its own on a free port, so that "cold" is a real start, not a server left
# running by `make run` or a command.
with socket.socket() as _probe:
    _probe.bind(("127.0.0.1", 0))
    os.environ["PRONGSAI_LIBREOFFICE_PORT"] = str(_probe.getsockname()[1])

import django  # noqa: E402

django.setup()

import docx  # noqa: E402
from django.core.management import call_command  # noqa: E402

from prongsai.demo.site import load_demo  # noqa: E402
from prongsai.documents import layout, libreoffice, registry  # noqa: E402
from prongsai.documents.registry import DocumentRequest  # noqa: E402
from prongsai.plans.models import ActionPlan, Project  # noqa: E402

DOCX_GOAL = 0.5
PDF_GOAL = 2.0


def best_of(repeat: int, work) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    return min(times), result


def pages(pdf: bytes) -> int:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        info = subprocess.run(["pdfinfo", f.name], capture_output=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def grow_plan(plan: ActionPlan, extra: int) -> None:
    """More projects in the plan, spread over its parts and years, as a real book has."""
    subsections = [s for d in plan.dimensions.all() for s in d.subsections.all()]
    for n in range(extra):
        Project.objects.create(
            plan=plan, subsection=subsections[n % len(subsections)],
            name=f"โครงการเสริมสร้างธรรมาภิบาลในการปฏิบัติงาน ลำดับที่ {n + 1}",
            start_year=plan.first_year + n % 3, end_year=plan.last_year,
        )  # fmt: skip


def one_paragraph() -> bytes:
    document = docx.Document()
    document.add_paragraph("ทดสอบ")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    demo, _password = load_demo("bench-password-long-enough")
    org, year = demo.main, demo.last_year
    plan = ActionPlan.objects.filter(org=org).first()
    grow_plan(plan, args.projects)

    started = time.perf_counter()
    libreoffice.docx_to_pdf(one_paragraph())
    cold = time.perf_counter() - started
    baseline, _ = best_of(args.repeat, lambda: libreoffice.docx_to_pdf(one_paragraph()))
    print(f"LibreOffice, one paragraph: cold {cold:.2f} s (server start), warm {baseline:.3f} s")

    requests = {
        "action_plan": DocumentRequest(registry.get("action_plan"), org, {"plan": plan.pk}),
        "ita_analysis": DocumentRequest(registry.get("ita_analysis"), org, {"year": year}),
    }
    failed = False
    for key, request in requests.items():
        layout.make(request, "docx")  # warm-up: template parsing, fonts
        docx_time, word = best_of(args.repeat, lambda r=request: layout.make(r, "docx"))
        pdf_time, pdf = best_of(args.repeat, lambda r=request: layout.make(r, "pdf"))
        print(
            f"{key}: DOCX {docx_time:.3f} s ({len(word) // 1024} KB), "
            f"PDF {pdf_time:.2f} s ({pages(pdf)} pages, {len(pdf) // 1024} KB); "
            f"PDF / baseline {pdf_time / baseline:.1f}×, PDF / DOCX {pdf_time / docx_time:.1f}×"
        )
        if key == "action_plan":
            ok = docx_time < DOCX_GOAL and pdf_time < PDF_GOAL
            print(
                f"  goal DOCX < {DOCX_GOAL} s, PDF < {PDF_GOAL} s warm: {'met' if ok else 'MISSED'}"
            )
            failed |= not ok
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
