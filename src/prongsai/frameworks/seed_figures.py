"""Figures that our users' seed documents publish; the demo loads them and tests check them.

Seed 004 (a เทศบาล's 2566 report) gives indicator scores; seed 002 (an อบต.'s 2568 analysis)
gives question scores. See shared/reference/ita-method.md §2.5–2.6.
"""

from __future__ import annotations

SEED_004_INDICATORS_2566 = (
    "95.01", "84.45", "88.62", "83.07", "86.04", "85.07", "84.54", "82.73", "100", "100",
)  # fmt: skip
SEED_002_QUESTIONS_2568 = {
    "i1": "100", "i2": "99.38", "i3": "100", "i4": "100", "i5": "99.38", "i6": "98.75",
    "i7": "98.75", "i8": "99.38", "i9": "100", "i10": "99.38", "i11": "99.38", "i12": "100",
    "i13": "100", "i14": "100", "i15": "100", "e1": "90.59", "e2": "89.41", "e3": "100",
    "e4": "93.53", "e5": "95.29", "e6": "90.59", "e7": "90.59", "e8": "89.41", "e9": "91.76",
}  # fmt: skip
