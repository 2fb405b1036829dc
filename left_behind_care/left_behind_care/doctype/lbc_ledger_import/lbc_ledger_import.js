// Copyright (c) 2026, left_behind_care developers
// License: MIT. See license.txt

const LBC_IMPORT_METHODS = "left_behind_care.left_behind_care.doctype.lbc_ledger_import.lbc_ledger_import";
const LBC_RUNNING = ["Queued", "In Progress"];

frappe.ui.form.on("LBC Ledger Import", {
	setup(frm) {
		frm.set_query("area", () => ({ filters: { tier: ["!=", "City"] } }));
	},

	onload(frm) {
		frappe.realtime.off("lbc_ledger_import_progress");
		frappe.realtime.on("lbc_ledger_import_progress", (data) => {
			if (data.ledger_import !== frm.doc.name) return;
			if (data.final) {
				frm.dashboard.hide_progress();
				frm.reload_doc();
				return;
			}
			const percent = Math.floor((data.current * 100) / data.total);
			frm.dashboard.show_progress(
				__("Importing ledger"),
				percent,
				__("Row {0} of {1}: {2} created, {3} updated, {4} unchanged, {5} rejected", [
					data.current,
					data.total,
					data.counts.Created,
					data.counts.Updated,
					data.counts.Unchanged,
					data.counts.Error,
				])
			);
		});
	},

	refresh(frm) {
		frm.toggle_enable(["import_file", "sheet_name", "area"], !LBC_RUNNING.includes(frm.doc.status));
		if (frm.is_new() || !frm.doc.import_file) return;

		if (!LBC_RUNNING.includes(frm.doc.status)) {
			const label = frm.doc.status === "Pending" ? __("Start Import") : __("Import Again");
			frm.add_custom_button(label, () => lbc_start_import(frm)).addClass("btn-primary");
			frm.add_custom_button(__("Preview"), () => lbc_show_preview(frm));
		}
		if (frm.doc.error_count) {
			frm.add_custom_button(__("Download Rejected Rows"), () => {
				window.open(
					`/api/method/${LBC_IMPORT_METHODS}.download_errored_rows?import_name=${encodeURIComponent(frm.doc.name)}`
				);
			});
		}
		lbc_show_summary(frm);
		if (frm.doc.status === "Pending") {
			lbc_show_preview(frm);
		} else {
			lbc_show_log(frm, null, 0);
		}
	},

	import_file(frm) {
		if (frm.doc.import_file && !frm.is_new()) frm.save();
	},

	sheet_name(frm) {
		if (!frm.is_new() && frm.doc.status === "Pending") lbc_show_preview(frm);
	},
});

function lbc_start_import(frm) {
	const run = () =>
		frappe
			.call({ method: `${LBC_IMPORT_METHODS}.start_import`, args: { import_name: frm.doc.name } })
			.then(() => {
				frappe.show_alert({ message: __("The import is queued; progress shows here."), indicator: "blue" });
				frm.reload_doc();
			});
	if (frm.is_dirty()) {
		frm.save().then(run);
	} else {
		run();
	}
}

function lbc_show_summary(frm) {
	const d = frm.doc;
	frm.dashboard.clear_headline();
	if (d.status === "Queued") {
		const waiting = __(
			"Queued: the import waits for a background worker and starts by itself. If it stays queued for minutes, ask the administrator to start the site's workers (bench start, or bench worker --queue long)."
		);
		frm.dashboard.set_headline(waiting, "orange");
	} else if (d.status === "Failed" && d.error_message) {
		// stored escaped by the server (importer.safe_text)
		frm.dashboard.set_headline(d.error_message, "red");
	} else if (["Success", "Partial Success", "Failed"].includes(d.status)) {
		frm.dashboard.set_headline(
			__("{0} rows: {1} created, {2} updated, {3} unchanged, {4} rejected.", [
				d.total_rows,
				d.created_count,
				d.updated_count,
				d.unchanged_count,
				d.error_count,
			]),
			d.error_count ? "orange" : "green"
		);
	}
}

function lbc_cell(value) {
	return frappe.utils.escape_html(value == null ? "" : String(value));
}

function lbc_outcome_badge(outcome) {
	const colors = { Created: "green", Updated: "blue", Unchanged: "gray", Error: "red", Skipped: "orange", ok: "green" };
	const rejected = String(outcome).startsWith("error:");
	const color = colors[outcome] || (rejected ? "red" : "gray");
	// the preview's codes (ok, error:<kind>) are shown as words; the kind stays in the tooltip
	const label = outcome === "ok" ? __("Accepted") : rejected ? __("Rejected") : __(outcome);
	return `<span class="indicator-pill ${color}" title="${lbc_cell(outcome)}">${lbc_cell(label)}</span>`;
}

function lbc_show_preview(frm) {
	const wrapper = frm.get_field("preview_html").$wrapper;
	wrapper.html(`<p class="text-muted">${__("Reading the ledger…")}</p>`);
	frappe
		.call({
			method: `${LBC_IMPORT_METHODS}.get_preview`,
			args: { import_name: frm.doc.name, sheet_name: frm.doc.sheet_name || null },
		})
		.then((r) => {
			const data = r.message;
			frm.set_df_property("sheet_name", "options", data.all_sheets);
			// the Autocomplete reads its options when built: give it the workbook's sheets now
			frm.fields_dict.sheet_name?.set_data?.(data.all_sheets);
			let html = "";
			if (data.area) {
				// (no template literal inside __(): the string extractor would miss the message)
				const area = "<b>" + lbc_cell(data.area) + "</b>";
				const said = data.area_detected
					? __("Area detected from the file: {0}. Choose another Area above if this is wrong.", [area])
					: __("Area: {0}", [area]);
				html += `<p>${said}</p>`;
			} else {
				html += `<p class="text-danger">${__("The area cannot be detected from the file: choose the Area above.")}</p>`;
			}
			for (const sheet of data.sheets) {
				if (!sheet.has_header) {
					const name = "<b>" + lbc_cell(sheet.name) + "</b>";
					const said = __("Sheet {0} has no ledger header row and will not be read.", [name]);
					html += `<p class="text-warning">${said}</p>`;
					continue;
				}
				html += `<h5>${__("Sheet {0}", [lbc_cell(sheet.name)])}: ${__("{0} data rows", [sheet.rows])}</h5>`;
				html += `<p class="text-muted">${lbc_cell(sheet.title)}<br>${__("Office")}: ${lbc_cell(sheet.office)} · ${__("Ledger date")}: ${lbc_cell(sheet.ledger_date || __("none (today is used)"))} · ${__("Header row")}: ${sheet.header_row}</p>`;
				html += `<p>${sheet.columns.map((c) => `${lbc_cell(c.column)}: ${lbc_cell(c.header)}`).join(" · ")}</p>`;
				if (sheet.ignored.length) {
					html += `<p class="text-warning">${__("Columns not read")}: ${sheet.ignored.map(lbc_cell).join("、")}</p>`;
				}
				if (sheet.merged && sheet.merged.length) {
					const ranges = sheet.merged.map((m) =>
						__("{0}, rows {1}–{2}", [m.columns.map(lbc_cell).join("、"), m.from_row, m.to_row])
					);
					html += `<p class="text-muted">${__("Merged cells, read as the same value in each of their rows")}: ${ranges.join("; ")}</p>`;
				}
			}
			html += `<table class="table table-bordered table-sm"><thead><tr>
				<th>${__("Sheet")}</th><th>${__("Row")}</th><th>${__("Name")}</th><th>${__("Village")}</th>
				<th>${__("Outcome")}</th><th>${__("Left Behind")}</th><th>${__("Category")}</th><th>${__("Message")}</th>
				</tr></thead><tbody>`;
			for (const row of data.rows) {
				html += `<tr><td>${lbc_cell(row.sheet)}</td><td>${row.row}</td><td>${lbc_cell(row.name)}</td>
					<td>${lbc_cell(row.village)}</td><td>${lbc_outcome_badge(row.outcome)} ${lbc_cell(row.action)}</td>
					<td>${row.outcome === "ok" ? (row.left_behind ? __("Yes") : __("No")) : ""}</td>
					<td>${lbc_cell(row.category)}</td><td>${lbc_cell(row.message)}</td></tr>`;
			}
			html += `</tbody></table><p class="text-muted">${__("The first {0} of {1} data rows; nothing has been written yet.", [data.rows.length, data.total_rows])}</p>`;
			wrapper.html(html);
		});
}

function lbc_show_log(frm, outcome, start) {
	const wrapper = frm.get_field("import_log_html").$wrapper;
	const page = 100;
	frappe
		.call({
			method: `${LBC_IMPORT_METHODS}.get_import_log`,
			args: { import_name: frm.doc.name, outcome: outcome, start: start, page_length: page },
		})
		.then((r) => {
			const { rows, total } = r.message;
			const filters = [null, "Error", "Created", "Updated", "Unchanged", "Skipped"]
				.map(
					(o) =>
						`<button class="btn btn-xs ${o === outcome ? "btn-primary" : "btn-default"} lbc-log-filter" data-outcome="${o || ""}">${o ? __(o) : __("All")}</button>`
				)
				.join(" ");
			let html = `<div class="mb-2">${filters}</div><table class="table table-bordered table-sm"><thead><tr>
				<th>${__("Sheet")}</th><th>${__("Row")}</th><th>${__("Outcome")}</th><th>${__("Child")}</th>
				<th>${__("Village")}</th><th>${__("Left Behind")}</th><th>${__("Category")}</th><th>${__("Message")}</th>
				</tr></thead><tbody>`;
			for (const row of rows) {
				const child = row.child
					? `<a href="/app/child/${encodeURIComponent(row.child)}">${lbc_cell(row.child_name || row.child)}</a>`
					: lbc_cell(row.child_name);
				html += `<tr><td>${lbc_cell(row.sheet_name)}</td><td>${row.ledger_row || ""}</td>
					<td>${lbc_outcome_badge(row.outcome)} ${lbc_cell(row.error_kind)}</td><td>${child}</td>
					<td>${lbc_cell(row.village)}</td><td>${row.child ? (row.is_left_behind ? __("Yes") : __("No")) : ""}</td>
					<td>${lbc_cell(row.guardianship_category)}</td><td>${lbc_cell(row.message)}</td></tr>`;
			}
			html += `</tbody></table><div>${__("{0}–{1} of {2}", [total ? start + 1 : 0, start + rows.length, total])}`;
			if (start > 0) html += ` <button class="btn btn-xs btn-default lbc-log-prev">${__("Previous")}</button>`;
			if (start + rows.length < total) html += ` <button class="btn btn-xs btn-default lbc-log-next">${__("Next")}</button>`;
			html += "</div>";
			wrapper.html(html);
			wrapper.find(".lbc-log-filter").on("click", (e) => lbc_show_log(frm, $(e.currentTarget).attr("data-outcome") || null, 0));
			wrapper.find(".lbc-log-prev").on("click", () => lbc_show_log(frm, outcome, Math.max(start - page, 0)));
			wrapper.find(".lbc-log-next").on("click", () => lbc_show_log(frm, outcome, start + page));
		});
}
