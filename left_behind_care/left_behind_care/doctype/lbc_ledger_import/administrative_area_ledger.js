// Copyright (c) 2026, left_behind_care developers
// License: MIT. See license.txt
// Added to the Administrative Area form by hooks.doctype_js: export this area's ledger (台账).

frappe.ui.form.on("Administrative Area", {
	refresh(frm) {
		if (frm.is_new() || !frappe.model.can_read("Child")) return;
		frm.add_custom_button(__("Export Ledger"), () => {
			const module = "left_behind_care.left_behind_care.doctype.lbc_ledger_import.ledger_export";
			const args = { area: frm.doc.name, include_inactive: 0 };
			const download = () => window.open(`/api/method/${module}.export_ledger?${new URLSearchParams(args)}`);
			// say first what the export stars and why (no consent recorded, or the role)
			frappe.xcall(`${module}.export_notice`, args).then((notice) => {
				if (!notice.message) return download();
				frappe.confirm(frappe.utils.escape_html(notice.message), download, null, __("Export Ledger"));
			});
		});
		if (frappe.model.can_create("LBC Ledger Import")) {
			frm.add_custom_button(__("Import Ledger"), () => {
				frappe.new_doc("LBC Ledger Import", { area: frm.doc.name });
			});
		}
	},
});
