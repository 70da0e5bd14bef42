"""Taking in a response: the rules that keep it anonymous, single and safe under load."""

from __future__ import annotations

import hashlib
import secrets
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from prongsai.nonces import nonce_hash
from prongsai.surveys.models import (
    Answer,
    Campaign,
    OneTimeCode,
    Response,
    SpentCodes,
    SubmissionReceipt,
)

FLOOD_WINDOW = 3600


class Refused(Exception):
    """The response is not taken; the message says why, in the user's language."""


class AlreadyReceived(Refused):
    """The same form was sent twice (double tap, back button): the first one counts."""


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def check_open(campaign: Campaign, today: date | None = None) -> None:
    today = today or timezone.localdate()
    if campaign.closed or today > campaign.closes:
        raise Refused(_("This survey has closed. Thank you for your interest."))
    if today < campaign.opens:
        raise Refused(_("This survey is not open yet."))


def flood_key(campaign: Campaign, address: str) -> str:
    """A cache key from a salted hash of the address; the salt lives one day, in the cache only."""
    day = timezone.localdate().isoformat()
    salt = cache.get_or_set(f"flood-salt:{day}", secrets.token_hex(16), 2 * 86400)
    return f"flood:{campaign.pk}:{_hash(f'{salt}:{address}')}"


def flood_guard(campaign: Campaign, address: str) -> None:
    key = flood_key(campaign, address)
    cache.add(key, 0, FLOOD_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, FLOOD_WINDOW)
        count = 1
    # A busy counter behind one NAT sends many; the limit is a setting (SURVEY_FLOOD_LIMIT).
    if count > settings.SURVEY_FLOOD_LIMIT:
        raise Refused(_("Too many responses from this network. Please try again in an hour."))


def submit(
    campaign: Campaign,
    answers: dict[str, str],
    *,
    nonce: str,
    code: str | None = None,
    part: int = 0,
    service_point=None,
    today: date | None = None,
) -> Response:
    """Store one anonymous response, or raise Refused/AlreadyReceived and store nothing.

    `today` is the day the response is filed (the demo files on the day it is set to)."""
    today = today or timezone.localdate()
    check_open(campaign, today)
    try:
        with transaction.atomic():
            SubmissionReceipt.objects.create(nonce_hash=nonce_hash(campaign.pk, nonce))
            if campaign.tool == Campaign.Tool.IIT:
                spend_code(campaign, code or "")
            response = Response.objects.create(
                campaign=campaign, part=part, service_point=service_point, date=today
            )
            Answer.objects.bulk_create(
                Answer(response=response, question=q, option=o) for q, o in answers.items()
            )
    except IntegrityError as exc:
        raise AlreadyReceived(_("Your answers were received already. Thank you.")) from exc
    return response


def spend_code(campaign: Campaign, code: str) -> None:
    """Mark a code spent, or raise Refused. Call inside the transaction that stores the response.

    The code's own row is only read. What changes is the campaign's one SpentCodes row, locked so
    that two submissions of one code queue and the second finds its bit set. That row's xmin is
    the latest submission's, whichever code it was; which bit changed is seen only by comparing
    it with its previous version, which SQL does not show (see the README's threat model).
    """
    refused = Refused(_("This code is not valid or has been used already."))
    slot = (
        OneTimeCode.objects.filter(campaign=campaign, code_hash=campaign.code_hash(code))
        .values_list("slot", flat=True)
        .first()
    )
    if slot is None:
        raise refused
    spent = SpentCodes.objects.select_for_update().filter(campaign=campaign).first()
    if spent is None or spent.is_spent(slot):
        raise refused
    spent.spend(slot)
    spent.save(update_fields=["bits"])


def code_is_fresh(campaign: Campaign, code: str) -> bool:
    """Whether a code would be accepted now: known to the campaign and not spent. Read only, so
    that a respondent hears about a used code before answering, not after."""
    slot = (
        OneTimeCode.objects.filter(campaign=campaign, code_hash=campaign.code_hash(code))
        .values_list("slot", flat=True)
        .first()
    )
    spent = SpentCodes.objects.filter(campaign=campaign).first()
    return slot is not None and spent is not None and not spent.is_spent(slot)


def code_counts(campaign: Campaign) -> dict[str, int]:
    """How many codes were printed, used and not yet used: counts only, from the slots and the
    bitmap, so they say nothing about who used which."""
    printed = OneTimeCode.objects.filter(campaign=campaign).count()
    spent = SpentCodes.objects.filter(campaign=campaign).first()
    used = spent.count() if spent else 0
    return {"printed": printed, "used": used, "unused": max(printed - used, 0)}


def generate_codes(campaign: Campaign, count: int) -> list[str]:
    """Make `count` one-time codes; only their hashes are kept, so print them now."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off paper without doubt
    codes = []
    with transaction.atomic():
        SpentCodes.objects.get_or_create(campaign=campaign)
        # The lock queues code making and submissions alike, so slots are handed out once.
        SpentCodes.objects.select_for_update().get(campaign=campaign)
        last = OneTimeCode.objects.filter(campaign=campaign).aggregate(last=Max("slot"))["last"]
        first = 0 if last is None else last + 1
        for _i in range(count):
            raw = "".join(secrets.choice(alphabet) for _j in range(12))
            codes.append(f"{raw[:4]}-{raw[4:8]}-{raw[8:]}")
        OneTimeCode.objects.bulk_create(
            OneTimeCode(campaign=campaign, code_hash=campaign.code_hash(c), slot=first + n)
            for n, c in enumerate(codes)
        )
    return codes
