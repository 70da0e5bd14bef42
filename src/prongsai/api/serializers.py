"""What the API reads and writes. Rules of the pages are reused: results go through the
results file's checks (ita/results.py), units and projects are narrowed to the organisation's
own, periods must be in order."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from prongsai.frameworks.models import Framework
from prongsai.ita.models import IndicatorAnalysis, ItaResult, Score
from prongsai.oit.models import ComponentCheck, Evidence, LinkCheck
from prongsai.orgs.models import Organisation, Unit
from prongsai.plans.models import Budget, IntegrityMeasure, Progress, Project

FIRST_YEAR, LAST_YEAR = 2400, 2800  # Buddhist-era years anything may be about
TEXT_MAX = 10_000


def year_field(**kwargs) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=FIRST_YEAR, max_value=LAST_YEAR, **kwargs)


class OrgScopedMixin:
    """A serializer under /orgs/{slug}/: context['org'] is the organisation of the URL."""

    @property
    def org(self) -> Organisation:
        return self.context["org"]


class OrganisationSerializer(serializers.ModelSerializer):
    website = serializers.CharField(read_only=True)  # empty when unknown: not always a URI

    class Meta:
        model = Organisation
        fields = [
            "slug", "name_th", "kind", "size", "region", "province", "district",
            "website", "phone", "address",
        ]  # fmt: skip
        read_only_fields = fields


class FrameworkSerializer(serializers.ModelSerializer):
    org = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = Framework
        fields = ["id", "urn", "version", "year", "name_th", "builtin", "org", "status", "checksum"]
        read_only_fields = fields


class FrameworkDetailSerializer(FrameworkSerializer):
    document = serializers.JSONField(read_only=True)

    class Meta(FrameworkSerializer.Meta):
        fields = [*FrameworkSerializer.Meta.fields, "document"]
        read_only_fields = fields


class ScoreSerializer(serializers.ModelSerializer):
    class Meta:
        model = Score
        fields = ["level", "code", "part", "score"]
        read_only_fields = fields


class TotalsSerializer(serializers.Serializer):
    total = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    iit = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    eit = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    oit = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    rating_code = serializers.CharField(allow_null=True)
    rating = serializers.CharField(allow_null=True)
    passed = serializers.BooleanField(allow_null=True)


class ResultSerializer(serializers.ModelSerializer):
    framework = serializers.PrimaryKeyRelatedField(read_only=True)
    scores = ScoreSerializer(many=True, read_only=True)
    totals = TotalsSerializer(read_only=True, source="api_totals")

    class Meta:
        model = ItaResult
        fields = ["year", "framework", "source", "updated", "totals", "scores"]
        read_only_fields = fields


class ScoreInputSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=20, help_text=_("1…10, a question (i1, e4) or o12"))
    score = serializers.CharField(
        max_length=30, help_text=_("0–100; OIT items also pass/fail or ผ่าน/ไม่ผ่าน")
    )
    part = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=9, help_text=_("EIT part")
    )


class ResultInputSerializer(serializers.Serializer):
    """Every figure of the organisation-year (what is not given is removed), checked as a
    results file is: row N of the messages is the N-th score of the list."""

    scores = ScoreInputSerializer(many=True, max_length=2000)


class AnalysisSerializer(OrgScopedMixin, serializers.ModelSerializer):
    year = year_field(source="result.year")
    cause = serializers.CharField(max_length=TEXT_MAX, allow_blank=True, required=False)
    guideline = serializers.CharField(max_length=TEXT_MAX, allow_blank=True, required=False)

    class Meta:
        model = IndicatorAnalysis
        fields = ["id", "year", "indicator", "cause", "guideline", "updated"]
        read_only_fields = ["id", "updated"]
        extra_kwargs = {"indicator": {"min_value": 1, "max_value": 99}}
        validators = []  # (result, indicator) is found or made by the view


class AnalysisUpdateSerializer(AnalysisSerializer):
    """Year and indicator name the analysis; only its texts change."""

    year = serializers.IntegerField(source="result.year", read_only=True)

    class Meta(AnalysisSerializer.Meta):
        read_only_fields = ["id", "year", "indicator", "updated"]


class UnitField(serializers.PrimaryKeyRelatedField):
    """A unit of the organisation of the URL; another's is 'does not exist', as a missing one."""

    def get_queryset(self):
        return Unit.objects.filter(org=self.context["org"])


class MeasureSerializer(OrgScopedMixin, serializers.ModelSerializer):
    fiscal_year = year_field()
    ita_year = year_field(required=False, allow_null=True)
    responsible = UnitField(required=False, allow_null=True)

    class Meta:
        model = IntegrityMeasure
        fields = [
            "id", "fiscal_year", "ita_year", "indicator", "name", "analysis", "steps",
            "period_start", "period_end", "responsible", "status", "progress", "results",
            "monitoring", "success", "evidence", "certifier_name", "certifier_position",
            "reporter_name", "reporter_position", "created",
        ]  # fmt: skip
        read_only_fields = ["id", "created"]
        extra_kwargs = {
            "indicator": {"min_value": 1, "max_value": 99},
            "progress": {"min_value": 0, "max_value": 100},
            **{f: {"max_length": TEXT_MAX} for f in ("analysis", "steps", "results", "success", "evidence")},
        }  # fmt: skip

    def validate(self, data):
        start = data.get("period_start", getattr(self.instance, "period_start", None))
        end = data.get("period_end", getattr(self.instance, "period_end", None))
        if start and end and end < start:
            raise serializers.ValidationError(
                {"period_end": _("The period must end after it starts.")}
            )
        return data


class BudgetSerializer(serializers.ModelSerializer):
    class Meta:
        model = Budget
        fields = ["fiscal_year", "amount"]
        read_only_fields = fields


class ProjectField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return Project.objects.filter(plan__org=self.context["org"])


class ProgressSerializer(OrgScopedMixin, serializers.ModelSerializer):
    project = ProjectField()
    fiscal_year = year_field()

    class Meta:
        model = Progress
        fields = [
            "id", "project", "fiscal_year", "round", "status", "percent", "spent",
            "done", "achieved", "evidence", "problems", "updated",
        ]  # fmt: skip
        read_only_fields = ["id", "updated"]
        extra_kwargs = {
            "percent": {"min_value": 0, "max_value": 100},
            "spent": {"min_value": 0},
            **{f: {"max_length": TEXT_MAX} for f in ("done", "achieved", "evidence", "problems")},
        }

    def validate(self, data):
        project = data.get("project", getattr(self.instance, "project", None))
        year = data.get("fiscal_year", getattr(self.instance, "fiscal_year", None))
        if project and year and not project.start_year <= year <= project.end_year:
            raise serializers.ValidationError(
                {
                    "fiscal_year": _("The project runs from %(first)s to %(last)s.")
                    % {"first": project.start_year, "last": project.end_year}
                }
            )
        return data


class ProgressBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Progress
        fields = ["id", "fiscal_year", "round", "status", "percent", "spent"]
        read_only_fields = fields


class ProjectSerializer(serializers.ModelSerializer):
    plan_title = serializers.CharField(source="plan.title", read_only=True)
    subsection = serializers.CharField(source="subsection.code", read_only=True)
    budgets = BudgetSerializer(many=True, read_only=True)
    progress = ProgressBriefSerializer(many=True, read_only=True)

    class Meta:
        model = Project
        fields = [
            "id", "plan", "plan_title", "subsection", "order", "kind", "name", "objectives",
            "target_group", "start_year", "end_year", "responsible", "responsible_text",
            "outputs", "outcomes", "budgets", "progress",
        ]  # fmt: skip
        read_only_fields = fields


class CheckSerializer(OrgScopedMixin, serializers.ModelSerializer):
    evidence = serializers.PrimaryKeyRelatedField(queryset=Evidence.objects.none())
    checked_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )

    class Meta:
        model = ComponentCheck
        fields = ["id", "evidence", "component", "ticked", "note", "checked_by", "checked_on"]
        read_only_fields = ["id", "checked_by", "checked_on"]

    def get_fields(self):
        fields = super().get_fields()
        if "org" in self.context:
            fields["evidence"].queryset = Evidence.objects.filter(org=self.context["org"])
        return fields

    def validate(self, data):
        evidence = data.get("evidence", getattr(self.instance, "evidence", None))
        component = data.get("component", getattr(self.instance, "component", None))
        known = self.context["components_of"](evidence)
        if component not in known:
            raise serializers.ValidationError(
                {"component": _("Item %(item)s has no component %(code)s.")
                 % {"item": evidence.item, "code": component}}
            )  # fmt: skip
        return data


class EvidenceSerializer(OrgScopedMixin, serializers.ModelSerializer):
    year = year_field()
    urls = serializers.ListField(
        child=serializers.URLField(max_length=1000), max_length=50, required=False
    )
    owner = UnitField(required=False, allow_null=True)
    has_file = serializers.SerializerMethodField()
    checks = CheckSerializer(many=True, read_only=True)
    note = serializers.CharField(max_length=TEXT_MAX, allow_blank=True, required=False)

    class Meta:
        model = Evidence
        fields = ["id", "year", "item", "urls", "owner", "note", "has_file", "updated", "checks"]
        read_only_fields = ["id", "updated", "has_file", "checks"]

    def get_has_file(self, evidence) -> bool:
        return bool(evidence.file)

    def to_representation(self, instance):
        out = super().to_representation(instance)
        out["urls"] = instance.url_list()
        return out

    def validate_urls(self, urls):
        for url in urls:
            if not url.lower().startswith(("http://", "https://")):
                raise serializers.ValidationError(_("Give http(s) addresses."))
        return urls

    def validate(self, data):
        year = data.get("year", getattr(self.instance, "year", None))
        item = data.get("item", getattr(self.instance, "item", None))
        if item not in self.context["items_of"](year):
            raise serializers.ValidationError(
                {"item": _("%(year)s has no OIT item %(item)s.") % {"year": year, "item": item}}
            )
        clash = Evidence.objects.filter(org=self.org, year=year, item=item)
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise serializers.ValidationError(
                {"item": _("There is evidence of this item for that year already.")}
            )
        if "urls" in data:
            data["urls"] = "\n".join(data["urls"])
        return data


class LinkCheckSerializer(serializers.ModelSerializer):
    url = serializers.CharField(read_only=True)
    final_url = serializers.CharField(read_only=True)  # empty when nothing answered

    class Meta:
        model = LinkCheck
        fields = [
            "id", "year", "item", "url", "run", "status", "http", "final_url", "year_found",
            "missing", "finding", "fix",
        ]  # fmt: skip
        read_only_fields = fields


class ProvinceRowSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name_th = serializers.CharField()
    kind = serializers.CharField()
    district = serializers.CharField()
    year = serializers.IntegerField(allow_null=True)
    totals = TotalsSerializer(allow_null=True)
