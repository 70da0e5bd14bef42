"""The baseline of bench/intake.py: the least a Django view can do to store one row.

Mounted only when PRONGSAI_BENCH_ENDPOINTS=1, so production never serves it.
"""

from __future__ import annotations

import secrets

from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from prongsai.surveys.models import SubmissionReceipt


@csrf_exempt
@require_POST
def bare_insert(request):
    SubmissionReceipt.objects.create(nonce_hash=secrets.token_hex(32))
    return HttpResponse(status=204)
