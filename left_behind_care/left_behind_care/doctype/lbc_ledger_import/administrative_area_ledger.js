// Copyright (c) 2026, left_behind_care developers
// License: MIT. See license.txt
// Added to the Administrative Area form by hooks.doctype_js: export this area's ledger (台账).

frappe.ui.form.on("Administrative Area", {
	refresh(frm) {
		if (frm.is_new() || !frappe.model.can_read("Child")) return;
		frm.add_custom_button(__("Export Ledger"), () => {
			const args = new URLSearchParams({ area: frm.doc.name, include_inactive: 0 });
			window.open(
				`/api/method/left_behind_care.left_behind_care.doctype.lbc_ledger_import.ledger_export.export_ledger?${args}`
			);
		});
		if (frappe.model.can_create("LBC Ledger Import")) {
			frm.add_custom_button(__("Import Ledger"), () => {
				frappe.new_doc("LBC Ledger Import", { area: frm.doc.name });
			});
		}
	},
});
