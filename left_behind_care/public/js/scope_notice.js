// An officer whose User Permissions give no area sees why their workspace is empty
// (left_behind_care.permissions.scope_notice, sent with the boot info).
(() => {
	const show = () => {
		const notice = frappe.boot && frappe.boot.lbc_scope_notice;
		if (!notice || frappe.get_route()[0] !== "Workspaces") return;
		const page = $(".page-container:visible .layout-main-section").first();
		if (!page.length || page.find(".lbc-scope-notice").length) return;
		$('<div class="lbc-scope-notice alert alert-warning" role="alert"></div>')
			.text(notice.message)
			.prependTo(page);
	};
	$(document).on("page-change", () => setTimeout(show, 300));
	frappe.router && frappe.router.on && frappe.router.on("change", () => setTimeout(show, 300));
})();
