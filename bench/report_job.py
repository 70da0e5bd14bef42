"""The full national report as a background job: how long the country's rows take, in PDF parts
and as Word, in a fresh SQLite database.

    .venv/bin/python bench/report_job.py [--orgs 8000] [--rows-per-part 1000] [--formats pdf docx]
                                         [--keep DIR]

The organisations and their summaries are written as bench/province.py writes them (one year);
then the job `ita/full_report.py` is started as the national page's button starts it and run in
this process (the worker's body, `.apply()`). Prints, per format, the job's time, the rows, the
PDF's pages and parts and the file's size; and, for comparison, how long LibreOffice takes for
the same Word file in one piece (it gives up at PRONGSAI_LIBREOFFICE_TIMEOUT, 180 s by default)
with --whole.
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import province  # noqa: E402  (sets up Django in a fresh data directory)
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from prongsai.documents import layout, libreoffice, parts  # noqa: E402
from prongsai.ita import full_report  # noqa: E402
from prongsai.ita.models import OrgYearSummary  # noqa: E402
from prongsai.jobs.models import Job  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, default=8000)
    parser.add_argument("--rows-per-part", type=int, default=parts.ROWS_PER_PART)
    parser.add_argument("--formats", nargs="+", default=["pdf", "docx"])
    parser.add_argument("--whole", action="store_true", help="also convert in one piece")
    parser.add_argument("--keep", type=Path, help="write each result file into this folder")
    args = parser.parse_args()
    parts.ROWS_PER_PART = args.rows_per_part
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    province.populate(args.orgs, 1)
    print(f"{args.orgs:,} organisations written in {time.perf_counter() - started:.1f} s")
    year = max(OrgYearSummary.objects.values_list("year", flat=True))
    user = get_user_model().objects.create_superuser("bench", password="a-long-bench-password")
    try:
        for fmt in args.formats:
            job = full_report.start(province=None, year=year, fmt=fmt, query={}, user=user)
            started = time.perf_counter()
            full_report.full_report.apply(args=[job.pk]).get()
            seconds = time.perf_counter() - started
            job = Job.objects.get(pk=job.pk)
            data = job.result.read() if job.result else b""
            if args.keep and data:
                args.keep.mkdir(parents=True, exist_ok=True)
                (args.keep / full_report.file_name(job)).write_bytes(data)
            line = f"full national report ({fmt}): {job.state}, {job.done:,}/{job.total:,} rows"
            if fmt == "pdf" and data:
                pages = len(PdfReader(io.BytesIO(data)).pages)
                count = -(-job.total // parts.ROWS_PER_PART)
                line += f", {pages} pages in about {count} parts of {parts.ROWS_PER_PART} rows"
            print(f"{line}, {len(data) / 1024:.0f} KB in {seconds:.1f} s ({job.message})")
        if args.whole:
            request = full_report.request_of(job)
            docx = layout.render_docx(request)
            started = time.perf_counter()
            try:
                libreoffice.docx_to_pdf(docx)
                print(f"one piece: laid out in {time.perf_counter() - started:.1f} s")
            except libreoffice.ConversionError as exc:
                print(f"one piece: failed after {time.perf_counter() - started:.1f} s ({exc})")
    finally:
        libreoffice.server().stop()


if __name__ == "__main__":
    main()
