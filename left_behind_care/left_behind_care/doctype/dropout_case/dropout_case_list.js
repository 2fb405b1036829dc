frappe.listview_settings["Dropout Case"] = {
	add_fields: ["status"],
	get_indicator(doc) {
		const colors = {
			Registered: "orange",
			Persuading: "yellow",
			"Returned to School": "green",
			"Persuasion Failed": "red",
			"Reported to Education Bureau": "blue",
		};
		return [__(doc.status), colors[doc.status] || "gray", "status,=," + doc.status];
	},
};
