frappe.listview_settings["Incident Report"] = {
	add_fields: ["status", "is_mandatory", "police_report_overdue", "reported_to_police_on", "police_received_on"],
	has_indicator_for_draft: true,
	get_indicator(doc) {
		if (doc.is_mandatory && !doc.police_received_on && frappe.user.has_role("Police Liaison")) {
			return [__("Awaiting Police Receipt"), "orange", "police_received_on,is,not set"];
		}
		if (doc.is_mandatory && doc.police_report_overdue && !doc.reported_to_police_on) {
			return [__("Police Report Overdue"), "red", "police_report_overdue,=,1"];
		}
		const colors = {
			Reported: "orange",
			"Under Assessment": "blue",
			Returned: "red",
			"In Service": "purple",
			Closed: "green",
		};
		return [__(doc.status), colors[doc.status] || "gray", "status,=," + doc.status];
	},
};
