"""One guard, on every request, against arguments that change whose permissions apply.

Frappe v15's whitelisted methods take arguments from the client that widen what the
caller reaches, and the app's row-level scope never runs when they are honoured:

- ``ignore_user_permissions`` (``frappe.desk.search.search_link`` / ``search_widget``):
  for a role that may read the DocType it becomes ``ignore_permissions``, so
  ``permission_query_conditions`` is skipped and every record on the site comes back;
- ``ignore_permissions`` (keyword arguments of ``frappe.desk.form.assign_to.add``,
  ``remove``, ``close``, ``remove_multiple``; any other method taking ``**kwargs``);
- ``user`` (``frappe.desk.query_report.run`` reads the prepared result and filters the
  rows by the User Permissions of the user the client names; ``getdoc`` and others
  take it too).

Rather than wrap each endpoint, :func:`guard_request` runs once per request, after
Frappe has authenticated the caller (an ``auth_hooks`` hook, called by
``frappe.auth.validate_auth`` for cookie, token and API-key sessions alike) and before
the method runs. For a restricted user (see ``permissions.is_unrestricted``) and a
request that names one of the app's scoped DocTypes or reports, the flags are removed
and ``user`` is pinned to the caller, except where ``user`` names a recipient
(sharing). Requests about other DocTypes (ERPNext's, Frappe's) are left untouched.

Found by enumerating ``frappe.whitelisted`` on Frappe 15.44 for parameters named
``user``, ``ignore_permissions`` and ``ignore_user_permissions``; the generated leak
matrix (tests/test_request_surface.py) re-enumerates them on every run.
"""

from __future__ import annotations

import json

import frappe

# client-sent arguments that switch permission checks off
WIDENING_FLAGS = (
	"ignore_permissions",
	"ignore_user_permissions",
	"ignore_user_perms",
	"ignore_share_permission",
)
# client-sent argument that names whose permissions apply
USER_ARG = "user"
# methods whose ``user`` names the person a document is given to, not the reader
RECIPIENT_USER_METHODS = frozenset(
	{
		"frappe.share.add",
		"frappe.share.add_docshare",
		"frappe.share.set_permission",
		"frappe.share.remove",
	}
)
# argument names that carry a DocType or report name, at the top level or inside a JSON
# argument (``args`` of assign_to, ``doc`` of savedocs, ``filters`` …)
TARGET_KEYS = (
	"doctype",
	"dt",
	"reference_doctype",
	"ref_doctype",
	"parent_doctype",
	"parenttype",
	"parent",
	"document_type",
	"report_name",
	"report",
)


def app_targets() -> frozenset[str]:
	"""The names whose requests are guarded: the app's scoped DocTypes, their child
	tables, the ledger import DocTypes and the app's reports (cached for the request).

	The Administrative Area tree is public and is left out: its Link fields that ignore
	User Permissions (a township's parent area) keep doing so.
	"""
	if frappe.flags.lbc_request_targets is None:
		from left_behind_care.permissions import app_doctypes, app_reports

		frappe.flags.lbc_request_targets = frozenset(
			(set(app_doctypes()) | set(app_reports())) - {"Administrative Area"}
		)
	return frappe.flags.lbc_request_targets


def _names_in(value, depth: int = 0):
	"""Every string a request argument holds under a target key (JSON decoded, 2 levels)."""
	if depth > 2:
		return
	if isinstance(value, str):
		text = value.strip()
		if text[:1] in ("{", "["):
			try:
				yield from _names_in(json.loads(text), depth + 1)
			except ValueError:
				return
		return
	if isinstance(value, dict):
		for key, inner in value.items():
			if key in TARGET_KEYS and isinstance(inner, str):
				yield inner
			else:
				yield from _names_in(inner, depth + 1)
	elif isinstance(value, list | tuple):
		for inner in value:
			yield from _names_in(inner, depth + 1)


def request_targets(form_dict: dict, path: str = "") -> set[str]:
	"""The DocType and report names a request is about.

	Args:
	    form_dict: the request's arguments.
	    path: the request path (``/api/resource/<DocType>/…``, ``/api/v2/document/<DocType>``).

	Returns:
	    set of names (of any app).
	"""
	names = {value for key, value in form_dict.items() if key in TARGET_KEYS and isinstance(value, str)}
	for key, value in form_dict.items():
		if key not in TARGET_KEYS:
			names.update(_names_in(value))
	parts = [p for p in (path or "").split("/") if p]
	for marker in ("resource", "document", "doctype"):
		if marker in parts and parts.index(marker) + 1 < len(parts):
			from urllib.parse import unquote

			names.add(unquote(parts[parts.index(marker) + 1]))
	return names


def guard_arguments(form_dict: dict, user: str, path: str = "") -> list[str]:
	"""Remove, in place, the arguments of a request that would widen what ``user`` reaches.

	Args:
	    form_dict: the request's arguments (``frappe.form_dict``), changed in place.
	    user: the authenticated caller.
	    path: the request path.

	Returns:
	    the names of the arguments removed or pinned (empty when nothing changed).
	"""
	from left_behind_care.permissions import is_unrestricted

	if user == "Administrator" or not (request_targets(form_dict, path) & app_targets()):
		return []
	if is_unrestricted(user):
		return []
	changed = [flag for flag in WIDENING_FLAGS if form_dict.pop(flag, None) is not None]
	method = form_dict.get("cmd") or path.rsplit("/method/", 1)[-1]
	if form_dict.get(USER_ARG) not in (None, "", user) and method not in RECIPIENT_USER_METHODS:
		form_dict[USER_ARG] = user
		changed.append(USER_ARG)
	return changed


def guard_request() -> None:
	"""``auth_hooks`` hook: apply :func:`guard_arguments` to the current request.

	Runs after Frappe has set the session user (cookie, OAuth token or API key) and
	before the requested method is called.
	"""
	if not getattr(frappe.local, "request", None) or frappe.form_dict is None:
		return
	guard_arguments(frappe.form_dict, frappe.session.user, frappe.local.request.path)
