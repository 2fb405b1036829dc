"""Everything the app changes in Frappe's own behaviour, and why: the one list.

The app's own DocTypes, reports and pages are its business. Beyond them it touches
Frappe only where Frappe, left alone, would hand a restricted officer another area's
children (a privacy fault, plan 4 §四5) or would break the app's Chinese files. Each
such change is listed in :data:`FRAPPE_CHANGES`, with the Frappe behaviour it closes;
``tests/test_frappe_changes.py`` fails when ``hooks.py`` touches anything of Frappe's
that this list does not name.

The rule for every entry: whatever is not the app's business (a DocType, report or
file that is not the app's, a user the app does not restrict) goes to Frappe's own
code unchanged, with the running version's signature (v15 and v16 differ:
``getdoc`` lost its ``user`` argument in v16) -- see :func:`hand_over`. Permission
hooks answer ``compat.NO_OBJECTION`` when they have nothing against a document.
"""

from __future__ import annotations

from dataclasses import dataclass

import frappe

APP_PREFIX = "left_behind_care."


@dataclass(frozen=True)
class FrappeChange:
	"""One change the app makes to Frappe's behaviour.

	Attributes:
	    hook: the ``hooks.py`` key (``override_whitelisted_methods``, ``has_permission`` …).
	    target: what of Frappe's it changes (a method path, a DocType, ``*``).
	    handler: the app's dotted path that does it.
	    reason: the Frappe behaviour it closes, and for whom it differs.
	"""

	hook: str
	target: str
	handler: str
	reason: str


FRAPPE_CHANGES: tuple[FrappeChange, ...] = (
	FrappeChange(
		"override_whitelisted_methods",
		"frappe.client.get_count",
		"left_behind_care.overrides.client.get_count",
		"Frappe counts with frappe.db.count, without any permission check: anyone could "
		"count another village's children by any filter, or spell out a ledger file's "
		"address one character at a time. The app's DocTypes are counted through "
		"get_list; Files and Prepared Reports the app hides from a user are left out of "
		"Frappe's count; a restricted officer counts every DocType with permissions "
		"(Version rows spell out changed values). Everything else: Frappe's count.",
	),
	FrappeChange(
		"override_whitelisted_methods",
		"frappe.desk.search.get_link_title",
		"left_behind_care.overrides.client.get_link_title",
		"Frappe returns any document's title to any desk user: another village's child ID "
		"typed in a Link field showed the child's name. Only the app's scoped DocTypes.",
	),
	FrappeChange(
		"override_whitelisted_methods",
		"frappe.client.validate_link",
		"left_behind_care.overrides.client.validate_link",
		"Frappe tells whether any record exists before any row-level check: typed child "
		"IDs told which exist in other villages. Only the app's scoped DocTypes.",
	),
	FrappeChange(
		"override_whitelisted_methods",
		"frappe.desk.form.load.getdoc",
		"left_behind_care.overrides.form.getdoc",
		"The form's Version timeline carries old and new values of fields above the "
		"user's permission level (identity numbers, incident descriptions). Frappe's "
		"loader runs unchanged; only the app's protected DocTypes' versions are pruned.",
	),
	FrappeChange(
		"override_whitelisted_methods",
		"frappe.desk.form.load.get_docinfo",
		"left_behind_care.overrides.form.get_docinfo",
		"As getdoc: the timeline reloaded after a save.",
	),
	FrappeChange(
		"override_whitelisted_methods",
		"frappe.desk.reportview.export_query",
		"left_behind_care.overrides.exports.export_query",
		"Report view export of the app's Child and Guardian lists: refused without the "
		"guardian's consent when identifiable (plan 4 §四5); text starting with '=' is "
		"written as a formula by Frappe. Other DocTypes: Frappe's export unchanged.",
	),
	FrappeChange(
		"override_whitelisted_methods",
		"frappe.core.doctype.data_import.data_import.download_template",
		"left_behind_care.overrides.exports.download_template",
		"Data Import's export reads child tables without field-level checks (an Incident "
		"Report's services). Only the app's DocTypes.",
	),
	FrappeChange(
		"override_whitelisted_methods",
		"frappe.core.doctype.data_export.exporter.export_data",
		"left_behind_care.overrides.exports.export_data",
		"Data Export, as download_template. Only the app's DocTypes.",
	),
	FrappeChange(
		"override_whitelisted_methods",
		"frappe.desk.query_report.export_query",
		"left_behind_care.overrides.exports.query_report_export_query",
		"Frappe writes report cells starting with '=' as formulas in .xlsx: an address "
		"typed '=HYPERLINK(…)' runs in whoever opens the export. Only the app's reports.",
	),
	FrappeChange(
		"override_doctype_class",
		"Prepared Report",
		"left_behind_care.overrides.prepared_report.ScopedPreparedReport",
		"frappe.desk.query_report.run reads the Prepared Report named by the client "
		"without a permission check: a village officer read the county officer's result. "
		"Results of other apps' reports are read as by Frappe.",
	),
	FrappeChange(
		"has_permission",
		"Prepared Report",
		"left_behind_care.permissions.prepared_report_has_permission",
		"Frappe v15 lets anyone who may open a report read anyone's prepared result: "
		"another user's result of an app report is refused. No objection otherwise.",
	),
	FrappeChange(
		"permission_query_conditions",
		"Prepared Report",
		"left_behind_care.permissions.prepared_report_query_conditions",
		"As has_permission, for lists: a restricted user lists only their own results of "
		"the app's reports; other reports' results list as in Frappe.",
	),
	FrappeChange(
		"has_permission",
		"File",
		"left_behind_care.permissions.file_has_permission",
		"Frappe serves a private file to the owner of any File record naming it: a File "
		"made with another area's ledger URL handed the ledger over. Such a record gives "
		"nothing; every other File is Frappe's (and other apps') decision.",
	),
	FrappeChange(
		"permission_query_conditions",
		"File",
		"left_behind_care.permissions.file_query_conditions",
		"Frappe lists every file attached to a DocType the user may read at all: every "
		"area's ledger uploads and consent forms by name. Files attached to the app's "
		"records list to their uploader and unrestricted users; others as in Frappe.",
	),
	FrappeChange(
		"doc_events",
		"*",
		"left_behind_care.permissions.check_attach_fields",
		"Frappe attaches the file an Attach field names to the record on save, making it "
		"readable through that record: a user's picture set to another area's ledger URL "
		"handed the ledger over. Refused only for a private file the user may not read; "
		"on other apps' records only for the app's own files (permissions.is_app_file).",
	),
	FrappeChange(
		"doc_events",
		"User Permission",
		"left_behind_care.permissions.validate_user_permission",
		"User Permissions on the app's DocTypes other than Administrative Area cannot be "
		"honoured by the app's area scope and are refused when saved; others untouched. "
		"Also sets the first area as default and clears the app's scope cache.",
	),
	FrappeChange(
		"auth_hooks",
		"every request",
		"left_behind_care.request_guard.guard_request",
		"Frappe's whitelisted methods honour client-sent ignore_permissions / "
		"ignore_user_permissions / user: they are dropped (user pinned) for restricted "
		"users' requests about the app's DocTypes and reports only.",
	),
	FrappeChange(
		"after_request",
		"every response",
		"left_behind_care.overrides.response.fix_download_filename",
		"Frappe v15 sends a Chinese download name as Latin-1 mojibake: the app's downloads "
		"get RFC 6266's filename*=UTF-8''. Other responses untouched.",
	),
	FrappeChange(
		"before_request",
		"frappe.model.db_query.DatabaseQuery.apply_fieldlevel_read_permissions",
		"left_behind_care.overrides.db_query.backport_fieldlevel_read_fix",
		"Frappe v15 before frappe/frappe#32192 skips the field after a removed one when "
		"dropping fields above the user's level in get_list (an incident's assessment "
		"came back to a role without level 1). Repeats Frappe's own pruning until "
		"stable; on a Frappe with the fix nothing changes. Applied per request ...",
	),
	FrappeChange(
		"before_job",
		"frappe.model.db_query.DatabaseQuery.apply_fieldlevel_read_permissions",
		"left_behind_care.overrides.db_query.backport_fieldlevel_read_fix",
		"... and per background job (reports prepared in a worker), idempotent.",
	),
	FrappeChange(
		"extend_bootinfo",
		"module_wise_workspaces",
		"left_behind_care.boot.extend_bootinfo",
		"Breadcrumbs follow the first workspace of a module: the user's own workspace of "
		"the app's module goes first; v16 draws Workspace Sidebar labels untranslated: the "
		"app's sidebars are translated. Other modules' workspaces and sidebars untouched.",
	),
)


def our_override(path: str) -> str | None:
	"""The app's override of the whitelisted method ``path``, if it declares one."""
	for change in FRAPPE_CHANGES:
		if change.hook == "override_whitelisted_methods" and change.target == path:
			return change.handler
	return None


def frappe_handler(path: str):
	"""The function that would serve ``path`` if this app were not installed.

	Another app installed before this one may override the same method
	(``override_whitelisted_methods`` lists every app's, in install order, and Frappe
	calls the last): that override is the one handed to; otherwise Frappe's own
	function, resolved now (so the running version's).

	Args:
	    path: the dotted path a client calls, e.g. ``"frappe.client.get_count"``.

	Returns:
	    The callable.
	"""
	chain = frappe.get_hooks("override_whitelisted_methods", {}).get(path, [])
	earlier = []
	for handler in chain:
		if handler.startswith(APP_PREFIX):
			break
		earlier.append(handler)
	return frappe.get_attr(earlier[-1] if earlier else path)


def hand_over(path: str, *args, **kwargs):
	"""Call :func:`frappe_handler` of ``path`` as Frappe would call it.

	Arguments are matched to that function's signature by ``frappe.call`` (the way
	``frappe.handler.execute_cmd`` calls a whitelisted method), so a client argument one
	Frappe version takes and another does not is passed or dropped as Frappe would.

	Returns:
	    Whatever that function returns.
	"""
	return frappe.call(frappe_handler(path), *args, **kwargs)


def whitelist_as(path: str):
	"""``@frappe.whitelist`` with the HTTP methods and guest access of Frappe's ``path``.

	An override is what the client reaches, so it must answer exactly the requests
	Frappe's function answers (a GET-only method stays GET-only).
	"""
	original = frappe.get_attr(path)
	methods = frappe.allowed_http_methods_for_whitelisted_func.get(original)
	allow_guest = original in frappe.guest_methods
	return frappe.whitelist(allow_guest=allow_guest, methods=methods)
