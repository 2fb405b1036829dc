// Copyright (c) 2026, left_behind_care developers
// License: MIT. See license.txt

frappe.query_reports["Village Ledger"] = {
	filters: [
		{
			fieldname: "area",
			label: __("Area"),
			fieldtype: "Link",
			options: "Administrative Area",
			default: frappe.defaults.get_user_default("Administrative Area"),
			description: __("A township or county lists every village below it; empty: your own area"),
		},
		{
			fieldname: "status",
			label: __("Status"),
			fieldtype: "Select",
			options: ["", "Active", "No Longer Left Behind", "Aged Out", "Moved Away"],
			default: "Active",
		},
		{
			fieldname: "left_behind",
			label: __("Left Behind"),
			fieldtype: "Select",
			options: [
				{ value: "", label: __("All") },
				{ value: "Yes", label: __("Yes") },
				{ value: "No", label: __("No") },
			],
			default: "Yes",
		},
		{
			fieldname: "guardianship_category",
			label: __("Guardianship Category"),
			fieldtype: "Select",
			options: ["", "一类", "二类", "三类"],
		},
		{
			fieldname: "risk_level",
			label: __("Risk Level"),
			fieldtype: "Select",
			options: ["", "一级", "二级", "三级", "四级", "正常"],
		},
	],
	// stored values (Male, Active, Uncle, …) are shown in the user's language
	formatter(value, row, column, data, default_formatter) {
		if (["gender", "status", "guardian_relationship"].includes(column.fieldname) && value) {
			value = __(value);
		}
		return default_formatter(value, row, column, data);
	},
	onload(report) {
		lbc.add_official_export(report);
	},
};
