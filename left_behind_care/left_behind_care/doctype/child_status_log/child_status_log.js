// Copyright (c) 2026, left_behind_care developers and contributors
// For license information, please see license.txt

// frappe.ui.form.on("Child Status Log", {
// 	refresh(frm) {

// 	},
// });
