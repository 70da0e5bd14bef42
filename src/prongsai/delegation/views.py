"""Pages of delegated administration, without the Django admin.

- An organisation's administrator (orgs.access.get_org_for_admin): its people, invite one,
  change a role (complaint handler and custodian included), remove one.
- A province administrator (orgs.access.province_admins_only; anybody else gets 404): the
  province's organisations, add one, import a register (upload → preview → confirm), invite an
  organisation's administrator, reset a person's access, provisional criteria for the province,
  and the province's own people: invite a reader of the province, remove one.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from prongsai import pending
from prongsai.complaints.models import ComplaintRole
from prongsai.delegation import people
from prongsai.delegation.forms import (
    AdminInviteForm,
    InviteForm,
    MemberForm,
    OrganisationForm,
    PersonForm,
    ProvinceDraftForm,
    RegisterUploadForm,
)
from prongsai.delegation.registry import apply_and_record
from prongsai.frameworks import drafts
from prongsai.frameworks.library import FrameworkError, year_to_draft
from prongsai.frameworks.models import Framework
from prongsai.frameworks.store import province_years
from prongsai.geo.models import Province
from prongsai.ita import follow
from prongsai.orgs import register
from prongsai.orgs.access import (
    get_org_for_admin,
    get_org_for_province_admin,
    province_admins_only,
)
from prongsai.orgs.models import Membership, Organisation, ProvinceRole
from prongsai.thai import fiscal_year

# ---------------------------------------------------------------- an organisation's people


def _base_url(request) -> str:
    return request.build_absolute_uri("/")


def _people_page(request, org, invite_form=None, status=200):
    memberships = list(Membership.objects.filter(org=org).select_related("user"))
    roles: dict[int, list[str]] = {}
    for user_id, role in ComplaintRole.objects.filter(org=org).values_list("user_id", "role"):
        roles.setdefault(user_id, []).append(role)
    rows = [
        {
            "membership": m,
            "form": MemberForm(
                initial={
                    "role": m.role,
                    "position": m.position,
                    "complaint_roles": roles.get(m.user_id, []),
                },
                prefix=f"m{m.pk}",
            ),
            "complaint_roles": [ComplaintRole.Role(r).label for r in roles.get(m.user_id, [])],
        }
        for m in memberships
    ]
    return render(
        request,
        "delegation/people.html",
        {"org": org, "rows": rows, "invite_form": invite_form or InviteForm()},
        status=status,
    )


@login_required
@require_GET
def org_people(request, org_slug: str):
    org = get_org_for_admin(request, org_slug)
    return _people_page(request, org)


@login_required
@require_POST
def org_invite(request, org_slug: str):
    org = get_org_for_admin(request, org_slug)
    form = InviteForm(request.POST)
    if not form.is_valid():
        return _people_page(request, org, form, status=400)
    data = form.cleaned_data
    membership, _created = people.invite(
        org,
        email=data["email"],
        first_name=data["first_name"],
        last_name=data["last_name"],
        role=data["role"],
        position=data["position"],
        complaint_roles=data["complaint_roles"],
        base_url=_base_url(request),
    )
    messages.success(request, _("The invitation is sent to %(email)s.") % {"email": data["email"]})
    return redirect("delegation:people", org.slug)


@login_required
@require_POST
def org_member(request, org_slug: str, pk: int):
    org = get_org_for_admin(request, org_slug)
    membership = get_object_or_404(Membership.objects.select_related("user", "org"), pk=pk, org=org)
    form = MemberForm(request.POST, prefix=f"m{membership.pk}")
    if not form.is_valid():
        return _people_page(request, org, status=400)
    data = form.cleaned_data
    if membership.user_id == request.user.pk and data["role"] != Membership.Role.ADMIN:
        messages.error(request, _("You cannot take away your own administrator role."))
        return redirect("delegation:people", org.slug)
    people.update_member(
        membership,
        role=data["role"],
        position=data["position"],
        complaint_roles=data["complaint_roles"],
    )
    messages.success(request, _("The roles are saved."))
    return redirect("delegation:people", org.slug)


@login_required
@require_POST
def org_member_remove(request, org_slug: str, pk: int):
    org = get_org_for_admin(request, org_slug)
    membership = get_object_or_404(Membership.objects.select_related("user", "org"), pk=pk, org=org)
    if membership.user_id == request.user.pk:
        messages.error(request, _("You cannot remove yourself."))
        return redirect("delegation:people", org.slug)
    people.remove_member(membership)
    messages.success(request, _("The person no longer has a role in the organisation."))
    return redirect("delegation:people", org.slug)


# ---------------------------------------------------------------- a province's administrator


def _province_page(
    request, name: str, *, draft_form=None, problems=(), person_form=None, status=200
):
    orgs = Organisation.objects.filter(province=name).order_by("name_th")
    admins: dict[int, list] = {}
    for m in Membership.objects.filter(
        org__province=name, role=Membership.Role.ADMIN
    ).select_related("user"):
        admins.setdefault(m.org_id, []).append(m)
    criteria = Framework.objects.filter(province=name, status__in=drafts.OWN).order_by(
        "-year", "-version"
    )
    # The form offers the first year from this one the province has no criteria of yet.
    draft_year = year_to_draft(fiscal_year(timezone.localdate()))
    while any(c.year == draft_year for c in criteria):
        draft_year += 1
    return render(
        request,
        "delegation/province.html",
        {
            "province": name,
            "rows": [{"org": o, "admins": admins.get(o.pk, [])} for o in orgs],
            "criteria": criteria,
            "draft_form": draft_form or ProvinceDraftForm(initial={"year": draft_year}),
            "import_years": province_years(name),
            "problems": problems,
            "roles": ProvinceRole.objects.filter(province=name)
            .select_related("user")
            .order_by("role", "user__first_name", "user__username"),
            "person_form": person_form or PersonForm(),
        },
        status=status,
    )


@login_required
@province_admins_only
@require_GET
def province_home(request, name: str):
    return _province_page(request, name)


def _people_of(name: str) -> str:
    """The province's page at its people, where the invitation or removal shows."""
    return reverse("delegation:province", args=[name]) + "#people"


@login_required
@province_admins_only
@require_POST
def province_invite_reader(request, name: str):
    """A colleague of the provincial office reads every organisation of the province."""
    form = PersonForm(request.POST)
    if not form.is_valid():
        return _province_page(request, name, person_form=form, status=400)
    data = form.cleaned_data
    people.invite_to_province(
        name,
        email=data["email"],
        first_name=data["first_name"],
        last_name=data["last_name"],
        base_url=_base_url(request),
    )
    messages.success(request, _("The invitation is sent to %(email)s.") % {"email": data["email"]})
    return redirect(_people_of(name))


@login_required
@province_admins_only
def province_remove_reader(request, name: str, pk: int):
    """A reader of this province no longer reads it; administrators are the site's to change.
    The role is looked up before the method: another province's id is a 404 on any method."""
    role = get_object_or_404(
        ProvinceRole.objects.select_related("user"),
        pk=pk,
        province=name,
        role=ProvinceRole.Role.READER,
    )
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    role.delete()  # tracked: the audit trail keeps who removed whom
    messages.success(
        request,
        _("%(person)s no longer reads the organisations of the province.")
        % {"person": role.user.get_full_name() or role.user.get_username()},
    )
    return redirect(_people_of(name))


@login_required
@province_admins_only
@require_http_methods(["GET", "POST"])
def province_add(request, name: str):
    """One organisation, checked exactly as a row of the register import."""
    form = OrganisationForm(request.POST or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        row = {k: " ".join(str(v).split()) for k, v in form.cleaned_data.items()}
        row["province"] = name
        try:
            plan = register.check([(1, row)], province=name)
        except register.RegisterError as exc:
            problems = [p.replace("แถว 1 คอลัมน์ ", "") for p in exc.problems]
        else:
            if plan.updates or plan.unchanged:
                problems = [_("An organisation with this code exists already.")]
            else:
                apply_and_record(plan)
                messages.success(request, _("The organisation is added."))
                return redirect("delegation:province", name)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "delegation/province_add.html",
        {"province": name, "form": form, "problems": problems},
        status=status,
    )


def _session_key(name: str) -> str:
    return f"register-import:{name}"


@login_required
@province_admins_only
@require_http_methods(["GET", "POST"])
def province_import(request, name: str):
    """Upload → a preview of what would change → confirm (written) or cancel (nothing).

    The file's rows wait in the session under a token the preview carries; the confirmation
    checks them again against the database as it is then."""
    key = _session_key(name)
    context = {"province": name}
    if pending.answers(request):
        taken = pending.take(request, key)
        if taken is None:
            messages.error(
                request, _("Nothing was imported: this preview is no longer open. Upload again.")
            )
            return redirect("delegation:province-import", name)
        answer, held = taken
        if answer == pending.CANCEL:
            messages.info(request, _("Nothing was imported."))
            return redirect("delegation:province", name)
        rows = [(n, r) for n, r in held]
        try:
            with transaction.atomic():
                plan = apply_and_record(register.check(rows, province=name))
        except register.RegisterError as exc:
            context |= {"form": RegisterUploadForm(), "problems": exc.problems}
            return render(request, "delegation/province_import.html", context, status=400)
        messages.success(
            request,
            _("%(created)s organisations created, %(updated)s updated.")
            % {"created": len(plan.creates), "updated": len(plan.updates)},
        )
        return redirect("delegation:province", name)
    form = RegisterUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = register.read_rows(upload.read(), upload.name)
            plan = register.check(rows, province=name)
        except register.RegisterError as exc:
            context |= {"form": form, "problems": exc.problems}
            return render(request, "delegation/province_import.html", context, status=400)
        token = pending.hold(request.session, key, rows)
        context |= {"plan": plan, "token": token, "name": upload.name}
        return render(request, "delegation/province_import_preview.html", context)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "delegation/province_import.html", context | {"form": form}, status=status
    )


@login_required
@province_admins_only
@require_http_methods(["GET", "POST"])
def province_org(request, name: str, org_slug: str):
    """An organisation of the province: its people, inviting its administrator."""
    org = get_org_for_province_admin(request, name, org_slug)
    form = AdminInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        people.invite(
            org,
            email=data["email"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            role=Membership.Role.ADMIN,
            position=data["position"],
            base_url=_base_url(request),
        )
        messages.success(
            request, _("The invitation is sent to %(email)s.") % {"email": data["email"]}
        )
        return redirect("delegation:province-org", name, org.slug)
    memberships = Membership.objects.filter(org=org).select_related("user")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "delegation/province_org.html",
        {"province": name, "org": org, "form": form, "memberships": memberships},
        status=status,
    )


@login_required
@province_admins_only
@require_POST
def province_reset(request, name: str, org_slug: str, pk: int):
    """A person of an organisation of the province: their password stops working, a new link
    is mailed to them."""
    org = get_org_for_province_admin(request, name, org_slug)
    membership = get_object_or_404(Membership.objects.select_related("user", "org"), pk=pk, org=org)
    if not membership.user.email:
        messages.error(request, _("This person has no e-mail address: nothing was changed."))
    elif not people.resettable_in_province(membership.user, name):
        messages.error(
            request,
            _(
                "This person also has a role outside the province: only the site's "
                "administrator can reset their access. Nothing was changed."
            ),
        )
    else:
        people.reset_access(membership, base_url=_base_url(request))
        messages.success(
            request,
            _("%(person)s's password no longer works; a new link is sent to them.")
            % {"person": membership.person},
        )
    return redirect("delegation:province-org", name, org.slug)


@login_required
@province_admins_only
@require_POST
def province_draft(request, name: str):
    """Start the province's provisional criteria for a year nobody has published."""
    form = ProvinceDraftForm(request.POST)
    if not form.is_valid():
        return _province_page(request, name, draft_form=form, status=400)
    province = get_object_or_404(Province, name_th=name)
    try:
        row = drafts.start_province_draft(name, province.code, form.cleaned_data["year"])
    except FrameworkError as exc:
        return _province_page(request, name, draft_form=form, problems=exc.lines(), status=400)
    messages.success(
        request,
        _("The draft criteria of %(year)s are started from %(base)s.")
        % {"year": row.year, "base": row.based_on_year},
    )
    return redirect("delegation:province", name)


@login_required
@province_admins_only
@require_POST
def province_publish(request, name: str, pk: int):
    """The province's draft becomes the criteria of its organisations without their own."""
    row = get_object_or_404(Framework, pk=pk, province=name, status=Framework.Status.DRAFT)
    try:
        drafts.publish(row)
    except FrameworkError as exc:
        return _province_page(request, name, problems=exc.lines(), status=400)
    job = follow.job_of(row)
    if job is not None:  # too many results to move at once: the administrator sees them move
        messages.success(
            request,
            _(
                "The criteria of %(year)s are published. The results of %(n)s organisations are "
                "being moved onto them in the background; this page shows how far it is."
            )
            % {"year": row.year, "n": job.total},
        )
        return redirect(job.links["detail"])
    messages.success(request, _("The criteria of %(year)s are published.") % {"year": row.year})
    return redirect("delegation:province", name)
