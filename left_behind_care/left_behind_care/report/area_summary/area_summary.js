// Copyright (c) 2026, left_behind_care developers
// License: MIT. See license.txt

frappe.query_reports["Area Summary"] = {
	filters: [
		{
			fieldname: "area",
			label: __("Area"),
			fieldtype: "Link",
			options: "Administrative Area",
			default: frappe.defaults.get_user_default("Administrative Area"),
			description: __("Rows are the areas one tier down; empty: your own area"),
		},
		{
			fieldname: "from_date",
			label: __("Visits From"),
			fieldtype: "Date",
			default: moment().startOf("quarter").format("YYYY-MM-DD"),
		},
		{
			fieldname: "to_date",
			label: __("Visits To"),
			fieldtype: "Date",
			default: moment().endOf("quarter").format("YYYY-MM-DD"),
		},
	],
	onload(report) {
		lbc.add_official_export(report);
	},
	formatter(value, row, column, data, default_formatter) {
		if (data && data.is_total_row) {
			if (column.fieldname === "area") return `<b>${frappe.utils.escape_html(value || "")}</b>`;
			return `<b>${default_formatter(value, row, column, data)}</b>`;
		}
		return default_formatter(value, row, column, data);
	},
};
