frappe.ui.form.on("Visit Duty", {
	refresh(frm) {
		frm.set_intro(
			__("Contacts are counted from the Home Visit log. A period counts when the duty applied from its first half; the contacts of a period are due evenly spread over it (twice a week: by Thursday and by Sunday)."),
			"blue"
		);
	},
});
