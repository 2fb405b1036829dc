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
			fieldname: "from_date",
			label: __("From Date"),
			fieldtype: "Date",
			default: frappe.datetime.quarter_start(),
		},
		{
			fieldname: "to_date",
			label: __("To Date"),
			fieldtype: "Date",
			default: frappe.datetime.get_today(),
			description: __("Periods that have not ended by this day are not yet due"),
		},
		{
			fieldname: "duty",
			label: __("Duty"),
			fieldtype: "Link",
			options: "Visit Duty",
		},
		{
			fieldname: "mentor",
			label: __("Mentor"),
			fieldtype: "Link",
			options: "User",
		},
		{
			fieldname: "only_overdue",
			label: __("Only Overdue"),
			fieldtype: "Check",
			default: 0,
		},
	],
	onload(report) {
		lbc.add_official_export(report);
	},
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (column.fieldname === "overdue_days" && data && data.overdue_days > 0) {
			return `<span class="text-danger">${value}</span>`;
		}
		return value;
	},
};
