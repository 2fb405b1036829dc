// Copyright (c) 2026, left_behind_care developers
// License: MIT. See license.txt

frappe.query_reports["Visit Compliance"] = {
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
			fieldname: "mentor",
			label: __("Mentor"),
			fieldtype: "Link",
			options: "User",
		},
		{
			fieldname: "show",
			label: __("Show"),
			fieldtype: "Select",
			options: [
				{ value: "Overdue", label: __("Overdue Children") },
				{ value: "All", label: __("All Left-behind Children") },
			],
			default: "Overdue",
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
		if (column.fieldname === "days_overdue" && data && data.days_overdue > 0) {
			return `<span class="text-danger">${value}</span>`;
		}
		return value;
	},
};
