frappe.ui.form.on("Child", {
	setup(frm) {
		frm.set_query("village", () => ({ filters: { tier: "Village/Community" } }));
		frm.set_query("guardian", () => (frm.doc.village ? { filters: { village: frm.doc.village } } : {}));
	},
	refresh(frm) {
		if (frm.is_new()) return;
		const status = frm.doc.is_left_behind
			? [__("Left Behind") + (frm.doc.guardianship_category ? " · " + __(frm.doc.guardianship_category) : ""), "orange"]
			: [__("Not Left Behind"), "green"];
		frm.page.set_indicator(status[0], status[1]);
		if (frm.doc.risk_level && frm.doc.risk_level !== "正常") {
			frm.dashboard.set_headline_alert(
				__("Risk level {0}; guardian assessment {1}", [__(frm.doc.risk_level), __(frm.doc.guardian_assessment || "")]),
				["一级", "二级"].includes(frm.doc.risk_level) ? "red" : "orange"
			);
		}
		frm.add_custom_button(__("Home Visit"), () => frappe.new_doc("Home Visit", { child: frm.doc.name }), __("Create"));
		frm.add_custom_button(__("Risk Assessment"), () => frappe.new_doc("Risk Assessment", { child: frm.doc.name }), __("Create"));
		frm.add_custom_button(__("Mentor Assignment"), () => frappe.new_doc("Mentor Assignment", { child: frm.doc.name }), __("Create"));
		frm.add_custom_button(__("Incident Report"), () => frappe.new_doc("Incident Report", { child: frm.doc.name }), __("Create"));
	},
});
