// One message area per form, drawn whole on each refresh.
//
// Frappe's frm.dashboard.add_comment / set_headline_alert append to the form's message
// area (layout.show_message), and a form's refresh can fire twice in a row (after the
// first save), so every banner showed twice; add_comment also clears them all after ten
// seconds. lbc.set_form_messages replaces the area's content instead.
frappe.provide("lbc");

lbc.set_form_messages = (frm, messages) => {
	const shown = (messages || []).filter((message) => message && message[0]);
	if (frm._lbc_messages_drawn || shown.length) frm.layout.show_message(); // clear what an earlier refresh drew
	frm._lbc_messages_drawn = shown.length > 0;
	if (!shown.length) return;
	const severity = ["red", "orange", "yellow", "blue", "green"];
	const color = severity.find((c) => shown.some((message) => message[1] === c)) || "blue";
	frm.layout.show_message(shown.map(([text]) => `<div>${text}</div>`).join(""), color);
};
