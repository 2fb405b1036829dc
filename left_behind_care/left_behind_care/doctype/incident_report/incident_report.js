frappe.ui.form.on("Incident Report", {
	setup(frm) {
		frm.set_query("child", () => ({ filters: { status: ["!=", "Moved Away"] } }));
	},

	// Mandatory reporting clock (plan 4 §四1): one banner, worded for who reads it.
	refresh(frm) {
		if (!frm.doc.is_mandatory || frm.is_new()) {
			lbc.set_form_messages(frm, []);
			return;
		}
		const police = frappe.user.has_role("Police Liaison");
		if (police && !frm.doc.police_received_on) {
			frm.add_custom_button(__("Received by Police"), () =>
				frm.call("record_police_receipt").then(() => frm.reload_doc())
			).addClass("btn-primary");
		}
		if (frm.doc.police_received_on) {
			lbc.set_form_messages(frm, [
				[
					__("Received by the police on {0} ({1}).", [
						frappe.datetime.str_to_user(frm.doc.police_received_on),
						frappe.utils.escape_html(frm.doc.police_received_by),
					]),
					"green",
				],
			]);
			return;
		}
		if (frm.doc.reported_to_police_on && !police) {
			lbc.set_form_messages(frm, []);
			return;
		}
		const due = frm.doc.police_report_due_on;
		const left = due ? lbc_time_left(due) : null;
		if (police) {
			lbc.set_form_messages(frm, [[
				due
					? __("Mandatory report awaiting the police: due by {0} ({1}). Record its receipt with 'Received by Police'.", [
							frappe.datetime.str_to_user(due),
							left,
					  ])
					: __("Mandatory report awaiting the police. Record its receipt with 'Received by Police'."),
				left === __("overdue") ? "red" : "orange",
			]]);
		} else if (!due) {
			lbc.set_form_messages(frm, [[__("Mandatory report: report it to the police at once."), "orange"]]);
		} else if (frappe.datetime.system_datetime() > due) {
			lbc.set_form_messages(frm, [[
				__("Mandatory report overdue: it had to reach the police by {0}.", [frappe.datetime.str_to_user(due)]),
				"red",
			]]);
		} else {
			lbc.set_form_messages(frm, [[
				__("Mandatory report: report it to the police at once, by {0} at the latest ({1}).", [
					frappe.datetime.str_to_user(due),
					left,
				]),
				"orange",
			]]);
		}
	},
});

// "3 hours 20 minutes left", or "overdue", until a deadline (a server datetime string).
function lbc_time_left(due) {
	// both in the site's time zone, as stored (the browser's own zone may differ)
	const minutes = moment(due).diff(moment(frappe.datetime.system_datetime()), "minutes");
	if (minutes <= 0) return __("overdue");
	const hours = Math.floor(minutes / 60);
	return hours
		? __("{0} hours {1} minutes left", [hours, minutes % 60])
		: __("{0} minutes left", [minutes]);
}
