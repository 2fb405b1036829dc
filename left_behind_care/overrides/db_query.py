"""A backport of a Frappe fix to ``frappe.get_list``'s field-level read check (see
:data:`left_behind_care.overrides.FRAPPE_CHANGES`)."""

from __future__ import annotations


def backport_fieldlevel_read_fix() -> None:
	"""Make ``frappe.get_list`` drop every field above the user's permission level.

	Frappe v15 before frappe/frappe#32192 (2025) removes the fields a user may not read
	while iterating over the same list, so the field right after a removed one is never
	checked: ``fields=["name", "description", "safety_assessment"]`` returned the
	assessment to a role without level-1 access (REST ``/api/resource``, report view,
	``frappe.client.get_list``). The wrapper repeats Frappe's own pruning until it
	removes nothing more; on a Frappe with the fix the first pass changes nothing more
	and the wrapper costs one comparison. Idempotent.
	"""
	from frappe.model.db_query import DatabaseQuery

	original = DatabaseQuery.apply_fieldlevel_read_permissions
	if getattr(original, "lbc_backport", False):
		return

	def apply_fieldlevel_read_permissions(self):
		while True:
			before = list(self.fields)
			original(self)
			# as_list blanks fields in place (nothing is skipped); otherwise repeat until stable
			if self.as_list or self.fields == before:
				return

	apply_fieldlevel_read_permissions.lbc_backport = True
	apply_fieldlevel_read_permissions.__doc__ = original.__doc__
	DatabaseQuery.apply_fieldlevel_read_permissions = apply_fieldlevel_read_permissions
