"""Document rendering benchmark: a ~50-page anti-corruption plan book as Word (docxtpl) and PDF
(WeasyPrint), against LibreOffice converting the same Word file to PDF, all in the same run.

    .venv/bin/python bench/documents.py [--projects 40] [--repeat 3] [--no-libreoffice]

Prints times (best of --repeat after a warm-up), page counts and ratios. Goals: DOCX < 1 s,
PDF < 5 s. LibreOffice is installed from Debian only when missing (apt-get, as root); when it
cannot be, its line says so and the rest still runs.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prongsai.settings_test")

import django  # noqa: E402

django.setup()

from prongsai.documents.rendering import render_document  # noqa: E402
from prongsai.documents.samples import action_plan_context  # noqa: E402

LIBREOFFICE_PACKAGES = ("libreoffice-writer-nogui", "libreoffice-writer")
DOCX_GOAL = 1.0
PDF_GOAL = 5.0


def best_of(repeat: int, work) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    return min(times), result


def pdf_pages(path: Path) -> int:
    if shutil.which("pdfinfo"):
        info = subprocess.run(
            ["pdfinfo", str(path)], capture_output=True, text=True, check=True
        ).stdout
        return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    return len(re.findall(rb"/Type\s*/Page[^s]", path.read_bytes()))


def pdf_fonts(path: Path) -> set[str]:
    """The font families a PDF embeds (pdffonts), without subset prefixes."""
    if not shutil.which("pdffonts"):
        return set()
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    names = (line.split()[0] for line in out.splitlines()[2:] if line.strip())
    return {name.split("+", 1)[-1].split("-")[0] for name in names}


def _candidate(package: str) -> str | None:
    """The version apt would install, or None (``apt-cache policy`` says "(none)")."""
    try:
        out = subprocess.run(
            ["apt-cache", "policy", package], capture_output=True, text=True, timeout=60
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r"Candidate:\s*(\S+)", out)
    return match.group(1) if match and match.group(1) != "(none)" else None


def ensure_libreoffice() -> tuple[str | None, str]:
    """The soffice command, installing LibreOffice Writer when missing; or None and why not."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found, "already installed"
    if not shutil.which("apt-get"):
        return None, "no apt-get on this system"
    if os.geteuid() != 0:
        return None, "not root, cannot apt-get install"
    package = next((p for p in LIBREOFFICE_PACKAGES if _candidate(p)), None)
    if package is None:
        subprocess.run(["apt-get", "update"], capture_output=True, timeout=600)
        package = next((p for p in LIBREOFFICE_PACKAGES if _candidate(p)), None)
    if package is None:
        return None, f"apt-cache policy shows no candidate for {' or '.join(LIBREOFFICE_PACKAGES)}"
    print(f"installing {package} {_candidate(package)} (apt-get, once) …", flush=True)
    started = time.perf_counter()
    done = subprocess.run(
        ["apt-get", "install", "-y", "--no-install-recommends", package],
        capture_output=True,
        text=True,
        timeout=1800,
        env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
    )
    if done.returncode != 0:
        return None, f"apt-get install {package} failed: {done.stderr.strip()[-300:]}"
    print(f"installed {package} in {time.perf_counter() - started:.0f} s", flush=True)
    found = shutil.which("soffice") or shutil.which("libreoffice")
    return (found, f"installed {package}") if found else (None, "installed, but no soffice")


def libreoffice_convert(soffice: str, docx: Path, outdir: Path, profile: Path) -> Path:
    """``soffice --headless --convert-to pdf`` in its own process and profile, as a server would."""
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return outdir / f"{docx.stem}.pdf"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=40, help="project sheets in the book")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-libreoffice", action="store_true", help="skip the comparison")
    parser.add_argument("--dir", type=Path, help="where to write the files")
    args = parser.parse_args()

    workdir = args.dir or Path(tempfile.mkdtemp(prefix="prongsai-bench-docs-"))
    workdir.mkdir(parents=True, exist_ok=True)
    context = action_plan_context(args.projects, long_text=True)
    chars = sum(len(str(v)) for p in context["projects"] for v in p.values())

    # Warm-up: imports (WeasyPrint takes about a second), fonts, template compilation.
    render_document("action_plan", context, "docx")
    render_document("action_plan", context, "pdf")

    t_docx, docx_bytes = best_of(
        args.repeat, lambda: render_document("action_plan", context, "docx")
    )
    t_pdf, pdf_bytes = best_of(args.repeat, lambda: render_document("action_plan", context, "pdf"))
    docx_path = workdir / "action_plan.docx"
    pdf_path = workdir / "action_plan.pdf"
    docx_path.write_bytes(docx_bytes)
    pdf_path.write_bytes(pdf_bytes)
    pages = pdf_pages(pdf_path)

    print(
        f"plan book: {args.projects} project sheets ({chars:,} characters of sheet text), "
        f"{pages} PDF pages; files in {workdir}"
    )
    print(
        f"DOCX (docxtpl), best of {args.repeat}:      {t_docx:.3f} s, {len(docx_bytes) / 1e3:.0f} kB"
        f"  (goal < {DOCX_GOAL:.0f} s: {'met' if t_docx < DOCX_GOAL else 'NOT met'})"
    )
    print(
        f"PDF (WeasyPrint), best of {args.repeat}:    {t_pdf:.3f} s, {len(pdf_bytes) / 1e3:.0f} kB, "
        f"{t_pdf / pages * 1000:.0f} ms/page"
        f"  (goal < {PDF_GOAL:.0f} s: {'met' if t_pdf < PDF_GOAL else 'NOT met'})"
    )

    if args.no_libreoffice:
        print("LibreOffice: skipped (--no-libreoffice)")
        return
    soffice, why = ensure_libreoffice()
    if soffice is None:
        print(f"LibreOffice: skipped ({why})")
        return
    version = subprocess.run(
        [soffice, "--version"], capture_output=True, text=True, timeout=120
    ).stdout.strip()
    profile = workdir / "lo-profile"
    outdir = workdir / "libreoffice"
    outdir.mkdir(exist_ok=True)
    started = time.perf_counter()
    lo_pdf = libreoffice_convert(soffice, docx_path, outdir, profile)
    t_cold = time.perf_counter() - started
    t_lo, _ = best_of(args.repeat, lambda: libreoffice_convert(soffice, docx_path, outdir, profile))
    lo_pages = pdf_pages(lo_pdf)
    print(f"LibreOffice: {version} ({why})")
    print(
        f"DOCX → PDF by `soffice --headless --convert-to pdf`: first run {t_cold:.2f} s "
        f"(new profile), best of {args.repeat} {t_lo:.2f} s, {lo_pages} pages"
    )
    fonts = pdf_fonts(lo_pdf)
    if fonts and not any("Sarabun" in name for name in fonts):
        print(
            f"  LibreOffice drew the text in {', '.join(sorted(fonts))}: TH SarabunPSK is not "
            "installed and it takes the substitute at full size, so its pages hold less text"
        )
    print(f"ratio LibreOffice / WeasyPrint (PDF):      {t_lo / t_pdf:.2f}×")
    print(f"ratio LibreOffice / (docxtpl + WeasyPrint): {t_lo / (t_docx + t_pdf):.2f}×")
    print(f"ratio (docxtpl + LibreOffice) / WeasyPrint: {(t_docx + t_lo) / t_pdf:.2f}×")


if __name__ == "__main__":
    sys.exit(main())
