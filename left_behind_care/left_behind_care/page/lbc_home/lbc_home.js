// 关爱保护: where the apps screen (Frappe v15 /apps, v16 /desk) and a login lead a user of
// the app. It opens the user's own workspace: their Default Workspace, else the first of
// the app's workspaces their roles give (the boot puts those first, boot.py).
frappe.pages["lbc-home"].on_page_load = function () {
	const own = frappe.boot.user.default_workspace;
	const ours = (frappe.boot.module_wise_workspaces || {})["Left Behind Care"] || [];
	const target = (own && own.name) || ours[0];
	if (target) {
		frappe.set_route(frappe.router.slug(target));
	} else {
		frappe.set_route("");
	}
};
