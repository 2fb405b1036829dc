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
	app_reports,
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
	hidden = _hidden_from_user(doctype)
	if not hidden or not total:
		return total
	return total - frappe.db.count(doctype, _as_filter_list(doctype, get_safe_filters(filters)) + hidden)


def _hidden_from_user(doctype: str) -> list | None:
	"""Filters matching the records of ``doctype`` the app's list condition hides from the
	session user (None when it hides nothing): the same rule as
	``permissions.file_query_conditions`` / ``prepared_report_query_conditions``."""
	user = frappe.session.user
	if doctype == "File" and file_query_conditions(user):
		return [
			["File", "attached_to_doctype", "in", sorted(app_doctypes())],
			["File", "owner", "!=", user],
		]
	if doctype == "Prepared Report" and prepared_report_query_conditions(user):
		return [
			["Prepared Report", "report_name", "in", sorted(app_reports())],
			["Prepared Report", "owner", "!=", user],
		]
	return None


def _as_filter_list(doctype: str, filters) -> list:
	"""Frappe filters (a dict, a list of lists or None) as a list of ``[doctype, field,
	operator, value]``, to which more conditions can be added."""
	if not filters:
		return []
	if isinstance(filters, dict):
		rows = []
		for field, value in filters.items():
			if isinstance(value, list | tuple) and len(value) == 2 and isinstance(value[0], str):
				rows.append([doctype, field, value[0], value[1]])
			else:
				rows.append([doctype, field, "=", value])
		return rows
	return [list(row) for row in filters]


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
