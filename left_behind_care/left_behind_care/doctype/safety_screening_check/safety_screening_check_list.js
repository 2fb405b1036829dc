frappe.listview_settings["Safety Screening Check"] = {
	add_fields: ["status", "risk_found"],
	get_indicator(doc) {
		if (doc.status !== "Checked") return [__("Pending"), "orange", "status,=,Pending"];
		if (doc.risk_found) return [__("Risk Found"), "red", "risk_found,=,1"];
		return [__("Checked"), "green", "status,=,Checked"];
	},
};
