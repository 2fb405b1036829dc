frappe.ui.form.on("Incident Report", {
	setup(frm) {
		frm.set_query("child", () => ({ filters: { status: ["!=", "Moved Away"] } }));
	},
});

// Mandatory reporting clock (issue 5, plan 4 §四1).
frappe.ui.form.on("Incident Report", {
	refresh(frm) {
		if (!frm.doc.is_mandatory || frm.doc.reported_to_police_on) return;
		const due = frm.doc.police_report_due_on;
		if (!due) {
			frm.dashboard.set_headline_alert(__("Mandatory report: report it to the police at once."), "orange");
		} else if (frappe.datetime.now_datetime() > due) {
			frm.dashboard.set_headline_alert(
				__("Mandatory report overdue: it had to reach the police by {0}.", [frappe.datetime.str_to_user(due)]),
				"red"
			);
		} else {
			frm.dashboard.set_headline_alert(
				__("Mandatory report: report it to the police at once, by {0} at the latest.", [frappe.datetime.str_to_user(due)]),
				"orange"
			);
		}
	},
});
