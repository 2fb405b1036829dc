# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt
"""LBC Ledger Import: a village or township office uploads the ledger (台账) it keeps.

In the spirit of Frappe's Data Import, but for the ledger's shape: attach the .xlsx,
pick or let the system detect the area, preview, import. The import runs as a
background job (queue "long") with progress in the desk; status, counts and the
per-row log (LBC Ledger Import Log, shown on the form) stay on the record, and the
rejected rows download as an .xlsx in the ledger's own layout.
"""

from __future__ import annotations

import json

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint, getdate, nowdate
from frappe.utils.background_jobs import is_job_enqueued

from left_behind_care import rules
from left_behind_care.compat import NO_OBJECTION, count_with_permissions
from left_behind_care.ledger import normalize, reader
from left_behind_care.ledger.columns import BY_KEY, ERROR_COLUMN
from left_behind_care.ledger.policy import (  # the controller's public names, as before
	DEFAULT_MAX_LEDGER_ROWS,
	LedgerAreaError,
	LedgerFormatError,
	LedgerImportPermissionError,
	LedgerImportRunningError,
	check_import_permission,
	max_ledger_rows,
)
from left_behind_care.ledger.writer import LedgerWriter, decode_cells
from left_behind_care.left_behind_care.doctype.lbc_ledger_import import importer
from left_behind_care.permissions import get_scope
from left_behind_care.utils import get_determination_rule

PREVIEW_ROWS = 20
JOB_TIMEOUT = 4 * 3600


class LBCLedgerImport(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		area: DF.Link | None
		area_detected: DF.Check
		created_count: DF.Int
		error_count: DF.Int
		error_message: DF.SmallText | None
		finished_at: DF.Datetime | None
		import_file: DF.Attach
		import_log_html: DF.HTML | None
		layout_json: DF.JSON | None
		ledger_date: DF.Date | None
		ledger_title: DF.Data | None
		naming_series: DF.Literal["LBC-LI-.YYYY.-.#####"]
		preview_html: DF.HTML | None
		reporting_office: DF.Data | None
		sheet_name: DF.Autocomplete | None
		started_at: DF.Datetime | None
		status: DF.Literal["Pending", "Queued", "In Progress", "Success", "Partial Success", "Failed"]
		total_rows: DF.Int
		unchanged_count: DF.Int
		updated_count: DF.Int
	# end: auto-generated types

	def validate(self):
		self.validate_file()
		self.validate_file_access()
		self.validate_area()
		self.validate_not_running()

	def validate_file(self):
		"""Only .xlsx workbooks (openpyxl reads no .xls, .et or .csv): the officer is told
		how to make one. The content is checked again when the file is read."""
		if self.import_file and not self.import_file.lower().split("?")[0].endswith(".xlsx"):
			frappe.throw(
				_(
					"Attach the ledger as an Excel workbook (.xlsx): {0} is not one. Open it in Excel or WPS, save it as an Excel workbook (.xlsx) and attach that file."
				).format(frappe.bold(frappe.utils.escape_html(self.import_file.rsplit("/", 1)[-1]))),
				exc=LedgerFormatError,
			)

	def validate_file_access(self):
		"""The attached file must be one the user may read (see importer.check_file_access)."""
		if self.import_file and (self.is_new() or self.has_value_changed("import_file")):
			importer.check_file_access(self.import_file, None if self.is_new() else self.name)

	def validate_area(self):
		"""A chosen area must reach into the user's areas."""
		if not self.area or not self.has_value_changed("area"):
			return
		if self.area_detected and not self.is_new():
			self.area_detected = 0
		scope = get_scope()
		if scope.unrestricted or scope.allows_area(self.area):
			return
		lft, rgt = frappe.db.get_value("Administrative Area", self.area, ["lft", "rgt"]) or (0, 0)
		if not scope.reaches_into(lft, rgt):
			frappe.throw(
				_("You may not import a ledger for {0}.").format(frappe.bold(self.area)), exc=LedgerAreaError
			)

	@property
	def job_id(self) -> str:
		return f"lbc_ledger_import::{self.name}"

	def is_running(self) -> bool:
		"""Queued or in progress with its background job alive.

		An import whose worker died (killed, restarted) keeps the status "In Progress"
		with no job behind it; it is not running and may be started again: rows are
		committed one by one and a re-import updates by identity number, so nothing is
		written twice.
		"""
		if self.status not in ("Queued", "In Progress"):
			return False
		return is_job_enqueued(self.job_id)

	def validate_not_running(self):
		"""The file, sheet and area cannot change while the import runs."""
		if self.is_new() or not self.is_running():
			return
		for field in ("import_file", "sheet_name", "area"):
			if self.has_value_changed(field):
				frappe.throw(
					_("The import is running: {0} cannot change now.").format(_(self.meta.get_label(field))),
					exc=LedgerImportRunningError,
				)

	def on_trash(self):
		if self.is_running():
			frappe.throw(_("The import is running: wait for it to finish."), exc=LedgerImportRunningError)
		frappe.db.delete(importer.LOG_DOCTYPE, {"ledger_import": self.name})

	# ---------------------------------------------------------------- actions

	def start(self, now: bool = False) -> str:
		"""Queue the import (or run it at once with ``now``).

		Returns:
		    the job id.

		Raises:
		    LedgerImportRunningError when it is already queued or running;
		    LedgerImportPermissionError (see :func:`check_import_permission`).
		"""
		check_import_permission()
		frappe.db.get_value(self.doctype, self.name, "status", for_update=True)  # one starter at a time
		job_id = self.job_id
		if is_job_enqueued(job_id):
			frappe.throw(
				_("The import {0} is already queued or running.").format(self.name),
				exc=LedgerImportRunningError,
			)
		self.db_set("status", "Queued", notify=True)
		frappe.enqueue(
			"left_behind_care.left_behind_care.doctype.lbc_ledger_import.lbc_ledger_import.run_import",
			queue="long",
			timeout=JOB_TIMEOUT,
			job_id=job_id,
			deduplicate=True,
			enqueue_after_commit=not now,
			now=now,
			import_name=self.name,
		)
		return job_id


def run_import(import_name: str, commit: bool = True, publish: bool = True) -> dict:
	"""Run an LBC Ledger Import (the background job; also called by the demo and the tests).

	Args:
	    import_name: the LBC Ledger Import.
	    commit: commit after every row (False keeps everything in the caller's transaction).
	    publish: publish progress to the desk.

	Messages and the log are written in the language of the user running it (the
	officer who started the import: the job runs as them).

	Returns:
	    dict of counts by outcome, and the final status.
	"""
	from left_behind_care.i18n import language_of

	frappe.flags.in_import = True
	try:
		# the job runs as the officer who started it: messages and log in their language
		with language_of(frappe.session.user):
			doc = frappe.get_doc("LBC Ledger Import", import_name)
			return importer.LedgerImporter(doc, commit=commit, publish=publish).run()
	finally:
		frappe.flags.in_import = False


# -------------------------------------------------------------------- whitelisted


@frappe.whitelist()
def start_import(import_name: str) -> str:
	"""Queue an import from the form's "Start Import" button.

	Args:
	    import_name: the LBC Ledger Import.

	Returns:
	    the background job id.

	Raises:
	    frappe.PermissionError without write access to the import;
	    LedgerImportRunningError when it is already running.
	"""
	doc = frappe.get_doc("LBC Ledger Import", import_name)
	doc.check_permission("write")
	return doc.start()


@frappe.whitelist()
def get_preview(import_name: str, sheet_name: str | None = None, rows: int = PREVIEW_ROWS) -> dict:
	"""What the import would do, without writing anything.

	Args:
	    import_name: the LBC Ledger Import (its attached file is read).
	    sheet_name: preview this sheet only; None for the import's choice (all sheets).
	    rows: how many data rows to check and show (at most 200).

	Returns:
	    dict with ``sheets`` (name, header found, title, office, ledger date, data-row
	    count, column mapping, ignored and missing headers), ``area`` (the chosen or
	    detected area and whether it was detected) and ``rows`` (the first data rows:
	    sheet, row, name, village, outcome "ok"/"error:<kind>", message, would-be
	    action Create/Update, left-behind flag and category at the ledger date).

	Raises:
	    frappe.PermissionError without read access to the import;
	    LedgerFormatError when the file is not a readable workbook.
	"""
	doc = frappe.get_doc("LBC Ledger Import", import_name)
	doc.check_permission("read")
	rows = min(max(cint(rows), 1), 200)
	path = importer.get_file_path(doc.import_file, doc.name)
	try:
		workbook = reader.open_workbook(path)
	except reader.LedgerFormatError as error:
		frappe.throw(importer.format_error(error), exc=LedgerFormatError)
	try:
		try:
			sheets = reader.summarize(workbook, sheet_name or doc.sheet_name or None, max_ledger_rows())
		except reader.LedgerFormatError as error:
			frappe.throw(importer.format_error(error), exc=LedgerFormatError)
		area, detected = doc.area, False
		if not area and any(sheet.layout for sheet in sheets):
			area = importer.detect_area(
				[s.layout.title for s in sheets if s.layout and s.layout.title],
				[s.layout.office for s in sheets if s.layout and s.layout.office],
				importer.collect_area_pairs(workbook, sheets),
			)
			detected = bool(area)
		preview_rows = _preview_rows(workbook, sheets, area, doc, rows)
	finally:
		workbook.close()
	return {
		"sheets": [_sheet_summary(sheet) for sheet in sheets],
		"all_sheets": workbook.sheetnames,
		"area": area,
		"area_detected": detected,
		"rows": preview_rows,
		"total_rows": sum(sheet.rows for sheet in sheets),
	}


def _sheet_summary(sheet: reader.SheetSummary) -> dict:
	from openpyxl.utils import get_column_letter

	layout = sheet.layout
	if layout is None:
		return {"name": sheet.name, "has_header": False, "rows": 0}
	return {
		"name": sheet.name,
		"has_header": True,
		"title": layout.title,
		"office": layout.office,
		"ledger_date": layout.ledger_date.isoformat() if layout.ledger_date else None,
		"date_text": layout.date_text,
		"header_row": layout.header_row,
		"rows": sheet.rows,
		"columns": [
			{
				"column": get_column_letter(index + 1),
				"header": layout.labels.get(key),
				"field": _(BY_KEY[key].label) if key in BY_KEY else _(ERROR_COLUMN.label),
				"key": key,
			}
			for index, key in sorted(layout.columns.items())
		],
		"ignored": layout.ignored,
		"merged": [_merge_summary(layout, merge) for merge in layout.merges or ()],
	}


def _merge_summary(layout: reader.SheetLayout, merge: tuple[int, int, int, int]) -> dict:
	"""A merged range below the header as the officer knows it: its columns' headers
	and its ledger rows (1 is the first row under the header)."""
	from openpyxl.utils import get_column_letter

	min_row, min_col, max_row, max_col = merge
	columns = [
		layout.label(layout.columns[index]) if index in layout.columns else get_column_letter(index + 1)
		for index in range(min_col - 1, max_col)
	]
	return {
		"columns": columns,
		"from_row": min_row - layout.header_row,
		"to_row": max_row - layout.header_row,
	}


def _preview_rows(workbook, sheets, area: str | None, doc, limit: int) -> list[dict]:
	rule = get_determination_rule()
	resolver = importer.AreaResolver(area) if area else None
	seen: dict[str, int] = {}
	out = []
	for sheet in sheets:
		if sheet.layout is None:
			continue
		layout = sheet.layout
		on = layout.ledger_date or getdate(doc.ledger_date or nowdate())
		for raw in reader.iter_rows(workbook[sheet.name], layout):
			if len(out) >= limit:
				return out
			row = {
				"sheet": sheet.name,
				"row": raw.ledger_row,
				"name": normalize.clean_name(raw.values.get("child_name")),
			}
			try:
				record = importer.normalized(raw, layout)
				try:
					normalize.check_age(record, on, rule.age_limit)
				except normalize.RowError as error:
					raise importer.LedgerRowRejected(
						error.kind, error.column, importer.translated_problems(error, layout, raw.ledger_row)
					) from None
				if record.id_number in seen:
					raise importer.LedgerRowRejected(
						"duplicate",
						"id_number",
						_(
							"Row {0}, column {1}: identity number {2} was already given in row {3} of this ledger."
						).format(
							raw.ledger_row,
							layout.label("id_number"),
							record.id_number,
							seen[record.id_number],
						),
					)
				seen[record.id_number] = raw.ledger_row
				if resolver is None:
					raise importer.LedgerRowRejected(
						"unknown_village", "village", _("Choose the ledger's area first.")
					)
				village = resolver.village(record.township, record.village, layout.label)
				situations = [
					rules.ParentSituation(
						rules.ParentStatus(p.status or rules.ParentStatus.UNKNOWN.value), p.away_since
					)
					for p in (record.father, record.mother)
				]
				result = rules.determine_left_behind(record.birth_date, situations, on, rule)
				relationship = record.guardian_relationship
				if relationship == rules.Relationship.NONE:
					relationship = None
				category = rules.guardianship_category(relationship, result.left_behind)
				exists = frappe.get_list(
					"Child", filters={"id_number": record.id_number}, pluck="name", limit_page_length=1
				)
				row.update(
					outcome="ok",
					action=_("Update if changed") if exists else _("Create"),
					village=village,
					left_behind=result.left_behind,
					category=category.value if category else None,
				)
			except importer.LedgerRowRejected as rejection:
				row.update(outcome=f"error:{rejection.kind}", message=rejection.message)
			out.append(row)
	return out


@frappe.whitelist()
def get_import_log(
	import_name: str, outcome: str | None = None, start: int = 0, page_length: int = 100
) -> dict:
	"""One page of an import's per-row log, for the form.

	Args:
	    import_name: the LBC Ledger Import.
	    outcome: only this outcome (Created, Updated, Unchanged, Error, Skipped); None for all.
	    start: offset of the first row.
	    page_length: rows per page (at most 500).

	Returns:
	    dict(rows=[…], total=int): rows have sheet, Excel row, ledger row, outcome,
	    error kind, column, message, child, child name, village, left-behind flag, category.

	Raises:
	    frappe.PermissionError without read access to the import.
	"""
	doc = frappe.get_doc("LBC Ledger Import", import_name)
	doc.check_permission("read")
	filters = {"ledger_import": import_name}
	if outcome:
		filters["outcome"] = outcome
	rows = frappe.get_list(
		importer.LOG_DOCTYPE,
		filters=filters,
		fields=[
			"sheet_name",
			"sheet_row",
			"ledger_row",
			"outcome",
			"error_kind",
			"column_label",
			"message",
			"child",
			"child_name",
			"village",
			"is_left_behind",
			"guardianship_category",
			"duplicate_of_row",
		],
		order_by="row_index asc",
		limit_start=max(cint(start), 0),
		limit_page_length=min(max(cint(page_length), 1), 500),
	)
	total = count_with_permissions(importer.LOG_DOCTYPE, filters)
	return {"rows": rows, "total": total}


def errored_rows_workbook(import_name: str) -> bytes:
	"""The rejected rows of an import, as an .xlsx in the ledger's own layout.

	Each sheet that had rejected rows is written with its title and office/date rows
	and its header rows as they were, then the rejected rows' cells as the officer
	typed them, and a last column 错误原因 giving the reason. The officer corrects the
	cells and imports this file again (错误原因 is ignored on import).

	Args:
	    import_name: the LBC Ledger Import.

	Returns:
	    bytes of the .xlsx.
	"""
	doc = frappe.get_doc("LBC Ledger Import", import_name)
	layouts = {layout["name"]: layout for layout in json.loads(doc.layout_json or "[]")}
	writer = LedgerWriter()
	sheet_writers = {}
	last = ""
	while True:
		rows = frappe.get_all(
			importer.LOG_DOCTYPE,
			filters={"ledger_import": import_name, "outcome": importer.ERROR, "name": [">", last]},
			fields=["name", "sheet_name", "message", "raw_cells", "row_index"],
			order_by="name asc",
			limit=1000,
		)
		if not rows:
			break
		last = rows[-1].name
		for row in sorted(rows, key=lambda r: r.row_index):
			layout = layouts.get(row.sheet_name) or {}
			if row.sheet_name not in sheet_writers:
				width = max(cint(layout.get("width")), 1)
				header_rows = [decode_cells(cells) for cells in layout.get("header_rows") or []]
				if header_rows:
					header_rows[-1] = (
						list(header_rows[-1]) + [None] * (width - len(header_rows[-1])) + [ERROR_COLUMN.label]
					)
					for index in range(len(header_rows) - 1):
						header_rows[index] = list(header_rows[index]) + [None] * (
							width + 1 - len(header_rows[index])
						)
				text_columns = {
					int(index)
					for index, key in (layout.get("columns") or {}).items()
					if BY_KEY.get(key) and BY_KEY[key].text
				}
				sheet_writers[row.sheet_name] = writer.add_sheet(
					row.sheet_name or "台账",
					None,
					None,
					None,
					[],
					text_columns=text_columns,
					widths={int(i): 18 for i in text_columns},
					preamble=[decode_cells(cells) for cells in layout.get("preamble") or []],
					header_rows=header_rows or [[ERROR_COLUMN.label]],
				)
			sheet = sheet_writers[row.sheet_name]
			width = max(cint(layout.get("width")), 1)
			cells = decode_cells(json.loads(row.raw_cells or "[]"))[:width]
			sheet.append(list(cells) + [None] * (width - len(cells)) + [row.message], raw=True)
	if not sheet_writers:
		writer.add_sheet("台账", _("No rejected rows"), None, None, [ERROR_COLUMN.label])
	return writer.to_bytes()


@frappe.whitelist()
def download_errored_rows(import_name: str) -> None:
	"""Download the rejected rows as .xlsx (see :func:`errored_rows_workbook`).

	Args:
	    import_name: the LBC Ledger Import.

	Raises:
	    frappe.PermissionError without read access to the import, or without
	    permission-level-1 read on Child (the cells hold identity numbers and phones).
	"""
	doc = frappe.get_doc("LBC Ledger Import", import_name)
	doc.check_permission("read")
	if 1 not in frappe.get_meta("Child").get_permlevel_access("read"):
		frappe.throw(
			_("You may not see identity numbers and phones, so you cannot download the rejected rows."),
			exc=frappe.PermissionError,
		)
	frappe.response["filename"] = f"{import_name}-rejected-rows.xlsx"
	frappe.response["filecontent"] = errored_rows_workbook(import_name)
	frappe.response["type"] = "binary"


# -------------------------------------------------------------------- permissions


def _visible_condition(user: str) -> str:
	# a ledger is a list of children: it is seen by whoever may see the area's children
	scope = get_scope(user, "Child")
	if scope.unrestricted:
		return ""
	owner = f"`tabLBC Ledger Import`.`owner` = {frappe.db.escape(user)}"
	area = scope.area_condition("`tabLBC Ledger Import`.`area`")
	return f"({owner} or {area})" if area else f"({owner})"


def get_permission_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	"""``permission_query_conditions`` for LBC Ledger Import and its log.

	A user sees the imports they started and those of the areas in their scope.

	Args:
	    user: the user the list is built for.
	    doctype: "LBC Ledger Import" or "LBC Ledger Import Log".

	Returns:
	    SQL condition ("" for unrestricted users).
	"""
	user = user or frappe.session.user
	condition = _visible_condition(user)
	if not condition or doctype != importer.LOG_DOCTYPE:
		return condition
	return (
		f"`tabLBC Ledger Import Log`.`ledger_import` in (select `tabLBC Ledger Import`.name"
		f" from `tabLBC Ledger Import` where {condition})"
	)


def has_permission(
	doc, ptype: str | None = None, user: str | None = None, debug: bool = False
) -> bool | None:
	"""``has_permission`` for LBC Ledger Import and its log: the same criterion as the list."""
	user = user or frappe.session.user
	scope = get_scope(user, "Child")  # as _visible_condition
	if scope.unrestricted:
		return NO_OBJECTION
	if doc.doctype == importer.LOG_DOCTYPE:
		if not doc.get("ledger_import"):
			return False
		doc = frappe.get_doc("LBC Ledger Import", doc.ledger_import)
	if doc.is_new() or doc.get("owner") == user:
		return NO_OBJECTION
	return NO_OBJECTION if doc.get("area") and scope.allows_area(doc.area) else False
