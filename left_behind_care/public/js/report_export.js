// The official-layout export of the app's reports (left_behind_care.reporting.export_report),
// one button for every report. Frappe hides a page's inner buttons on a phone (behind
// "…"): there the export is the page's primary action instead.
frappe.provide("lbc");

lbc.add_official_export = (report) => {
	const label = __("Export Official Layout (.xlsx)");
	const run = () =>
		open_url_post("/api/method/left_behind_care.reporting.export_report", {
			report_name: report.report_name,
			filters: JSON.stringify(report.get_filter_values()),
		});
	report.page.add_inner_button(label, run);
	if (frappe.is_mobile()) report.page.set_primary_action(label, run);
};
