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
		report.page.add_inner_button(__("Export Official Layout (.xlsx)"), () =>
			open_url_post("/api/method/left_behind_care.reporting.export_report", {
				report_name: report.report_name,
				filters: JSON.stringify(report.get_filter_values()),
			})
		);
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
