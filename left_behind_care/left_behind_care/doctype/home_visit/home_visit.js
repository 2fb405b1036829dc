frappe.ui.form.on("Home Visit", {
	setup(frm) {
		frm.set_query("child", () => ({ filters: { status: "Active" } }));
	},
});

// Protection (issue 5): a visit that found a mandatory situation opens the Incident Report.
frappe.ui.form.on("Home Visit", {
	refresh(frm) {
		if (frm.is_new() || !frm.doc.mandatory_situation || frm.doc.incident_report) return;
		const open_report = () =>
			frappe.model.open_mapped_doc({
				method: "left_behind_care.left_behind_care.doctype.home_visit.home_visit.make_incident_report",
				frm: frm,
			});
		frm.add_custom_button(__("Incident Report"), open_report, __("Create"));
		frm.page.set_primary_action(__("Incident Report"), open_report);
		frm.dashboard.set_headline_alert(
			__("This visit found a situation that must be reported to the police at once: create the Incident Report."),
			"red"
		);
	},
});
