// Copyright (c) 2026, left_behind_care developers
// License: MIT. See license.txt

const LBC_REVIEWER_ROLE = {
	"Village/Community": "Township Officer",
	"Township/Street": "County Officer",
	"County/District": "City Officer",
};
// reporting.SUBMITTER_ROLE: the tier that submits (and, once returned, amends) its ledger
const LBC_SUBMITTER_ROLE = {
	"Village/Community": "Village Child Director",
	"Township/Street": "Township Officer",
	"County/District": "County Officer",
};

frappe.ui.form.on("Ledger Submission", {
	onload(frm) {
		if (frm.is_new()) {
			const last_quarter = moment().subtract(1, "quarter");
			if (!frm.doc.year) frm.set_value("year", last_quarter.year());
			if (!frm.doc.quarter) frm.set_value("quarter", String(last_quarter.quarter()));
			if (!frm.doc.area) {
				const area = frappe.defaults.get_user_default("Administrative Area");
				if (area) frm.set_value("area", area);
			}
		}
	},

	refresh(frm) {
		frm.set_query("area", () => ({ filters: { tier: ["!=", "City"] } }));
		if (frm.doc.docstatus === 2 && frm.doc.status === "Returned") {
			// returned for correction (cancelled so that the area amends it): one status shown
			frm.page.set_indicator(__("Returned"), "orange");
		}
		if (!frm.toolbar._lbc_amend_guard) {
			// only the area's own tier amends and submits again (the server refuses anyone
			// else); Frappe offers Amend to every role with amend permission, after an
			// asynchronous check, so the guard sits on the toolbar itself
			const set_page_actions = frm.toolbar.set_page_actions.bind(frm.toolbar);
			frm.toolbar.set_page_actions = (status) =>
				status === "Amend" && !may_submit(frm) ? frm.page.clear_actions() : set_page_actions(status);
			frm.toolbar._lbc_amend_guard = true;
			frm.toolbar.set_primary_action();
		}
		if (frm.doc.docstatus === 1 && frm.doc.status === "Submitted" && can_review(frm)) {
			frm.add_custom_button(__("Accept"), () => review(frm, "accept"), __("Review"));
			frm.add_custom_button(__("Return for Correction"), () => review(frm, "return_for_correction"), __("Review"));
		}
		if (frm.doc.docstatus === 1 && frm.doc.tier === "Village/Community") {
			frm.add_custom_button(__("Download Frozen Ledger (.xlsx)"), () =>
				open_url_post(
					"/api/method/left_behind_care.left_behind_care.doctype.ledger_submission.ledger_submission.download_ledger",
					{ name: frm.doc.name }
				)
			);
		}
		if (frm.doc.area && frm.doc.year && frm.doc.quarter) {
			frm.add_custom_button(__("Submission Tracker"), () =>
				frappe.set_route("query-report", "Submission Tracker", {
					area: frm.doc.parent_area || frm.doc.area,
					year: frm.doc.year,
					quarter: frm.doc.quarter,
				})
			);
		}
	},
});

function may_submit(frm) {
	const role = LBC_SUBMITTER_ROLE[frm.doc.tier];
	return ["System Manager", "Left Behind Care Manager", role].some((r) => frappe.user.has_role(r));
}

function can_review(frm) {
	const role = LBC_REVIEWER_ROLE[frm.doc.tier];
	return ["System Manager", "Left Behind Care Manager", role].some((r) => frappe.user.has_role(r));
}

function review(frm, method) {
	const returning = method === "return_for_correction";
	frappe.prompt(
		[
			{
				fieldname: "note",
				fieldtype: "Small Text",
				label: returning ? __("What must be corrected") : __("Note"),
				reqd: returning ? 1 : 0,
			},
		],
		(values) => frm.call(method, { note: values.note }).then(() => frm.reload_doc()),
		returning ? __("Return for Correction") : __("Accept Submission"),
		returning ? __("Return") : __("Accept")
	);
}
