frappe.ui.form.on("Dropout Case", {
	setup(frm) {
		frm.set_query("child", () => ({ filters: { status: ["!=", "Moved Away"] } }));
	},
	refresh(frm) {
		if (frm.doc.status === "Persuasion Failed") {
			frm.dashboard.set_headline_alert(
				__("Persuasion failed: send the written report to the county education bureau and the township, and record it here."),
				"red"
			);
		}
	},
});
