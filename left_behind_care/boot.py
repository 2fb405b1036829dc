"""What the desk receives at boot for a user of the app (hook ``extend_bootinfo``)."""

from __future__ import annotations

import frappe

from left_behind_care.permissions import APP_MODULE, LBC_ROLES, scope_notice


def extend_bootinfo(bootinfo) -> None:
	"""``extend_bootinfo`` hook (run on every desk load, after Frappe's cached boot):

	- ``lbc_scope_notice``: why an officer without an area sees nothing
	  (:func:`left_behind_care.permissions.scope_notice`);
	- the app's workspaces in ``module_wise_workspaces`` put in the user's order (their
	  Default Workspace, then those of their roles), so that a form's breadcrumb leads a
	  township officer back to the Township Office, not to the first workspace of the
	  module (Frappe takes the first one, whoever reads it);
	- on v16, the labels of the app's workspace sidebars translated (:func:`translate_sidebars`).
	"""
	bootinfo.lbc_scope_notice = scope_notice()
	workspaces = (bootinfo.get("module_wise_workspaces") or {}).get(APP_MODULE)
	if workspaces:
		bootinfo.module_wise_workspaces[APP_MODULE] = user_workspace_order(workspaces)
	translate_sidebars(bootinfo)


def translate_sidebars(bootinfo) -> None:
	"""The app's workspace sidebars (Frappe v16's Workspace Sidebar, made from each
	workspace's shortcuts) in the user's language: v16 draws their labels as stored, in
	English. Other apps' sidebars are left as they are; v15 has none.
	"""
	sidebars = bootinfo.get("workspace_sidebar_item")
	if not sidebars:
		return
	ours = {
		name.lower() for name in frappe.get_all("Workspace", filters={"module": APP_MODULE}, pluck="name")
	}
	for key, sidebar in sidebars.items():
		if key not in ours and sidebar.get("module") != APP_MODULE:
			continue
		for item in sidebar.get("items") or []:
			label = item.get("label")
			if label:
				item["label"] = frappe._(label)


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


def may_open_app(user: str | None = None) -> bool:
	"""``has_permission`` of the app's tile on the apps screen: users holding one of the
	app's roles (and System Managers) see it; an ERPNext clerk does not.

	Returns:
	    bool.
	"""
	roles = set(frappe.get_roles(user or frappe.session.user))
	return bool(roles & set(LBC_ROLES)) or "System Manager" in roles
