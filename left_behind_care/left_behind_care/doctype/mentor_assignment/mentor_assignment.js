frappe.ui.form.on("Mentor Assignment", {
	setup(frm) {
		frm.set_query("child", () => ({ filters: { status: "Active" } }));
	},
});
