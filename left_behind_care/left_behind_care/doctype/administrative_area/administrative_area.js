frappe.ui.form.on("Administrative Area", {
	refresh(frm) {
		frm.set_query("parent_administrative_area", () => ({ filters: { is_group: 1 } }));
	},
});
