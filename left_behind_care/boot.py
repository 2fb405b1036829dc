"""What the desk receives at boot for a user of the app (hook ``extend_bootinfo``)."""

from __future__ import annotations

import frappe

from left_behind_care.permissions import APP_MODULE, scope_notice


def extend_bootinfo(bootinfo) -> None:
	"""``extend_bootinfo`` hook (run on every desk load, after Frappe's cached boot):

	- ``lbc_scope_notice``: why an officer without an area sees nothing
	  (:func:`left_behind_care.permissions.scope_notice`);
	- the app's workspaces in ``module_wise_workspaces`` put in the user's order (their
	  Default Workspace, then those of their roles), so that a form's breadcrumb leads a
	  township officer back to the Township Office, not to the first workspace of the
	  module (Frappe takes the first one, whoever reads it).
	"""
	bootinfo.lbc_scope_notice = scope_notice()
	workspaces = (bootinfo.get("module_wise_workspaces") or {}).get(APP_MODULE)
	if workspaces:
		bootinfo.module_wise_workspaces[APP_MODULE] = user_workspace_order(workspaces)


def user_workspace_order(workspaces: list[str], user: str | None = None) -> list[str]:
	"""The workspaces given, the user's own first: their Default Workspace, then those
	bound to one of their roles, then the rest, each group in the given order.

	Args:
	    workspaces: Workspace names (Frappe's order).
	    user: a User id; the session user by default.

	Returns:
	    the same names, reordered.
	"""
	user = user or frappe.session.user
	roles = frappe.get_roles(user)
	own = set(
		frappe.get_all(
			"Has Role",
			filters={"parenttype": "Workspace", "parent": ["in", workspaces], "role": ["in", roles]},
			pluck="parent",
		)
	)
	default = frappe.db.get_value("User", user, "default_workspace")
	return sorted(workspaces, key=lambda name: (name != default, name not in own))
