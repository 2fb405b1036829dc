"""Add the composite indexes the tier reports need on sites created before they existed."""

import frappe


def execute():
	"""Run the ``on_doctype_update`` index hooks of Home Visit and Mentor Assignment (idempotent:
	``frappe.db.add_index`` skips an index that is already there)."""
	for module in ("home_visit.home_visit", "mentor_assignment.mentor_assignment"):
		frappe.get_attr(f"left_behind_care.left_behind_care.doctype.{module}.on_doctype_update")()
