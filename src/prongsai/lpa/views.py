"""A province administrator uploads the province's LPA table: checked → a preview (rank, per
cents, which organisations are new) → confirm (written, unknown organisations created from the
table's names, as `prongsai lpa import` does) or cancel (nothing written)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from prongsai import pending
from prongsai.lpa.calc import AREAS, percent
from prongsai.lpa.forms import LpaImportForm
from prongsai.lpa.importer import (
    ordered,
    read_lpa_table,
    save_lpa_table,
    table_data,
    table_from_data,
)
from prongsai.lpa.models import LpaResult
from prongsai.orgs.access import province_admins_only


@login_required
@province_admins_only
@require_http_methods(["GET", "POST"])
def province_import(request, name: str):
    key = f"lpa-import:{name}"
    if pending.answers(request):
        taken = pending.take(request, key)
        if taken is None:
            problems = [_("Nothing was imported: this preview is no longer open. Upload again.")]
            return _page(request, name, LpaImportForm(), problems, status=400)
        answer, data = taken
        if answer == pending.CANCEL:
            messages.info(request, _("Nothing was imported."))
            return redirect("lpa:province-import", name)
        table = table_from_data(data)
        written, created = save_lpa_table(table, create=True)
        messages.success(
            request,
            _("LPA %(year)s imported for %(written)s organisations (%(created)s new).")
            % {"year": table.year, "written": written, "created": created},
        )
        return redirect(reverse("ita:province", args=[name]))
    form = LpaImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload, year = form.cleaned_data["file"], form.cleaned_data["year"]
        table, problems = pending.read_upload(upload, read_lpa_table, name, year)
        if not problems:
            token = pending.hold(request.session, key, table_data(table))
            stored = LpaResult.objects.filter(org__province=name, year=year).count()
            context = {
                "province": name,
                "year": year,
                "token": token,
                "file_name": upload.name,
                "rows": _preview_rows(table),
                "new": len(table.new_orgs),
                "stored": stored,
                "areas": AREAS,
            }
            return render(request, "lpa/province_import_preview.html", context)
    return _page(request, name, form, problems, status=400 if form.is_bound else 200)


def _preview_rows(table) -> list[dict]:
    rows = []
    for position, row in enumerate(ordered(table.rows), start=1):
        rows.append(
            {
                "rank": row.seq if row.seq is not None else position,
                "name": row.name,
                "district": row.district,
                "new": row.org is None,
                "areas": [percent(g, f) for f, g in zip(row.fulls, row.gots, strict=True)],
                "total": row.total,
            }
        )
    return rows


def _page(request, name, form, problems, status):
    context = {"province": name, "form": form, "problems": problems}
    return render(request, "lpa/province_import.html", context, status=status)
