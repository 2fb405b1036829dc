frappe.ui.form.on("Child", {
	id_number(frm) {
		// fill in gender and birth date as the number is typed (the server checks again on save)
		const typed = (frm.doc.id_number || "").trim();
		if (typed.length < 18 || typed.includes("*")) return;
		frappe
			.xcall("left_behind_care.left_behind_care.doctype.child.child.read_identity_number", { id_number: typed })
			.then((info) => {
				if (info.error) {
					frappe.show_alert({ message: info.error, indicator: "red" });
					return;
				}
				if (frm.doc.gender !== info.gender) frm.set_value("gender", info.gender);
				if (frm.doc.birth_date !== info.birth_date) frm.set_value("birth_date", info.birth_date);
			});
	},
	setup(frm) {
		frm.set_query("village", () => ({ filters: { tier: "Village/Community" } }));
		frm.set_query("guardian", () => (frm.doc.village ? { filters: { village: frm.doc.village } } : {}));
	},
	// the status indicator, Create buttons, masked copies for roles without level-1 access,
	// the banners (risk, mentor gap, consent, overdue contacts) and each duty's next due date
	refresh(frm) {
		const sensitive = !!(frm.perm[1] && frm.perm[1].read);
		frm.toggle_display(["id_number_masked", "address_masked"], !sensitive);
		frm.fields_dict.parents.grid.update_docfield_property("phone_masked", "hidden", sensitive ? 1 : 0);
		if (frm.is_new()) return;
		const status = frm.doc.is_left_behind
			? [__("Left Behind") + (frm.doc.guardianship_category ? " · " + __(frm.doc.guardianship_category) : ""), "orange"]
			: [__("Not Left Behind"), "green"];
		frm.page.set_indicator(status[0], status[1]);
		frm.add_custom_button(__("Home Visit"), () => frappe.new_doc("Home Visit", { child: frm.doc.name }), __("Create"));
		frm.add_custom_button(__("Risk Assessment"), () => frappe.new_doc("Risk Assessment", { child: frm.doc.name }), __("Create"));
		frm.add_custom_button(__("Mentor Assignment"), () => frappe.new_doc("Mentor Assignment", { child: frm.doc.name }), __("Create"));
		frm.add_custom_button(__("Incident Report"), () => frappe.new_doc("Incident Report", { child: frm.doc.name }), __("Create"));
		const messages = [];
		if (frm.doc.risk_level && frm.doc.risk_level !== "正常") {
			messages.push([
				__("Risk level {0}; guardian assessment {1}", [__(frm.doc.risk_level), __(frm.doc.guardian_assessment || "")]),
				["一级", "二级"].includes(frm.doc.risk_level) ? "red" : "orange",
			]);
		}
		if (frm.doc.status === "Active" && frm.doc.is_left_behind && !frm.doc.has_active_mentor) {
			messages.push([__("This child has no active mentor (结对帮扶): pair a mentor."), "red"]);
		}
		if (!frm.doc.consent_given) {
			messages.push([
				__("No consent to sharing recorded: identifiable information about this child cannot be exported."),
				"yellow",
			]);
		}
		lbc.set_form_messages(frm, messages);
		if (frm.doc.status === "Active" && frm.doc.is_left_behind) {
			// refresh can fire twice in a row (after the first save): draw only the last answer.
			// The overdue banner is read from the same duties as the table, so the two agree.
			const token = (frm._lbc_duties_token = (frm._lbc_duties_token || 0) + 1);
			frappe.xcall("left_behind_care.care.get_child_duties", { child: frm.doc.name }).then((duties) => {
				if (token !== frm._lbc_duties_token) return;
				render_duties(frm, duties);
				const overdue = (duties || []).filter((d) => d.overdue_days > 0);
				if (overdue.length) {
					const worst = Math.max(...overdue.map((d) => d.overdue_days));
					const next = overdue.map((d) => d.next_due).sort()[0];
					messages.push([
						__("Contacts overdue by {0} days (next due {1}).", [
							worst,
							frappe.datetime.str_to_user(next, false, true),
						]),
						frm.doc.visit_escalation ? "red" : "orange",
					]);
					lbc.set_form_messages(frm, messages);
				}
			});
		}
	},
});

function render_duties(frm, duties) {
	if (frm._lbc_duties_section) frm._lbc_duties_section.closest(".form-dashboard-section").remove();
	frm._lbc_duties_section = null;
	if (!duties || !duties.length) return;
	const rows = duties
		.map(
			(d) => `<tr>
				<td>${frappe.utils.escape_html(__(d.duty))}</td>
				<td>${frappe.utils.escape_html(d.mentor_name || __(d.responsible))}</td>
				<td>${__("contact {0} of {1} per {2}", [d.contact_number, d.times, __(d.period)])}</td>
				<td class="${d.overdue_days ? "text-danger" : ""}">${frappe.datetime.str_to_user(d.next_due, false, true)}${
				d.overdue_days ? " · " + __("{0} days overdue", [d.overdue_days]) : ""
			}</td>
			</tr>`
		)
		.join("");
	frm._lbc_duties_section = frm.dashboard.add_section(
		`<table class="table table-sm table-borderless small">
			<thead><tr><th>${__("Duty")}</th><th>${__("Owed By")}</th><th>${__("Next Contact")}</th><th>${__("Due")}</th></tr></thead>
			<tbody>${rows}</tbody>
		</table>`,
		__("Visit Duties")
	);
}
