// Copyright (c) 2026, left_behind_care developers
// License: MIT. See license.txt

frappe.listview_settings["LBC Ledger Import"] = {
	add_fields: ["status", "error_count"],
	get_indicator(doc) {
		const colors = {
			Pending: "gray",
			Queued: "blue",
			"In Progress": "orange",
			Success: "green",
			"Partial Success": "orange",
			Failed: "red",
		};
		return [__(doc.status), colors[doc.status] || "gray", "status,=," + doc.status];
	},
	onload(listview) {
		listview.page.add_inner_button(__("Export Ledger"), () => lbc_export_ledger_dialog());
	},
};

function lbc_export_ledger_dialog(area) {
	const dialog = new frappe.ui.Dialog({
		title: __("Export Ledger"),
		fields: [
			{
				fieldname: "area",
				fieldtype: "Link",
				options: "Administrative Area",
				label: __("Area"),
				reqd: 1,
				default: area,
				description: __("A village, or a township or county for every village under it."),
			},
			{ fieldname: "include_inactive", fieldtype: "Check", label: __("Include children who aged out or moved away") },
		],
		primary_action_label: __("Download .xlsx"),
		primary_action(values) {
			const args = new URLSearchParams({ area: values.area, include_inactive: values.include_inactive ? 1 : 0 });
			window.open(
				`/api/method/left_behind_care.left_behind_care.doctype.lbc_ledger_import.ledger_export.export_ledger?${args}`
			);
			dialog.hide();
		},
	});
	dialog.show();
}
