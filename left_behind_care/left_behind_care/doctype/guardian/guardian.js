frappe.ui.form.on("Guardian", {
	setup(frm) {
		frm.set_query("village", () => ({ filters: { tier: "Village/Community" } }));
	},
});

// Privacy (issue 5): roles without level-1 access see the masked copies.
frappe.ui.form.on("Guardian", {
	refresh(frm) {
		const sensitive = !!(frm.perm[1] && frm.perm[1].read);
		frm.toggle_display(["id_number_masked", "phone_masked", "address_masked"], !sensitive);
	},
});
