"""Give sites installed before "Largest Ledger Import" its default (20,000 data rows).

Idempotent: a value an administrator saved, 0 included, is kept (care_setup.ensure_care_settings).
"""

from left_behind_care.care_setup import ensure_care_settings


def execute():
	ensure_care_settings()
