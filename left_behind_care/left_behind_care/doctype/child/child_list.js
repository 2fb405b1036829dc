frappe.listview_settings["Child"] = {
	add_fields: ["is_left_behind", "guardianship_category", "risk_level", "status"],
	get_indicator(doc) {
		if (doc.status !== "Active") return [__(doc.status), "gray", "status,=," + doc.status];
		if (doc.is_left_behind) {
			const color = ["一级", "二级"].includes(doc.risk_level) ? "red" : "orange";
			return [__("Left Behind") + (doc.guardianship_category ? " · " + __(doc.guardianship_category) : ""), color, "is_left_behind,=,1"];
		}
		return [__("Not Left Behind"), "green", "is_left_behind,=,0"];
	},
};
