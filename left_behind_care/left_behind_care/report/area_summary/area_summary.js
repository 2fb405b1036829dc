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
		report.page.add_inner_button(__("Export Official Layout (.xlsx)"), () =>
			open_url_post("/api/method/left_behind_care.reporting.export_report", {
				report_name: report.report_name,
				filters: JSON.stringify(report.get_filter_values()),
			})
		);
	},
	formatter(value, row, column, data, default_formatter) {
		if (data && data.is_total_row) {
			if (column.fieldname === "area") return `<b>${frappe.utils.escape_html(value || "")}</b>`;
			return `<b>${default_formatter(value, row, column, data)}</b>`;
		}
		return default_formatter(value, row, column, data);
	},
};
