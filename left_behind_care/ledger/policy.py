"""What a ledger import may do: who may import, how many rows one ledger may hold, and
the errors that refuse an import (plan 3 §二(一); used by the importer and by the LBC
Ledger Import controller alike)."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import cint

DEFAULT_MAX_LEDGER_ROWS = 20000


class LedgerFormatError(frappe.ValidationError):
	"""The attached file is not a ledger the importer can read (not .xlsx, no header row, no such sheet)."""


class LedgerAreaError(frappe.ValidationError):
	"""The ledger's area cannot be detected, or lies outside the user's areas."""


class LedgerImportRunningError(frappe.ValidationError):
	"""The import is already queued or running."""


class LedgerImportPermissionError(frappe.PermissionError):
	"""The user may not register children with their identity numbers."""


def check_import_permission(user: str | None = None) -> None:
	"""Refuse a user who cannot create children and write their identity numbers.

	The identity number is at permission level 1 on Child: without level-1 write,
	Frappe would silently drop it and the import could not match anyone.

	Raises:
	    LedgerImportPermissionError.
	"""
	if not frappe.has_permission("Child", "create", user=user):
		frappe.throw(
			_("You may not register children, so you cannot import a ledger."),
			exc=LedgerImportPermissionError,
		)
	if 1 not in frappe.get_meta("Child").get_permlevel_access("write", user=user):
		frappe.throw(
			_("You may not write children's identity numbers, so you cannot import a ledger."),
			exc=LedgerImportPermissionError,
		)


def max_ledger_rows() -> int | None:
	"""The most data rows one ledger import takes (Left Behind Care Settings,
	"Largest Ledger Import", 20,000 by default); None when set to 0 (no limit)."""
	value = frappe.db.get_singles_dict("Left Behind Care Settings").get("max_ledger_rows")
	limit = DEFAULT_MAX_LEDGER_ROWS if value in (None, "") else cint(value)
	return limit or None
