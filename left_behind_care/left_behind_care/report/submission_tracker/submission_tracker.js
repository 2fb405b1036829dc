// Copyright (c) 2026, left_behind_care developers
// License: MIT. See license.txt

frappe.query_reports["Submission Tracker"] = {
	filters: [
		{
			fieldname: "area",
			label: __("Area"),
			fieldtype: "Link",
			options: "Administrative Area",
			default: frappe.defaults.get_user_default("Administrative Area"),
			description: __("Empty: your own area"),
		},
		{
			fieldname: "year",
			label: __("Year"),
			fieldtype: "Int",
			default: moment().subtract(1, "quarter").year(),
		},
		{
			fieldname: "quarter",
			label: __("Quarter"),
			fieldtype: "Select",
			options: ["1", "2", "3", "4"],
			default: String(moment().subtract(1, "quarter").quarter()),
		},
	],
	onload(report) {
		lbc.add_official_export(report);
	},
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (column.fieldname === "status" && data) {
			const colour = { Accepted: "green", Submitted: "blue", Draft: "orange", Returned: "orange", Missing: "red" }[
				data.status_code
			];
			if (colour) return `<span class="indicator-pill ${colour}">${value}</span>`;
		}
		return value;
	},
};
