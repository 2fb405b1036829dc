// Copyright (c) 2026, left_behind_care developers
// License: MIT. See license.txt

frappe.query_reports["Mentor Coverage"] = {
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
			fieldname: "view",
			label: __("View"),
			fieldtype: "Select",
			options: [
				{ value: "Mentor Load", label: __("Mentor Load") },
				{ value: "Children Without a Mentor", label: __("Children Without a Mentor") },
			],
			default: "Mentor Load",
		},
		{
			fieldname: "from_date",
			label: __("From Date"),
			fieldtype: "Date",
			default: frappe.datetime.quarter_start(),
			depends_on: 'eval:doc.view != "Children Without a Mentor"',
		},
		{
			fieldname: "to_date",
			label: __("To Date"),
			fieldtype: "Date",
			default: frappe.datetime.get_today(),
			depends_on: 'eval:doc.view != "Children Without a Mentor"',
			description: __("Periods that have not ended by this day are not yet due"),
		},
	],
	onload(report) {
		lbc.add_official_export(report);
	},
};
