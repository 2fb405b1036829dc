// Copyright (c) 2026, left_behind_care developers
// License: MIT. See license.txt

frappe.query_reports["Incident Register"] = {
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
			label: __("Found From"),
			fieldtype: "Date",
		},
		{
			fieldname: "to_date",
			label: __("Found To"),
			fieldtype: "Date",
		},
		{
			fieldname: "incident_type",
			label: __("Type"),
			fieldtype: "Select",
			options: [
				"",
				"Living Alone Without Guardianship",
				"Missing",
				"Guardian Without Capacity",
				"Guardian Not Performing",
				"Suspected Domestic Violence",
				"Suspected Accidental Injury",
				"Suspected Unlawful Harm",
				"Dropout",
				"Accidental Injury",
				"Other",
			],
		},
		{
			fieldname: "status",
			label: __("Status"),
			fieldtype: "Select",
			options: ["", "Reported", "Under Assessment", "In Service", "Returned", "Closed"],
		},
		{
			fieldname: "mandatory_only",
			label: __("Mandatory Reports Only"),
			fieldtype: "Check",
		},
		{
			fieldname: "open_only",
			label: __("Open Only"),
			fieldtype: "Check",
		},
	],
	onload(report) {
		lbc.add_official_export(report);
	},
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (column.fieldname === "police_overdue" && data && data.police_overdue) {
			return `<span class="text-danger">${value}</span>`;
		}
		return value;
	},
};
