"""Summaries of the results an instance held before summaries existed (0002 made the tables
empty): without them an upgraded instance's province and national pages would show nobody.
A result already summarised (saved since 0002) is left as it is; one its criteria cannot score
is left out, as `prongsai ita summarise` would fail on it. Reversed, nothing is undone: 0002's
reversal drops the tables."""

from django.db import migrations

from prongsai.frameworks.library import criteria_of
from prongsai.ita.results import UNSCORABLE, assessment_of
from prongsai.ita.summary import store_summary


def summarise_existing(apps, schema_editor) -> None:
    ItaResult = apps.get_model("ita", "ItaResult")
    OrgYearSummary = apps.get_model("ita", "OrgYearSummary")
    WeakPoint = apps.get_model("ita", "WeakPoint")
    alias = schema_editor.connection.alias if schema_editor is not None else "default"
    results = (
        ItaResult.objects.using(alias)
        .filter(summary__isnull=True)
        .select_related("org", "framework")
        .prefetch_related("scores")
        .order_by("pk")
    )
    for result in results.iterator(chunk_size=500):
        try:
            assessment = assessment_of(result, criteria_of(result.framework.document))
        except UNSCORABLE:
            continue
        store_summary(result, assessment, OrgYearSummary, WeakPoint)


class Migration(migrations.Migration):
    dependencies = [
        ("ita", "0002_org_year_summaries"),
        ("frameworks", "0003_province_criteria"),
    ]

    operations = [migrations.RunPython(summarise_existing, migrations.RunPython.noop)]
