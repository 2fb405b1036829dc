frappe.ui.form.on("Home Visit", {
	setup(frm) {
		frm.set_query("child", () => ({ filters: { status: "Active" } }));
	},

	// Protection (plan 4 §四1): a visit that found a mandatory situation opens the Incident
	// Report, from a button in the banner and as the form's primary action.
	refresh(frm) {
		if (frm.is_new() || !frm.doc.mandatory_situation || frm.doc.incident_report) {
			lbc.set_form_messages(frm, []);
			return;
		}
		const open_report = () =>
			frappe.model.open_mapped_doc({
				method: "left_behind_care.left_behind_care.doctype.home_visit.home_visit.make_incident_report",
				frm: frm,
			});
		frm.add_custom_button(__("Incident Report"), open_report, __("Create"));
		frm.page.set_primary_action(__("Open Incident Report"), open_report);
		lbc.set_form_messages(frm, [
			[
				__("This visit found a situation that must be reported to the police at once: create the Incident Report.") +
					` <button class="btn btn-xs btn-danger lbc-open-report">${__("Open Incident Report")}</button>`,
				"red",
			],
		]);
		frm.layout.message.find(".lbc-open-report").on("click", open_report);
	},
});
