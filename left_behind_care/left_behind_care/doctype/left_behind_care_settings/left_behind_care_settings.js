frappe.ui.form.on("Left Behind Care Settings", {
	refresh(frm) {
		const custom = frm.doc.determination_rule === "Custom";
		["age_limit", "min_months_away", "one_away_other_incapable"].forEach((f) => frm.set_df_property(f, "read_only", !custom));
	},
	determination_rule(frm) {
		frm.trigger("refresh");
	},
});
