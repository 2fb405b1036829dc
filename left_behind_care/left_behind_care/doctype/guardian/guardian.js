frappe.ui.form.on("Guardian", {
	setup(frm) {
		frm.set_query("village", () => ({ filters: { tier: "Village/Community" } }));
	},
});
