"""Delegated administration: inviting people, setting their roles, resetting their access.

An invitation is a one-time link that sets the password: Django's password-reset token for the
account (it expires after PASSWORD_RESET_TIMEOUT and stops working once a password is set, since
the token is made from the password hash and the last login), opened on the same page as a
password reset. A reset of someone's access makes their password unusable (which also ends
their open sessions) and mails them a fresh link. Every action leaves an entry in the audit
trail on the person's membership (memberships are tracked; these entries say what else changed).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from prongsai.audit.record import record_set_change
from prongsai.complaints.models import ComplaintRole
from prongsai.orgs.models import Membership, Organisation, ProvinceRole

COMPLAINT_ROLES = ComplaintRole.Role


def set_password_link(user, base_url: str) -> str:
    """The one-time link that sets (or resets) the account's password."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return base_url.rstrip("/") + reverse("password_reset_confirm", args=[uid, token])


def _mail(user, subject_template: str, body_template: str, context: dict) -> None:
    subject = "".join(render_to_string(subject_template, context).splitlines())
    body = render_to_string(body_template, context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])


def complaint_roles_of(org: Organisation, user) -> list[str]:
    return sorted(ComplaintRole.objects.filter(org=org, user=user).values_list("role", flat=True))


def set_complaint_roles(membership: Membership, roles: list[str]) -> None:
    """The person's complaint roles in the organisation become exactly `roles`, recorded."""
    old = complaint_roles_of(membership.org, membership.user)
    new = sorted(set(roles))
    if old == new:
        return
    ComplaintRole.objects.filter(org=membership.org, user=membership.user).exclude(
        role__in=new
    ).delete()
    for role in new:
        ComplaintRole.objects.get_or_create(org=membership.org, user=membership.user, role=role)
    record_set_change(
        membership, "complaints", {"roles": ", ".join(old)}, {"roles": ", ".join(new)}
    )


def account_for(email: str, first_name: str, last_name: str):
    """The account of that e-mail, or a new one without a password (it is set by the link the
    invitation mails); (user, created)."""
    users = get_user_model().objects
    user = users.filter(email__iexact=email).order_by("pk").first()
    if user is not None:
        return user, False
    username, n = email.lower(), 1
    while users.filter(username=username).exists():
        n += 1
        username = f"{email.lower()}-{n}"
    user = users.create_user(
        username=username, email=email, first_name=first_name, last_name=last_name
    )
    return user, True


def _links(user, base_url: str) -> dict:
    return {
        "link": set_password_link(user, base_url) if not user.has_usable_password() else "",
        "login": base_url.rstrip("/") + reverse("login"),
        "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
    }


@transaction.atomic
def invite(
    org: Organisation,
    *,
    email: str,
    first_name: str,
    last_name: str,
    role: str,
    position: str = "",
    complaint_roles: list[str] = (),
    base_url: str,
) -> tuple[Membership, bool]:
    """Give the person of that e-mail a role in the organisation, creating their account (no
    password yet) when there is none, and mail them the link. (membership, account created)."""
    user, created = account_for(email, first_name, last_name)
    membership, _new = Membership.objects.update_or_create(
        user=user, org=org, defaults={"role": role, "position": position}
    )
    set_complaint_roles(membership, list(complaint_roles))
    context = {
        "org": org,
        "user": user,
        "role": membership.get_role_display(),
        **_links(user, base_url),
    }
    _mail(user, "delegation/invitation_subject.txt", "delegation/invitation_email.txt", context)
    record_set_change(membership, "invitation", {}, {"sent to": user.email})
    return membership, created


@transaction.atomic
def invite_to_province(
    province: str,
    *,
    email: str,
    first_name: str,
    last_name: str,
    base_url: str,
    administrator: bool = False,
) -> tuple[ProvinceRole, bool]:
    """Give the person of that e-mail a role over every organisation of the province and mail
    them the link: a reader (a colleague of the provincial office, as a province administrator
    invites them) or, from the command line, an administrator. Nobody is lowered: inviting the
    province's administrator as a reader keeps them administrator. (their role, account
    created). The role is tracked: the audit trail has who gave it."""
    user, created = account_for(email, first_name, last_name)
    wanted = ProvinceRole.Role.ADMINISTRATOR if administrator else ProvinceRole.Role.READER
    role, new = ProvinceRole.objects.get_or_create(
        user=user, province=province, defaults={"role": wanted}
    )
    if not new and administrator and role.role != ProvinceRole.Role.ADMINISTRATOR:
        role.role = ProvinceRole.Role.ADMINISTRATOR
        role.save()
    context = {
        "province": province,
        "user": user,
        "role": role.get_role_display(),
        "administrator": role.role == ProvinceRole.Role.ADMINISTRATOR,
    }
    _mail(
        user,
        "delegation/province_invitation_subject.txt",
        "delegation/province_invitation_email.txt",
        {**context, **_links(user, base_url)},
    )
    return role, created


def resettable_in_province(user, province: str) -> bool:
    """A province administrator resets only people whose every role is within the province:
    never a superuser or staff, nor anyone with a role in another province or over a province."""
    if user.is_superuser or user.is_staff:
        return False
    if ProvinceRole.objects.administering(user).exists():
        return False
    if ProvinceRole.objects.reading(user).exclude(province=province).exists():
        return False
    return not Membership.objects.filter(user=user).exclude(org__province=province).exists()


@transaction.atomic
def reset_access(membership: Membership, *, base_url: str) -> None:
    """The person's password no longer works (their sessions end); a new link is mailed."""
    user = membership.user
    user.set_unusable_password()
    user.save(update_fields=["password"])
    context = {
        "org": membership.org,
        "user": user,
        "link": set_password_link(user, base_url),
        "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
    }
    _mail(user, "delegation/reset_subject.txt", "delegation/reset_email.txt", context)
    record_set_change(membership, "access", {"password": "set"}, {"password": "reset, link sent"})


@transaction.atomic
def update_member(membership: Membership, *, role: str, position: str, complaint_roles) -> None:
    membership.role = role
    membership.position = position
    membership.save()  # tracked: the audit trail keeps the role and position changes
    set_complaint_roles(membership, list(complaint_roles))


@transaction.atomic
def remove_member(membership: Membership) -> None:
    """The person leaves the organisation: their role and complaint roles there go."""
    set_complaint_roles(membership, [])
    membership.delete()  # tracked: a delete entry
