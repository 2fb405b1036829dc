frappe.ui.form.on("Risk Assessment", {
	setup(frm) {
		frm.set_query("child", () => ({ filters: { status: "Active" } }));
	},
});
