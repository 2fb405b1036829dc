// Copyright (c) 2026, left_behind_care developers
// License: MIT. See license.txt

frappe.query_reports["Quarterly Changes"] = {
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
			label: __("From"),
			fieldtype: "Date",
			default: moment().subtract(1, "quarter").startOf("quarter").format("YYYY-MM-DD"),
		},
		{
			fieldname: "to_date",
			label: __("To"),
			fieldtype: "Date",
			default: moment().subtract(1, "quarter").endOf("quarter").format("YYYY-MM-DD"),
		},
		{
			fieldname: "change",
			label: __("Change"),
			fieldtype: "Select",
			options: [
				{ value: "", label: __("All") },
				{ value: "New Left-behind Child", label: __("New Left-behind Child") },
				{
					value: "No Longer Left Behind: Parent Came Home",
					label: __("No Longer Left Behind: Parent Came Home"),
				},
				{ value: "No Longer Left Behind: Aged Out", label: __("No Longer Left Behind: Aged Out") },
				{ value: "No Longer Left Behind: Moved Away", label: __("No Longer Left Behind: Moved Away") },
				{
					value: "No Longer Left Behind: Other Reason",
					label: __("No Longer Left Behind: Other Reason"),
				},
				{ value: "Grading Changed", label: __("Grading Changed") },
			],
		},
	],
	onload(report) {
		lbc.add_official_export(report);
	},
};
