"""Overrides of Frappe whitelisted methods that would otherwise leak scoped records."""

from __future__ import annotations

import frappe
from frappe.client import get_count as frappe_get_count
from frappe.utils import get_safe_filters

from left_behind_care.permissions import SCOPED


@frappe.whitelist()
def get_count(doctype: str, filters=None, debug: bool = False, cache: bool = False) -> int:
	"""``frappe.client.get_count`` that respects permissions for the app's DocTypes.

	Frappe v15's ``frappe.client.get_count`` counts with ``frappe.db.count``, which
	ignores permissions: any desk user could count another village's children by
	any filter. For the scoped DocTypes the count goes through ``frappe.get_list``
	(role permissions, User Permissions and the app's permission query); other
	DocTypes keep Frappe's behaviour.

	Args:
	    doctype: the DocType to count.
	    filters: Frappe filters (dict, list or JSON).

	Returns:
	    int: the number of records the user may read that match the filters.

	Raises:
	    frappe.PermissionError when the user may not read the DocType.
	"""
	if doctype not in SCOPED:
		return frappe_get_count(doctype, filters=filters, debug=debug, cache=cache)
	if not frappe.has_permission(doctype, "read"):
		frappe.throw(frappe._("No permission for {0}").format(frappe._(doctype)), frappe.PermissionError)
	rows = frappe.get_list(
		doctype,
		filters=get_safe_filters(filters),
		fields=["count(distinct `name`) as total"],
		limit_page_length=1,
		order_by=None,
	)
	return int(rows[0].total) if rows else 0
