frappe.ui.form.on("Home Visit", {
	setup(frm) {
		frm.set_query("child", () => ({ filters: { status: "Active" } }));
	},
});
