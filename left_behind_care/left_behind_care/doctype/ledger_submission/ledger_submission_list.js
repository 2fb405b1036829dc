// Copyright (c) 2026, left_behind_care developers
// License: MIT. See license.txt

frappe.listview_settings["Ledger Submission"] = {
	add_fields: ["status", "docstatus"],
	get_indicator(doc) {
		const colour = {
			Draft: "red",
			Submitted: "blue",
			Accepted: "green",
			Returned: "orange",
			Cancelled: "gray",
		}[doc.status];
		return [__(doc.status), colour || "gray", "status,=," + doc.status];
	},
};
