"""Overrides of Frappe whitelisted methods that would otherwise leak scoped records."""

from __future__ import annotations

import frappe
from frappe.client import get_count as frappe_get_count
from frappe.desk.search import get_link_title as frappe_get_link_title
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


@frappe.whitelist()
def get_link_title(doctype: str, docname: str) -> str:
	"""``frappe.desk.search.get_link_title`` that does not reveal titles across areas.

	Frappe v15 returns the title field of any document to any desk user, without a
	permission check: typing another village's child ID into a Link field would show
	the child's name. For the scoped DocTypes the title is given only when the user
	may read the document; otherwise the name itself comes back, as for a DocType
	without titles.

	Args:
	    doctype: the linked DocType.
	    docname: the linked document's name.

	Returns:
	    str: the title, or ``docname``.
	"""
	if doctype in SCOPED:
		try:
			if not frappe.has_permission(doctype, "read", doc=docname):
				return docname
		except frappe.DoesNotExistError:
			frappe.clear_last_message()
			return docname
	return frappe_get_link_title(doctype, docname)
