"""The ITA scoring engine: pure Python, Decimal in and out, no Django.

Inputs are plain dataclasses (`criteria.Criteria` built by the frameworks app, and scores or
response rows); outputs are `results.Assessment` objects. Rounding (half-up, 2 places) happens
only when a result is shown or serialised.
"""
