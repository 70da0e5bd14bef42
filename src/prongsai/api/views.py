"""The REST API, version 1. Every organisation-scoped view resolves the organisation of the URL
through api/access.py first; its objects are looked up inside that organisation only, so another
organisation's id is a 404 whatever the method."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, mixins, permissions, serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from prongsai.api import access
from prongsai.api.serializers import (
    AnalysisSerializer,
    AnalysisUpdateSerializer,
    CheckSerializer,
    EvidenceSerializer,
    FrameworkDetailSerializer,
    FrameworkSerializer,
    LinkCheckSerializer,
    MeasureSerializer,
    OrganisationSerializer,
    ProgressSerializer,
    ProjectSerializer,
    ProvinceRowSerializer,
    ResultInputSerializer,
    ResultSerializer,
)
from prongsai.audit.context import acting
from prongsai.frameworks.library import FrameworkError
from prongsai.frameworks.store import find_document
from prongsai.ita.analysis import save_indicator_analysis
from prongsai.ita.models import IndicatorAnalysis, ItaResult, OrgYearSummary
from prongsai.ita.results import (
    UNSCORABLE,
    assessment_of,
    criteria_for_year,
    parse_result_records,
    save_results,
)
from prongsai.oit.models import ComponentCheck, Evidence, LinkCheck
from prongsai.orgs.access import can_write, role_in
from prongsai.orgs.models import Organisation
from prongsai.plans.models import IntegrityMeasure, Progress, Project
from prongsai.scoring.errors import ScoringInputError
from prongsai.scoring.results import round2

YEAR = OpenApiParameter(
    "year", OpenApiTypes.INT, description="ปีงบประมาณ พ.ศ. (fiscal year, B.E.), e.g. 2569"
)
ORG_SLUG = OpenApiParameter(
    "org_slug", OpenApiTypes.STR, OpenApiParameter.PATH, description="organisation's short name"
)


def year_param(request) -> int | None:
    """?year=2569, or None; anything else is a 400 naming the parameter."""
    raw = request.query_params.get("year")
    if raw is None or raw == "":
        return None
    field = serializers.IntegerField(min_value=2400, max_value=2800)
    try:
        return field.run_validation(raw)
    except ValidationError as exc:
        raise ValidationError({"year": exc.detail}) from None


def check_write(request, org: Organisation) -> None:
    token = access.token_of(request)
    if token is not None:
        allowed = token.write
    else:
        allowed = can_write(role_in(request.user, org))
    if not allowed:
        raise PermissionDenied(_("This token or role may only read."))


@extend_schema_view(list=extend_schema(parameters=[OpenApiParameter("province", str)]))
class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    """Organisations the token or user may read."""

    serializer_class = OrganisationSerializer
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"

    def get_queryset(self):
        orgs = access.readable_orgs(self.request).order_by("province", "name_th", "pk")
        if province := self.request.query_params.get("province"):
            orgs = orgs.filter(province=province)
        return orgs


@extend_schema_view(list=extend_schema(parameters=[YEAR]))
class FrameworkViewSet(viewsets.ReadOnlyModelViewSet):
    """ITA criteria: the built-in ones and those of the organisations one may read."""

    def get_queryset(self):
        frameworks = access.readable_frameworks(self.request).select_related("org")
        if (year := year_param(self.request)) is not None:
            frameworks = frameworks.filter(year=year)
        if self.action == "list":
            frameworks = frameworks.defer("document")
        return frameworks.order_by("year", "urn", "version")

    def get_serializer_class(self):
        return FrameworkDetailSerializer if self.action == "retrieve" else FrameworkSerializer


class OrgScoped:
    """A view under /orgs/{org_slug}/: the organisation is checked before anything else; a
    change to one object checks the object is the organisation's (404) before the right to
    write (403)."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.attribute_changes(request)
        self.org = access.org_for(request, kwargs["org_slug"])
        if request.method not in permissions.SAFE_METHODS:
            if self.lookup_url_kwarg_name() in kwargs:
                self.get_object()
            check_write(request, self.org)

    def attribute_changes(self, request) -> None:
        """Changes made with a token are the token's in the audit trail ('API prs_ab12…')."""
        token = access.token_of(request)
        if token is not None:
            self._acting = acting(request=request, source=f"API {token.prefix}… {token.name}")
            self._acting.__enter__()

    def finalize_response(self, request, response, *args, **kwargs):
        if (context := getattr(self, "_acting", None)) is not None:
            self._acting = None
            context.__exit__(None, None, None)
        return super().finalize_response(request, response, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular reads the model only
            return self.model.objects.none()
        return self.org_queryset()

    def lookup_url_kwarg_name(self) -> str:
        return self.lookup_url_kwarg or self.lookup_field

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if hasattr(self, "org"):
            context["org"] = self.org
        return context


def schema_org_params(cls):
    """The org_slug path parameter, described once for every action of a view set."""
    return extend_schema(parameters=[ORG_SLUG])(cls)


def totals_of(result: ItaResult) -> dict | None:
    """The result's stored summary (what the province and national pages show), else scored."""
    try:
        return summary_totals(result.summary)
    except OrgYearSummary.DoesNotExist:
        pass
    try:
        assessment = assessment_of(result)
    except UNSCORABLE:
        return None
    tools = assessment.tools
    return {
        "total": round2(assessment.total),
        "iit": round2(tools.get("iit")),
        "eit": round2(tools.get("eit")),
        "oit": round2(tools.get("oit")),
        "rating_code": assessment.rating_code,
        "rating": assessment.rating_th,
        "passed": assessment.passed,
    }


def summary_totals(summary: OrgYearSummary) -> dict:
    return {
        "total": summary.total,
        "iit": summary.iit,
        "eit": summary.eit,
        "oit": summary.oit,
        "rating_code": summary.rating_code or None,
        "rating": summary.rating_th or None,
        "passed": summary.passed,
    }


@schema_org_params
@extend_schema_view(
    list=extend_schema(parameters=[YEAR]),
    update=extend_schema(
        request=ResultInputSerializer,
        responses={200: ResultSerializer, 201: ResultSerializer},
        description="Create or replace the figures of the organisation-year; checked as a "
        "results file is (same codes, scores 0–100, EIT parts, OIT pass/fail).",
    ),
)
class ResultViewSet(OrgScoped, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """ITA results of the organisation, by fiscal year."""

    serializer_class = ResultSerializer
    lookup_field = "year"
    lookup_value_regex = r"[0-9]{4}"
    http_method_names = ["get", "put", "head", "options"]

    model = ItaResult

    def org_queryset(self):
        results = (
            ItaResult.objects.filter(org=self.org)
            .select_related("framework", "org", "summary")
            .prefetch_related("scores")
        )
        if (year := year_param(self.request)) is not None:
            results = results.filter(year=year)
        return results.order_by("-year")

    def initial(self, request, *args, **kwargs):
        # PUT makes the year when it is not there: no lookup first, only the right to write.
        viewsets.GenericViewSet.initial(self, request, *args, **kwargs)
        self.attribute_changes(request)
        self.org = access.org_for(request, kwargs["org_slug"])
        if request.method not in permissions.SAFE_METHODS:
            check_write(request, self.org)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        for result in page if page is not None else []:
            result.api_totals = totals_of(result)
        return page

    def get_object(self):
        result = super().get_object()
        result.api_totals = totals_of(result)
        return result

    def update(self, request, *args, **kwargs):
        year = int(kwargs["year"])
        incoming = ResultInputSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        try:
            criteria, _framework = criteria_for_year(year, self.org)
        except FrameworkError:
            raise ValidationError(
                {"year": [_("There are no ITA criteria for %(year)s.") % {"year": year}]}
            ) from None
        records = (
            (
                n,
                {
                    "code": s["code"],
                    "score": s["score"],
                    "part": "" if s.get("part") is None else str(s["part"]),
                },
            )
            for n, s in enumerate(incoming.validated_data["scores"], start=1)
        )
        try:
            parsed = parse_result_records(records, criteria)
        except ScoringInputError as exc:
            raise ValidationError({"scores": exc.lines()}) from None
        existed = ItaResult.objects.filter(org=self.org, year=year).exists()
        save_results(self.org, year, parsed, ItaResult.Source.IMPORT)
        result = self.get_queryset().get(year=year)
        result.api_totals = totals_of(result)
        return Response(
            ResultSerializer(result, context=self.get_serializer_context()).data,
            status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED,
        )


@schema_org_params
@extend_schema_view(list=extend_schema(parameters=[YEAR]))
class AnalysisViewSet(OrgScoped, viewsets.ModelViewSet):
    """The cause and guideline written for each indicator of an ITA year."""

    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    model = IndicatorAnalysis

    def org_queryset(self):
        analyses = IndicatorAnalysis.objects.filter(result__org=self.org).select_related("result")
        if (year := year_param(self.request)) is not None:
            analyses = analyses.filter(result__year=year)
        return analyses.order_by("-result__year", "indicator", "pk")

    def get_serializer_class(self):
        if self.action in ("update", "partial_update"):
            return AnalysisUpdateSerializer
        return AnalysisSerializer

    def perform_create(self, serializer):
        data = serializer.validated_data
        year, number = data["result"]["year"], data["indicator"]
        result = ItaResult.objects.filter(org=self.org, year=year).first()
        if result is None:
            raise ValidationError(
                {"year": [_("There are no results for %(year)s.") % {"year": year}]}
            )
        try:
            criteria, _framework = criteria_for_year(year, self.org)
        except FrameworkError:
            criteria = None
        if criteria is None or criteria.indicator(number) is None:
            raise ValidationError(
                {"indicator": [_("%(year)s has no indicator %(n)s.") % {"year": year, "n": number}]}
            )
        serializer.instance = save_indicator_analysis(
            result, number, data.get("cause", ""), data.get("guideline", "")
        )


@schema_org_params
@extend_schema_view(list=extend_schema(parameters=[YEAR]))
class MeasureViewSet(OrgScoped, viewsets.ModelViewSet):
    """Integrity measures (มาตรการ) of the organisation; ?year= is the measure's fiscal year."""

    serializer_class = MeasureSerializer

    model = IntegrityMeasure

    def org_queryset(self):
        measures = IntegrityMeasure.objects.filter(org=self.org)
        if (year := year_param(self.request)) is not None:
            measures = measures.filter(fiscal_year=year)
        return measures.order_by("fiscal_year", "indicator", "pk")

    def perform_create(self, serializer):
        serializer.save(org=self.org)


@schema_org_params
@extend_schema_view(list=extend_schema(parameters=[YEAR]))
class ProjectViewSet(OrgScoped, viewsets.ReadOnlyModelViewSet):
    """Projects of the organisation's action plans, with budgets and progress; ?year= keeps
    those running in that fiscal year."""

    serializer_class = ProjectSerializer

    model = Project

    def org_queryset(self):
        projects = (
            Project.objects.filter(plan__org=self.org)
            .select_related("plan", "subsection")
            .prefetch_related("budgets", "progress")
        )
        if (year := year_param(self.request)) is not None:
            projects = projects.filter(start_year__lte=year, end_year__gte=year)
        return projects.order_by("plan", "order", "pk")


@schema_org_params
@extend_schema_view(list=extend_schema(parameters=[YEAR]))
class ProgressViewSet(OrgScoped, viewsets.ModelViewSet):
    """Progress reports (6-month and annual) of the plan projects."""

    serializer_class = ProgressSerializer

    model = Progress

    def org_queryset(self):
        progress = Progress.objects.filter(project__plan__org=self.org)
        if (year := year_param(self.request)) is not None:
            progress = progress.filter(fiscal_year=year)
        return progress.order_by("fiscal_year", "project", "round", "pk")


def oit_items(org, year: int | None) -> dict[str, set[str]]:
    """{item code: component codes} of the year's OIT list ({} for a year without criteria)."""
    if year is None:
        return {}
    try:
        doc = find_document(year=year, org=org)
    except FrameworkError:
        return {}
    return {
        item["code"]: {c["code"] for c in item.get("components", [])}
        for item in doc.get("oit_items", [])
    }


class OitContext:
    def get_serializer_context(self):
        context = super().get_serializer_context()
        org = getattr(self, "org", None)
        context["items_of"] = lambda year: oit_items(org, year)
        context["components_of"] = lambda evidence: oit_items(org, evidence.year).get(
            evidence.item, set()
        )
        return context


@schema_org_params
@extend_schema_view(list=extend_schema(parameters=[YEAR]))
class EvidenceViewSet(OitContext, OrgScoped, viewsets.ModelViewSet):
    """OIT evidence: the addresses where each item of a year is published, with its checks.
    (Files are uploaded on the page.)"""

    serializer_class = EvidenceSerializer

    model = Evidence

    def org_queryset(self):
        evidence = Evidence.objects.filter(org=self.org).prefetch_related(
            Prefetch("checks", ComponentCheck.objects.select_related("checked_by"))
        )
        if (year := year_param(self.request)) is not None:
            evidence = evidence.filter(year=year)
        return evidence.order_by("year", "item", "pk")

    def perform_create(self, serializer):
        serializer.save(org=self.org)


@schema_org_params
@extend_schema_view(list=extend_schema(parameters=[YEAR]))
class CheckViewSet(OitContext, OrgScoped, viewsets.ModelViewSet):
    """A person's tick that a required component of an item's evidence is there."""

    serializer_class = CheckSerializer

    model = ComponentCheck

    def org_queryset(self):
        checks = ComponentCheck.objects.filter(evidence__org=self.org).select_related(
            "evidence", "checked_by"
        )
        if (year := year_param(self.request)) is not None:
            checks = checks.filter(evidence__year=year)
        return checks.order_by("evidence", "component", "pk")

    def _stamp(self) -> dict:
        user = self.request.user
        return {
            "checked_by": user if user.is_authenticated else None,
            "checked_on": timezone.localdate(),
        }

    def perform_create(self, serializer):
        serializer.save(**self._stamp())

    def perform_update(self, serializer):
        serializer.save(**self._stamp())


@schema_org_params
@extend_schema_view(list=extend_schema(parameters=[YEAR]))
class LinkCheckViewSet(OrgScoped, viewsets.ReadOnlyModelViewSet):
    """The automatic checks of the evidence addresses, newest first."""

    serializer_class = LinkCheckSerializer

    model = LinkCheck

    def org_queryset(self):
        checks = LinkCheck.objects.filter(org=self.org)
        if (year := year_param(self.request)) is not None:
            checks = checks.filter(year=year)
        return checks.order_by("-run", "item", "pk")


@extend_schema(parameters=[OpenApiParameter("name", OpenApiTypes.STR, OpenApiParameter.PATH), YEAR])
class ProvinceView(generics.ListAPIView):
    """Each organisation of the province with its latest ITA totals (or those of ?year=)."""

    serializer_class = ProvinceRowSerializer

    def get_queryset(self):
        name = self.kwargs["name"]
        access.check_province(self.request, name)
        year = year_param(self.request)
        summaries = OrgYearSummary.objects.all()  # the figures the province page shows
        if year is not None:
            summaries = summaries.filter(year=year)
        return (
            Organisation.objects.filter(province=name)
            .prefetch_related(
                Prefetch("ita_summaries", summaries.order_by("-year"), to_attr="summaries")
            )
            .order_by("name_th", "pk")
        )

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return [self.row(org) for org in page] if page is not None else None

    @staticmethod
    def row(org) -> dict:
        latest = org.summaries[0] if org.summaries else None
        return {
            "slug": org.slug,
            "name_th": org.name_th,
            "kind": org.kind,
            "district": org.district,
            "year": latest.year if latest else None,
            "totals": summary_totals(latest) if latest else None,
        }
