frappe.ui.form.on("Holiday Safety Screening", {
	setup(frm) {
		frm.set_query("administrative_area", () => ({ filters: { tier: ["!=", "Village/Community"] } }));
	},
	refresh(frm) {
		if (frm.is_new()) return;
		if (frm.perm[0] && frm.perm[0].write) {
			frm.add_custom_button(__("List the Area's Children"), () =>
				frappe
					.xcall("left_behind_care.left_behind_care.doctype.holiday_safety_screening.holiday_safety_screening.create_checks", {
						campaign: frm.doc.name,
					})
					.then((count) => {
						frappe.show_alert({ message: __("{0} children added to the screening", [count]), indicator: "green" });
						frm.reload_doc();
					})
			);
		}
		frm.add_custom_button(__("Checks"), () => frappe.set_route("List", "Safety Screening Check", { campaign: frm.doc.name }));
	},
});
