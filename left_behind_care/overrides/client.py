"""Overrides of ``frappe.client`` and ``frappe.desk.search`` methods that skip permissions
(see :data:`left_behind_care.overrides.FRAPPE_CHANGES` for why each exists)."""

from __future__ import annotations

import frappe
from frappe.utils import get_safe_filters

from left_behind_care.compat import count_with_permissions
from left_behind_care.overrides import hand_over, whitelist_as
from left_behind_care.permissions import (
	SCOPED,
	app_doctypes,
	file_query_conditions,
	is_restricted_officer,
	prepared_report_query_conditions,
)

GET_COUNT = "frappe.client.get_count"
GET_LINK_TITLE = "frappe.desk.search.get_link_title"
VALIDATE_LINK = "frappe.client.validate_link"


@whitelist_as(GET_COUNT)
def get_count(doctype, filters=None, debug=False, cache=False, **kwargs) -> int:
	"""``frappe.client.get_count`` that counts only what the user may read, where the app
	restricts reading.

	- The app's DocTypes, and every DocType for a restricted officer of the app: counted
	  through ``frappe.get_list`` (role permissions, User Permissions, the app's scope).
	- File and Prepared Report: Frappe's own count, less the app's records the app's list
	  conditions hide from this user (another area's ledger uploads, another officer's
	  report results); the same number Frappe gives for every other user.
	- Anything else: Frappe's function, unchanged.

	Args (as Frappe's): ``doctype``; ``filters`` (dict, list or JSON); ``debug``; ``cache``.

	Returns:
	    int: the count.

	Raises:
	    frappe.PermissionError when the user may not read the DocType (app DocTypes).
	"""
	if doctype in SCOPED or doctype in app_doctypes() or is_restricted_officer():
		if not frappe.has_permission(doctype, "read"):
			frappe.throw(frappe._("No permission for {0}").format(frappe._(doctype)), frappe.PermissionError)
		return count_with_permissions(doctype, get_safe_filters(filters))
	total = hand_over(GET_COUNT, doctype=doctype, filters=filters, debug=debug, cache=cache, **kwargs)
	hidden = HIDDEN_BY.get(doctype)
	condition = hidden(frappe.session.user) if hidden else ""
	if not condition or not total:
		return total
	# the matching records the app's own list condition hides from this user, counted with
	# that very condition (one rule for lists and counts)
	matching = frappe.get_all(
		doctype, filters=get_safe_filters(filters), fields=["name"], order_by=None, limit_page_length=0, run=0
	)
	table = f"`tab{doctype}`"
	hidden_count = frappe.db.sql(
		f"select count(*) from {table} where {table}.name in (select name from ({matching}) as lbc_matching)"
		f" and not ({condition})"
	)[0][0]
	return total - hidden_count


# DocTypes of Frappe's whose lists the app narrows (permission_query_conditions in hooks.py)
HIDDEN_BY = {"File": file_query_conditions, "Prepared Report": prepared_report_query_conditions}


@whitelist_as(GET_LINK_TITLE)
def get_link_title(doctype, docname, **kwargs) -> str:
	"""``frappe.desk.search.get_link_title`` that does not show the title of a scoped
	record the user may not read (the name itself comes back, as for a DocType without
	titles). Other DocTypes: Frappe's function.

	Args (as Frappe's): ``doctype``, ``docname``.

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
	return hand_over(GET_LINK_TITLE, doctype=doctype, docname=docname, **kwargs)


@whitelist_as(VALIDATE_LINK)
def validate_link(doctype, docname, fields=None, **kwargs):
	"""``frappe.client.validate_link`` that answers for a scoped record outside the
	user's scope exactly as for a missing one. Other DocTypes: Frappe's function.

	Args (as Frappe's): ``doctype``, ``docname``, ``fields`` (JSON list).

	Returns:
	    dict: ``{"name": None}`` for a missing or unreadable record; Frappe's answer otherwise.
	"""
	if isinstance(doctype, str) and doctype in SCOPED and isinstance(docname, str):
		may_link = frappe.has_permission(doctype, "select") or frappe.has_permission(doctype, "read")
		if may_link and frappe.db.exists(doctype, docname):
			try:
				readable = frappe.has_permission(doctype, "read", doc=docname) or frappe.has_permission(
					doctype, "select", doc=docname
				)
			except frappe.DoesNotExistError:
				readable = False
			if not readable:
				frappe.clear_last_message()
				return frappe._dict(name=None)
	return hand_over(VALIDATE_LINK, doctype=doctype, docname=docname, fields=fields, **kwargs)
