frappe.ui.form.on("Incident Report", {
	setup(frm) {
		frm.set_query("child", () => ({ filters: { status: ["!=", "Moved Away"] } }));
	},
});
