# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt
"""The ledger import engine: stream a workbook's rows into Child files.

Each data row is read (:mod:`left_behind_care.ledger.reader`), normalised
(:mod:`left_behind_care.ledger.normalize`), placed in a village of the target area,
checked against the earlier rows of the same import, and then written, all or nothing:
the child, its parents, its guardian and the mentor pairing are written inside one
savepoint, and a row that fails anywhere rolls back to it. The Child controller
computes the determination and the guardianship category at the ledger's date
(``doc.flags.evaluation_date``).

Identity: a row updates the child with its identity number, or creates one. Two
imports running at once take a named database lock per identity number around the row
(held until the row is committed), and the unique index on ``Child.id_number`` backs it
up: a row that still meets a concurrent insert is retried once as an update.

Memory: rows are streamed from the workbook, the per-row log is written to the
database in small batches, and nothing grows with the number of rows (duplicate
detection looks up earlier rows in the log table), so 10,000 rows need no more memory
than 2,000.
"""

from __future__ import annotations

import datetime
import json

import frappe
from frappe import _
from frappe.utils import cint, getdate, now_datetime, nowdate, strip_html

from left_behind_care import rules
from left_behind_care.constants import AREA_DOCTYPE, TIERS, VILLAGE
from left_behind_care.ledger import normalize, reader
from left_behind_care.ledger.policy import (
	LedgerAreaError,
	LedgerFormatError,
	check_import_permission,
	max_ledger_rows,
)
from left_behind_care.ledger.writer import encode_cells
from left_behind_care.permissions import get_scope
from left_behind_care.utils import get_determination_rule

CREATED = "Created"
UPDATED = "Updated"
UNCHANGED = "Unchanged"
ERROR = "Error"
SKIPPED = "Skipped"

AREA = AREA_DOCTYPE
VILLAGE_TIER = VILLAGE
LOG_DOCTYPE = "LBC Ledger Import Log"
LOG_FIELDS = (
	"name",
	"creation",
	"modified",
	"owner",
	"modified_by",
	"docstatus",
	"ledger_import",
	"row_index",
	"sheet_name",
	"sheet_row",
	"ledger_row",
	"outcome",
	"error_kind",
	"column_label",
	"duplicate_of_row",
	"message",
	"child",
	"child_name",
	"village",
	"is_left_behind",
	"guardianship_category",
	"id_number",
	"raw_cells",
)
SAVEPOINT = "lbc_ledger_row"
LOCK_TIMEOUT = 60  # seconds a row waits for a concurrent import to finish the same child
LOG_BATCH = 50

# Gender of the guardian implied by the relationship word (set on a new Guardian).
WORD_GENDER = {
	**dict.fromkeys(
		"父亲 父 爸爸 祖父 爷爷 外祖父 外公 姥爷 伯父 伯伯 叔叔 叔父 舅舅 舅父 姑父 姨父 哥哥 兄 堂兄 表兄".split(),
		"Male",
	),
	**dict.fromkeys(
		"母亲 母 妈妈 祖母 奶奶 外祖母 外婆 姥姥 姑姑 姑妈 姨妈 阿姨 姨母 婶婶 婶娘 伯母 舅妈 舅母 姐姐 姐 堂姐 表姐 嫂子".split(),
		"Female",
	),
}

# Mentor type from the way the ledger names the helper (帮扶责任人).
MENTOR_TYPE_SUFFIXES = (
	(("老师", "教师"), "Mentor Teacher"),
	(("代理家长",), "Proxy Parent"),
	(("爱心妈妈",), "Caring Mother"),
	(("志愿者",), "Volunteer"),
	(("党员",), "Party Member"),
	(("书记", "主任", "干部", "村长", "组长", "委员"), "Cadre"),
)
DEFAULT_MENTOR_TYPE = "Cadre"


class LedgerRowRejected(Exception):
	"""A row is refused; carries the outcome kind, the column key and a translated message."""

	def __init__(self, kind: str, column: str | None, message: str, duplicate_of_row: int | None = None):
		self.kind = kind
		self.column = column
		self.message = message
		self.duplicate_of_row = duplicate_of_row
		super().__init__(message)


def mentor_type_for(name: str) -> str:
	"""The Mentor Assignment type implied by how the ledger names the helper.

	``吴轩航老师`` → Mentor Teacher; ``王芳（爱心妈妈）`` → Caring Mother; ``李书记`` →
	Cadre; anything else → Cadre (the village cadre is the usual 帮扶责任人).
	"""
	text = (name or "").strip("()（） ")
	for suffixes, mentor_type in MENTOR_TYPE_SUFFIXES:
		if any(
			text.endswith(suffix) or f"({suffix})" in text or f"（{suffix}）" in text for suffix in suffixes
		):
			return mentor_type
	return DEFAULT_MENTOR_TYPE


def translated_problems(error: normalize.RowError, layout: reader.SheetLayout, ledger_row: int) -> str:
	"""The row's problems as one translated message: "Row 3, column 身份证号码: …; …"."""
	parts = []
	for problem in error.problems:
		text = _(problem.template).format(*problem.params)
		if problem.column:
			parts.append(_("Row {0}, column {1}: {2}").format(ledger_row, layout.label(problem.column), text))
		else:
			parts.append(_("Row {0}: {1}").format(ledger_row, text))
	if (frappe.local.lang or "").startswith("zh"):  # Chinese sentences end in 。 and join with ；
		return "；".join(part.rstrip("。；;") for part in parts) + "。"
	return "; ".join(parts)


# ------------------------------------------------------------------------------ areas


def _norm(name: str | None) -> str:
	return normalize.clean_name(name) or ""


class AreaResolver:
	"""Places a row in a village of the target area (cached per township/village pair).

	Args:
	    target: the Administrative Area the ledger belongs to (village, township, county…).
	    user: whose scope decides where the rows may go.
	"""

	def __init__(self, target: str, user: str | None = None):
		self.target = target
		self.scope = get_scope(user)
		self.target_tier, self.lft, self.rgt = frappe.db.get_value(AREA, target, ["tier", "lft", "rgt"])
		self.cache: dict[tuple[str, str], tuple[str | None, str | None, str | None]] = {}

	def village(self, township: str | None, village: str | None, labels) -> str:
		"""The village (Administrative Area name) a row belongs to.

		Args:
		    township: the 乡镇(街道) cell, or None.
		    village: the 村(社区) cell, or None (then the target itself must be a village).
		    labels: callable key → header text, for the messages.

		Returns:
		    the village's name.

		Raises:
		    LedgerRowRejected with kind ``unknown_village``, ``ambiguous_village``,
		    ``village_outside_area`` or ``not_permitted``.
		"""
		key = (_norm(township), _norm(village))
		if key not in self.cache:
			self.cache[key] = self._resolve(*key, labels)
		name, kind, message = self.cache[key]
		if kind:
			raise LedgerRowRejected(kind, "village" if key[1] else None, message)
		return name

	def _resolve(self, township: str, village: str, labels):
		if not village:
			if self.target_tier == VILLAGE_TIER:
				return self._permitted(self.target)
			return (
				None,
				"unknown_village",
				_(
					"Column {0} is empty, and the ledger's area {1} is not a village: name the village."
				).format(labels("village"), self.target),
			)
		area = frappe.qb.DocType(AREA)
		parent = frappe.qb.DocType(AREA).as_("parent_area")
		candidates = (
			frappe.qb.from_(area)
			.left_join(parent)
			.on(parent.name == area.parent_administrative_area)
			.select(area.name, area.lft, area.rgt, parent.area_name.as_("township"))
			.where((area.area_name == village) & (area.tier == VILLAGE_TIER))
			.run(as_dict=True)
		)
		if township:
			candidates = [c for c in candidates if _norm(c.township) == township]
		inside = [c for c in candidates if c.lft >= self.lft and c.rgt <= self.rgt]
		place = f"{township} {village}".strip()
		if not candidates:
			return (
				None,
				"unknown_village",
				_(
					"Village {0} is not registered in the system: add it under Administrative Area first."
				).format(place),
			)
		if not inside:
			return (
				None,
				"village_outside_area",
				_("Village {0} does not lie in the ledger's area {1}.").format(place, self.target),
			)
		if len(inside) > 1:
			return (
				None,
				"ambiguous_village",
				_("Several villages in {0} are called {1}: fill in column {2} to tell them apart.").format(
					self.target, village, labels("township")
				),
			)
		return self._permitted(inside[0].name)

	def _permitted(self, name: str):
		if not self.scope.allows_area(name):
			return (
				None,
				"not_permitted",
				_("You may not register children in {0}.").format(name),
			)
		return name, None, None


def _areas_with_bounds() -> list:
	"""Every Administrative Area with its bounds.

	Area names and the tree are reference data, read whole (``frappe.qb``) so that a
	ledger naming another village can be told "not yours" rather than "unknown"; what
	a user may write is decided per row by their Scope.
	"""
	area = frappe.qb.DocType(AREA)
	return (
		frappe.qb.from_(area)
		.select(area.name, area.area_name, area.tier, area.lft, area.rgt, area.parent_administrative_area)
		.orderby(area.lft)
		.run(as_dict=True)
	)


def lowest_common_area(names) -> str | None:
	"""The deepest Administrative Area containing every area in ``names`` (None if none)."""
	area = frappe.qb.DocType(AREA)
	bounds = (
		frappe.qb.from_(area).select(area.lft, area.rgt).where(area.name.isin(list(names))).run(as_dict=True)
	)
	if not bounds:
		return None
	low = min(row.lft for row in bounds)
	high = max(row.rgt for row in bounds)
	found = (
		frappe.qb.from_(area)
		.select(area.name)
		.where((area.lft <= low) & (area.rgt >= high))
		.orderby(area.lft, order=frappe.qb.desc)
		.limit(1)
		.run()
	)
	return found[0][0] if found else None


def area_named_in(text: str | None, areas: list) -> str | None:
	"""The deepest area whose name appears in a title (ties broken by named ancestors).

	"红桥区双龙社区服务中心青山村农村留守儿童信息台账" names 红桥区, 双龙社区服务中心
	and 青山村: the village is the answer.
	"""
	if not text:
		return None
	by_name = {area.name: area for area in areas}
	matches = [area for area in areas if area.area_name and area.area_name in text]
	if not matches:
		return None

	def score(area):
		named_ancestors = 0
		parent = by_name.get(area.parent_administrative_area)
		while parent is not None:
			if parent.area_name in text:
				named_ancestors += 1
			parent = by_name.get(parent.parent_administrative_area)
		return (TIERS.index(area.tier) if area.tier in TIERS else -1, named_ancestors, len(area.area_name))

	matches.sort(key=score, reverse=True)
	if len(matches) > 1 and score(matches[0]) == score(matches[1]):
		return None
	return matches[0].name


def areas_overlap(first: str, second: str) -> bool:
	"""Whether one Administrative Area lies inside the other (or they are the same)."""
	bounds = {
		row.name: (row.lft, row.rgt)
		for row in frappe.get_all(
			"Administrative Area", filters={"name": ("in", [first, second])}, fields=["name", "lft", "rgt"]
		)
	}
	if first not in bounds or second not in bounds:
		return True
	(a_lft, a_rgt), (b_lft, b_rgt) = bounds[first], bounds[second]
	return (a_lft <= b_lft and b_rgt <= a_rgt) or (b_lft <= a_lft and a_rgt <= b_rgt)


def detect_area(
	titles: list[str], offices: list[str], pairs: set[tuple[str | None, str | None]]
) -> str | None:
	"""Detect the area a ledger belongs to.

	From the 乡镇(街道)/村(社区) columns: the villages the rows name (a name shared by
	several villages is settled by the township column, then by the title), and their
	lowest common area (two villages of one township: the township). Without usable
	columns, the deepest area the title names, then the office (填报单位) names.

	Args:
	    titles: the sheets' title texts.
	    offices: the sheets' reporting-office texts.
	    pairs: distinct (township, village) cell values of the data rows.

	Returns:
	    an Administrative Area name, or None when nothing matches.
	"""
	areas = _areas_with_bounds()
	by_name = {area.name: area for area in areas}
	title_area = None
	for text in titles:
		title_area = title_area or area_named_in(text, areas)
	villages = set()
	for township, village in pairs:
		village = _norm(village)
		if not village:
			continue
		candidates = [a for a in areas if a.tier == VILLAGE_TIER and _norm(a.area_name) == village]
		if township and len(candidates) > 1:
			candidates = [
				a
				for a in candidates
				if a.parent_administrative_area in by_name
				and _norm(by_name[a.parent_administrative_area].area_name) == _norm(township)
			] or candidates
		if len(candidates) > 1 and title_area:
			top = by_name[title_area]
			candidates = [a for a in candidates if a.lft >= top.lft and a.rgt <= top.rgt] or candidates
		if len(candidates) == 1:
			villages.add(candidates[0].name)
	if villages:
		return lowest_common_area(villages)
	if title_area:
		return title_area
	for text in offices:
		found = area_named_in(text, areas)
		if found:
			return found
	return None


# ------------------------------------------------------------------------------ files


def normalized(raw: reader.RawRow, layout: reader.SheetLayout) -> normalize.LedgerRecord:
	"""A raw row normalised, or refused with its row, column and reason.

	Raises:
	    LedgerRowRejected for a row the rules refuse, and also for a cell whose value
	    breaks the parsing itself (a value no rule foresaw): the row is refused with a
	    message instead of stopping the whole import.
	"""
	try:
		return normalize.normalize_row(raw)
	except normalize.RowError as error:
		raise LedgerRowRejected(
			error.kind, error.column, translated_problems(error, layout, raw.ledger_row)
		) from None
	except (ValueError, TypeError, ArithmeticError) as error:
		frappe.log_error(title=_("Ledger row could not be read"), message=frappe.get_traceback())
		raise LedgerRowRejected(
			"unreadable_row",
			None,
			_(
				"Row {0}: a cell holds a value that cannot be read ({1}); correct the row and import it again."
			).format(raw.ledger_row, frappe.utils.escape_html(str(error))[:200]),
		) from None


def format_error(error: reader.LedgerFormatError) -> str:
	"""A file-level reader error as a translated message, its values (sheet names, cell
	text: the file's own content) escaped: the desk shows messages as HTML."""
	return _(error.template).format(*(frappe.utils.escape_html(str(param)) for param in error.params))


def safe_text(text: str | None) -> str | None:
	"""Plain text from a message or a file, escaped for the desk, which shows read-only
	fields and messages as HTML (markup of our own, e.g. frappe.bold, is dropped)."""
	import html

	if not text:
		return text
	return frappe.utils.escape_html(html.unescape(strip_html(text)))


def check_file_access(file_url: str, import_name: str | None = None) -> None:
	"""The user may read the file they attach: their own upload, a file attached to this
	import, or any File record they may read. Frappe copies an attached file to the new
	record on save, so a URL typed into the Attach field would otherwise hand another
	area's ledger to whoever names it.

	Raises:
	    frappe.PermissionError when no File record at that URL is readable by the user.
	"""
	from left_behind_care.permissions import can_read_file_url

	if can_read_file_url(file_url, attached_to=("LBC Ledger Import", import_name) if import_name else None):
		return
	frappe.throw(
		_("You may not use the file {0}: attach the ledger from your own computer.").format(
			frappe.utils.escape_html(file_url.rsplit("/", 1)[-1])
		),
		exc=frappe.PermissionError,
	)


def get_file_path(file_url: str, import_name: str | None = None) -> str:
	"""The path on disk of an attached file.

	Args:
	    file_url: the Attach field's value (``/private/files/…``).
	    import_name: the LBC Ledger Import it is attached to (preferred File record).

	Returns:
	    str path.

	Raises:
	    frappe.PermissionError when the file is not attached to the import and the user
	    may not read it; frappe.DoesNotExistError when no File has that URL.
	"""
	filters = {"file_url": file_url}
	if import_name:
		named = frappe.get_all(
			"File",
			filters={**filters, "attached_to_doctype": "LBC Ledger Import", "attached_to_name": import_name},
			pluck="name",
			limit=1,
		)
		if named:
			return frappe.get_doc("File", named[0]).get_full_path()
	check_file_access(file_url)
	name = frappe.db.get_value("File", filters, "name")
	if not name:
		frappe.throw(
			_("The attached file {0} cannot be found.").format(frappe.utils.escape_html(file_url)),
			exc=frappe.DoesNotExistError,
		)
	return frappe.get_doc("File", name).get_full_path()


# ------------------------------------------------------------------------------ engine


def _value(value):
	if isinstance(value, datetime.datetime):
		return value.date().isoformat()
	if isinstance(value, datetime.date):
		return value.isoformat()
	if value in (None, ""):
		return None
	if isinstance(value, bool):
		return int(value)
	return value


CHILD_COMPARED = (
	"child_name",
	"gender",
	"birth_date",
	"id_number",
	"ethnicity",
	"village",
	"school",
	"grade",
	"guardian",
	"guardian_name",
	"guardian_relationship",
	"low_income_family",
	"health_status",
	"address",
	"notes",
)
PARENT_COMPARED = ("relation", "parent_name", "status", "destination", "away_since")


def child_snapshot(doc) -> tuple:
	"""The ledger-sourced values of a Child, comparable before and after a row is applied."""
	fields = tuple(_value(doc.get(field)) for field in CHILD_COMPARED)
	parents = tuple(
		sorted(tuple(_value(row.get(field)) for field in PARENT_COMPARED) for row in doc.get("parents") or [])
	)
	return fields, parents


class LedgerImporter:
	"""Runs one LBC Ledger Import.

	Args:
	    doc: the LBC Ledger Import document.
	    commit: commit after every row (the background job, the demo); tests pass False
	        and everything stays in the test's transaction.
	    publish: publish progress to the desk (frappe.publish_progress).
	"""

	def __init__(self, doc, commit: bool = True, publish: bool = True):
		self.doc = doc
		self.commit = commit
		self.publish = publish
		self.user = frappe.session.user
		self.rule = get_determination_rule()
		self.counts = {CREATED: 0, UPDATED: 0, UNCHANGED: 0, ERROR: 0}
		self.row_index = 0
		self.pending: list[tuple] = []
		self.pending_ids: dict[str, int] = {}
		self.total = 0
		self.done = 0
		self.areas: AreaResolver | None = None

	# -------------------------------------------------------------- run

	def run(self) -> dict:
		"""Import every data row of the chosen sheet (or of every sheet with a header).

		Returns:
		    dict with the counts: Created, Updated, Unchanged, Error, and the status.

		Raises:
		    frappe.PermissionError when the user may not register children with
		    their identity numbers; a file-level problem (no header, not .xlsx,
		    undetectable area) is recorded on the import as status Failed instead.
		"""
		check_import_permission()
		self.set_status("In Progress", started_at=now_datetime(), finished_at=None, error_message=None)
		frappe.db.delete(LOG_DOCTYPE, {"ledger_import": self.doc.name})
		self.maybe_commit()
		workbook = None
		try:
			path = get_file_path(self.doc.import_file, self.doc.name)
			try:
				workbook = reader.open_workbook(path)
				sheets = reader.summarize(workbook, self.doc.sheet_name or None, max_ledger_rows())
			except reader.LedgerFormatError as error:
				frappe.throw(format_error(error), exc=LedgerFormatError)
			readable = [sheet for sheet in sheets if sheet.layout]
			if not readable:
				frappe.throw(
					_(
						"No sheet of this workbook has a ledger header row (儿童姓名 and 身份证号码, by any of their usual names) in its first {0} rows."
					).format(reader.HEADER_SCAN_ROWS),
					exc=LedgerFormatError,
				)
			self.prepare(workbook, sheets)
			for sheet in sheets:
				if sheet.layout is None:
					self.log_skipped_sheet(sheet.name)
					continue
				on = sheet.layout.ledger_date or getdate(self.doc.ledger_date or nowdate())
				for raw in reader.iter_rows(workbook[sheet.name], sheet.layout):
					self.import_row(raw, sheet.layout, on)
			self.flush()
			status = self.final_status()
			self.set_status(status, finished_at=now_datetime(), **self.count_fields())
		except frappe.ValidationError as error:
			self.fail(strip_html(str(error)))
		except Exception as error:
			self.fail(
				_("The import stopped on an unexpected error: {0}").format(
					strip_html(str(error)) or repr(error)
				)
			)
			frappe.log_error(title=_("Ledger import {0} failed").format(self.doc.name))
			self.maybe_commit()
			raise
		finally:
			if workbook is not None:
				workbook.close()
		self.maybe_commit()
		self.publish_progress(final=True)
		return {**self.counts, "status": self.doc.status}

	def fail(self, message: str):
		"""Record a file-level failure (the rows already committed stay, with their log)."""
		if self.commit:
			frappe.db.rollback()
		else:
			self.flush()
		frappe.clear_messages()
		self.pending = []
		self.pending_ids = {}
		self.set_status(
			"Failed", finished_at=now_datetime(), error_message=safe_text(message), **self.count_fields()
		)

	def prepare(self, workbook, sheets):
		"""Record the layout, the ledger date and the area (detected when not chosen)."""
		first = next(sheet.layout for sheet in sheets if sheet.layout)
		self.total = sum(sheet.rows for sheet in sheets)
		values = {
			"layout_json": json.dumps(
				[sheet.layout.as_dict() for sheet in sheets if sheet.layout], ensure_ascii=False
			),
			"ledger_date": first.ledger_date,
			"reporting_office": safe_text(first.office),
			"ledger_title": safe_text((first.title or "")[:255]) or None,
			"total_rows": self.total,
		}
		detected = detect_area(
			[sheet.layout.title for sheet in sheets if sheet.layout and sheet.layout.title],
			[sheet.layout.office for sheet in sheets if sheet.layout and sheet.layout.office],
			collect_area_pairs(workbook, sheets),
		)
		if self.doc.area and detected and not areas_overlap(self.doc.area, detected):
			# a ledger titled for another village must not land in the chosen one unnoticed
			frappe.throw(
				_(
					"This ledger is for {0} (its title, office or 乡镇(街道)/村(社区) columns say so), but the import's Area is {1}: check the file, or choose {0} as the Area."
				).format(frappe.bold(detected), frappe.bold(self.doc.area)),
				exc=LedgerAreaError,
			)
		if not self.doc.area:
			area = detected
			if not area:
				frappe.throw(
					_(
						"The ledger's area cannot be detected from its title or its 乡镇(街道)/村(社区) columns: choose the Area and import again."
					),
					exc=LedgerAreaError,
				)
			values.update(area=area, area_detected=1)
		self.doc.db_set(values)
		if not get_scope(self.user).allows_area(self.doc.area) and not self.area_reaches_scope(self.doc.area):
			frappe.throw(
				_("You may not import a ledger for {0}.").format(frappe.bold(self.doc.area)),
				exc=LedgerAreaError,
			)
		self.areas = AreaResolver(self.doc.area, self.user)

	def area_reaches_scope(self, area: str) -> bool:
		"""Whether part of the user's scope lies inside ``area`` (a village officer may
		import a township's ledger: only their own village's rows are accepted)."""
		scope = get_scope(self.user)
		if scope.unrestricted:
			return True
		lft, rgt = frappe.db.get_value(AREA, area, ["lft", "rgt"])
		return scope.reaches_into(lft, rgt)

	# -------------------------------------------------------------- one row

	def import_row(self, raw: reader.RawRow, layout: reader.SheetLayout, on: datetime.date):
		"""Validate and write one row; its outcome goes to the log (never raises for a row)."""
		self.row_index += 1
		entry = {
			"sheet_name": raw.sheet,
			"sheet_row": raw.sheet_row,
			"ledger_row": raw.ledger_row,
			"child_name": normalize.clean_name(raw.values.get("child_name")),
		}
		id_number = None
		try:
			try:
				record = normalized(raw, layout)
			except LedgerRowRejected:
				id_number = self.valid_id(raw)
				raise
			id_number = record.id_number
			self.check_row(record, layout, on)
			village = self.areas.village(record.township, record.village, layout.label)
			outcome, child = self.write_locked(record, village, layout, on)
			entry.update(
				outcome=outcome,
				child=child.name,
				child_name=child.child_name,
				village=child.village,
				is_left_behind=cint(child.is_left_behind),
				guardianship_category=child.guardianship_category,
			)
		except LedgerRowRejected as rejection:
			message = rejection.message
			if rejection.kind in (
				"unknown_village",
				"ambiguous_village",
				"village_outside_area",
				"not_permitted",
			):
				column = layout.label(rejection.column) if rejection.column else None
				message = (
					_("Row {0}, column {1}: {2}").format(raw.ledger_row, column, message)
					if column
					else _("Row {0}: {1}").format(raw.ledger_row, message)
				)
			entry.update(
				outcome=ERROR,
				error_kind=rejection.kind,
				column_label=layout.label(rejection.column) if rejection.column else None,
				message=message,
				duplicate_of_row=rejection.duplicate_of_row,
				raw_cells=json.dumps(encode_cells(raw.cells), ensure_ascii=False),
			)
		entry["id_number"] = id_number
		self.counts[entry["outcome"]] += 1
		self.add_log(entry)
		self.done += 1
		if self.commit:
			self.flush()
			frappe.db.commit()
			if id_number:
				self.release_lock(id_number)
		self.publish_progress()

	def valid_id(self, raw: reader.RawRow) -> str | None:
		"""The row's identity number when it is valid (for duplicate detection of later rows)."""
		try:
			return rules.parse_id_number(raw.values.get("id_number")).number
		except rules.RuleError:
			return None

	def check_row(self, record: normalize.LedgerRecord, layout: reader.SheetLayout, on: datetime.date):
		"""Age on the ledger date, departures not in the future, duplicates within this import."""
		try:
			normalize.check_age(record, on, self.rule.age_limit)
		except normalize.RowError as error:
			raise LedgerRowRejected(
				error.kind, error.column, translated_problems(error, layout, record.ledger_row)
			) from None
		today = getdate(nowdate())
		for key, parent in (("father_since", record.father), ("mother_since", record.mother)):
			if parent.away_since and parent.away_since > today:
				raise LedgerRowRejected(
					"date_in_future",
					key,
					_("Row {0}, column {1}: {2} is in the future.").format(
						record.ledger_row, layout.label(key), parent.away_since.isoformat()
					),
				)
		earlier = self.earlier_row(record.id_number)
		if earlier:
			sheet, row = earlier
			where = (
				_("row {0}").format(row)
				if sheet == record.sheet
				else _("row {0} of sheet {1}").format(row, sheet)
			)
			raise LedgerRowRejected(
				"duplicate",
				"id_number",
				_("Row {0}, column {1}: identity number {2} was already given in {3} of this ledger.").format(
					record.ledger_row, layout.label("id_number"), record.id_number, where
				),
				duplicate_of_row=row,
			)

	def earlier_row(self, id_number: str) -> tuple[str, int] | None:
		"""(sheet, ledger row) of an earlier row of this import with the same identity number."""
		if id_number in self.pending_ids:
			return self.pending[self.pending_ids[id_number]][0]
		log = frappe.qb.DocType(LOG_DOCTYPE)
		found = (
			frappe.qb.from_(log)
			.select(log.sheet_name, log.ledger_row)
			.where((log.id_number == id_number) & (log.ledger_import == self.doc.name))
			.orderby(log.row_index)
			.limit(1)
			.run(as_dict=True)
		)
		return (found[0].sheet_name, found[0].ledger_row) if found else None

	# -------------------------------------------------------------- writing

	def write_locked(self, record, village, layout, on):
		"""Write a row under its identity-number lock, retrying once after a concurrent insert."""
		self.acquire_lock(record.id_number)
		self.fresh_snapshot()
		for attempt in (1, 2):
			frappe.db.savepoint(SAVEPOINT)
			try:
				result = self.write(record, village, layout, on)
			except (frappe.DuplicateEntryError, frappe.UniqueValidationError):
				frappe.db.rollback(save_point=SAVEPOINT)
				frappe.clear_messages()
				self.fresh_snapshot(rollback=True)
				if attempt == 2:
					raise LedgerRowRejected(
						"duplicate",
						"id_number",
						_(
							"Row {0}: a child with identity number {1} was registered at the same time by another import."
						).format(record.ledger_row, record.id_number),
					) from None
				continue
			except LedgerRowRejected:
				frappe.db.rollback(save_point=SAVEPOINT)
				frappe.clear_messages()
				raise
			except frappe.PermissionError as error:
				frappe.db.rollback(save_point=SAVEPOINT)
				frappe.clear_messages()
				raise LedgerRowRejected(
					"not_permitted",
					None,
					_("Row {0}: {1}").format(record.ledger_row, strip_html(str(error)) or _("Not permitted")),
				) from None
			except frappe.ValidationError as error:
				frappe.db.rollback(save_point=SAVEPOINT)
				frappe.clear_messages()
				raise LedgerRowRejected(
					"rejected", None, _("Row {0}: {1}").format(record.ledger_row, strip_html(str(error)))
				) from None
			except frappe.QueryDeadlockError:
				# InnoDB rolled the whole transaction back: with per-row commits that is this row only
				if not self.commit or attempt == 2:
					raise
				frappe.db.rollback()
				frappe.clear_messages()
				self.acquire_lock(record.id_number)
				continue
			frappe.db.release_savepoint(SAVEPOINT)
			frappe.clear_messages()
			return result
		raise AssertionError("unreachable")

	def fresh_snapshot(self, rollback: bool = False):
		"""With per-row commits, start the row's transaction now, after its lock is held.

		MariaDB's REPEATABLE READ fixes a transaction's snapshot at its first read; a
		row that waited for a concurrent import's lock must read what that import
		committed meanwhile, so nothing read before the wait may stay in the snapshot.
		(Nothing of this row is written yet: ``rollback`` discards only reads.)
		"""
		if not self.commit:
			return
		if rollback:
			frappe.db.rollback()
		else:
			frappe.db.commit()

	def write(self, record: normalize.LedgerRecord, village: str, layout, on: datetime.date):
		"""Write the child, its parents, its guardian and the mentor pairing.

		Returns:
		    (outcome, Child document).

		Raises:
		    LedgerRowRejected, or the controllers' validation errors (the caller rolls back).
		"""
		name = frappe.db.get_value("Child", {"id_number": record.id_number}, "name", for_update=True)
		if name:
			doc = frappe.get_doc("Child", name)
			if not doc.has_permission("write"):
				raise LedgerRowRejected(
					"not_permitted",
					"id_number",
					# the other area is not named: that would tell anyone where a number is registered
					_(
						"Row {0}: identity number {1} belongs to a child registered outside your area: ask the township or county to transfer the child."
					).format(record.ledger_row, record.id_number),
				)
			before = child_snapshot(doc)
		else:
			doc = frappe.new_doc("Child")
			before = None
		if (
			record.guardian_name
			and record.guardian_relationship is None
			and not doc.get("guardian_relationship")
		):
			raise LedgerRowRejected(
				"missing_relationship",
				"guardian_relationship",
				_("Row {0}, column {1}: give the guardian's relationship to the child.").format(
					record.ledger_row, layout.label("guardian_relationship")
				),
			)
		guardian_changed = self.apply_guardian(doc, record, village)
		apply_record(doc, record, village)
		doc.flags.evaluation_date = on
		if before is None:
			doc.insert()
			outcome = CREATED
		elif child_snapshot(doc) != before:
			doc.save()
			outcome = UPDATED
		else:
			outcome = UPDATED if guardian_changed else UNCHANGED
		if self.pair_mentor(doc, record, on, new_child=outcome == CREATED) and outcome == UNCHANGED:
			outcome = UPDATED
		return outcome, doc

	def apply_guardian(self, doc, record: normalize.LedgerRecord, village: str) -> bool:
		"""Point the child at its guardian (found, updated or created). Returns whether a
		Guardian record was created or changed."""
		relationship = record.guardian_relationship
		if record.guardian_name is None:
			if relationship is None:
				return False
			if relationship == rules.Relationship.NONE or not doc.get("guardian"):
				doc.guardian = None
				doc.guardian_name = None
			doc.guardian_relationship = relationship.value
			return False
		if relationship is not None:
			doc.guardian_relationship = relationship.value
		current = doc.get("guardian")
		if current:
			values = frappe.db.get_value(
				"Guardian", current, ["guardian_name", "phone", "village"], as_dict=True
			)
			if values and _norm(values.guardian_name) == record.guardian_name:
				return self.update_guardian(current, values, record)
		filters = {"guardian_name": record.guardian_name, "village": village}
		if record.guardian_phone:
			filters["phone"] = record.guardian_phone
		existing = frappe.get_list(
			"Guardian", filters=filters, pluck="name", order_by="creation asc", limit_page_length=1
		)
		if existing:
			doc.guardian = existing[0]
			doc.guardian_name = record.guardian_name
			values = frappe.db.get_value(
				"Guardian", existing[0], ["guardian_name", "phone", "village"], as_dict=True
			)
			return self.update_guardian(existing[0], values, record)
		guardian = frappe.get_doc(
			{
				"doctype": "Guardian",
				"guardian_name": record.guardian_name,
				"village": village,
				"phone": record.guardian_phone,
				"gender": WORD_GENDER.get(record.guardian_relationship_word or ""),
			}
		)
		guardian.insert()
		doc.guardian = guardian.name
		doc.guardian_name = guardian.guardian_name
		return True

	def update_guardian(self, name: str, values, record: normalize.LedgerRecord) -> bool:
		"""Update a guardian's phone from the ledger (a blank phone keeps the file's)."""
		if record.guardian_phone and record.guardian_phone != values.phone:
			guardian = frappe.get_doc("Guardian", name)
			guardian.phone = record.guardian_phone
			guardian.save()
			return True
		return False

	def pair_mentor(
		self, doc, record: normalize.LedgerRecord, on: datetime.date, new_child: bool = False
	) -> bool:
		"""Keep the pairing the ledger names (帮扶责任人) active. Returns whether anything changed.

		The helper already paired: their phone is updated. A new helper: the active
		pairings of the same type end on the ledger date and a new pairing starts.
		"""
		if not record.mentor_name:
			return False
		active = (
			[]
			if new_child
			else frappe.get_list(
				"Mentor Assignment",
				filters={"child": doc.name, "is_active": 1},
				fields=["name", "mentor_name", "mentor_phone", "mentor_type", "from_date"],
				order_by="from_date desc",
				limit_page_length=0,
			)
		)
		for pairing in active:
			if _norm(pairing.mentor_name) == record.mentor_name:
				if record.mentor_phone and record.mentor_phone != pairing.mentor_phone:
					assignment = frappe.get_doc("Mentor Assignment", pairing.name)
					assignment.mentor_phone = record.mentor_phone
					assignment.save()
					return True
				return False
		mentor_type = mentor_type_for(record.mentor_name)
		for pairing in active:
			if pairing.mentor_type == mentor_type:
				assignment = frappe.get_doc("Mentor Assignment", pairing.name)
				assignment.to_date = max(getdate(on), getdate(pairing.from_date))
				assignment.is_active = 0
				assignment.save()
		frappe.get_doc(
			{
				"doctype": "Mentor Assignment",
				"child": doc.name,
				"mentor_name": record.mentor_name,
				"mentor_phone": record.mentor_phone,
				"mentor_type": mentor_type,
				"from_date": on,
				"is_active": 1,
			}
		).insert()
		return True

	# -------------------------------------------------------------- locks

	def lock_name(self, id_number: str) -> str:
		return f"lbc:{frappe.conf.db_name}:{id_number}"[:64]

	def acquire_lock(self, id_number: str):
		"""Take the named lock of an identity number (waits for a concurrent import's row)."""
		got = frappe.db.sql("select get_lock(%s, %s)", (self.lock_name(id_number), LOCK_TIMEOUT))[0][0]
		if not cint(got):
			raise LedgerRowRejected(
				"busy",
				"id_number",
				_(
					"Identity number {0} is being imported by another import right now; import this row again."
				).format(id_number),
			)
		if not self.commit:
			# without per-row commits the lock cannot be held to the end of the row's transaction
			self.release_lock(id_number)

	def release_lock(self, id_number: str):
		frappe.db.sql("select release_lock(%s)", (self.lock_name(id_number),))

	# -------------------------------------------------------------- log, status, progress

	def add_log(self, entry: dict):
		now = now_datetime()
		row = (
			frappe.generate_hash(length=12),
			now,
			now,
			self.user,
			self.user,
			0,
			self.doc.name,
			self.row_index,
			entry.get("sheet_name"),
			cint(entry.get("sheet_row")),
			cint(entry.get("ledger_row")),
			entry.get("outcome"),
			entry.get("error_kind"),
			entry.get("column_label"),
			cint(entry.get("duplicate_of_row")),
			entry.get("message"),
			entry.get("child"),
			entry.get("child_name"),
			entry.get("village"),
			cint(entry.get("is_left_behind")),
			entry.get("guardianship_category"),
			entry.get("id_number"),
			entry.get("raw_cells"),
		)
		if entry.get("id_number") and entry["id_number"] not in self.pending_ids:
			self.pending_ids[entry["id_number"]] = len(self.pending)
		self.pending.append(((entry.get("sheet_name"), entry.get("ledger_row")), row))
		if len(self.pending) >= LOG_BATCH:
			self.flush()

	def flush(self):
		"""Write the buffered log rows."""
		if not self.pending:
			return
		frappe.db.bulk_insert(LOG_DOCTYPE, LOG_FIELDS, [row for _key, row in self.pending])
		self.pending = []
		self.pending_ids = {}

	def log_skipped_sheet(self, sheet_name: str):
		self.row_index += 1
		self.add_log(
			{
				"sheet_name": sheet_name,
				"outcome": SKIPPED,
				"message": _(
					"Sheet {0} has no ledger header row (儿童姓名 and 身份证号码) and was not read."
				).format(sheet_name),
			}
		)

	def count_fields(self) -> dict:
		return {
			"created_count": self.counts[CREATED],
			"updated_count": self.counts[UPDATED],
			"unchanged_count": self.counts[UNCHANGED],
			"error_count": self.counts[ERROR],
		}

	def final_status(self) -> str:
		if not self.counts[ERROR]:
			return "Success"
		if self.counts[ERROR] == self.done:
			return "Failed"
		return "Partial Success"

	def set_status(self, status: str, **values):
		self.doc.db_set({"status": status, **values}, notify=True)

	def maybe_commit(self):
		if self.commit:
			frappe.db.commit()

	def publish_progress(self, final: bool = False):
		if not self.publish or not self.total:
			return
		step = max(1, self.total // 100)
		if not final and self.done % step and self.done != self.total:
			return
		if not final:
			self.doc.db_set(self.count_fields(), update_modified=False)
			self.maybe_commit()
		frappe.publish_realtime(
			"lbc_ledger_import_progress",
			{
				"ledger_import": self.doc.name,
				"current": self.done,
				"total": self.total,
				"counts": self.counts,
				"final": final,
				"status": self.doc.status,
			},
			doctype=self.doc.doctype,
			docname=self.doc.name,
		)
		frappe.publish_progress(
			self.done * 100 / self.total,
			title=_("Importing ledger"),
			doctype=self.doc.doctype,
			docname=self.doc.name,
			description=_("Row {0} of {1}").format(self.done, self.total),
		)


def collect_area_pairs(workbook, sheets) -> set[tuple[str | None, str | None]]:
	"""The distinct (乡镇(街道), 村(社区)) values of the data rows (one streamed pass)."""
	pairs = set()
	for sheet in sheets:
		if sheet.layout is None or "village" not in sheet.layout.labels:
			continue
		for raw in reader.iter_rows(workbook[sheet.name], sheet.layout):
			pairs.add(
				(
					normalize.clean_name(raw.values.get("township")),
					normalize.clean_name(raw.values.get("village")),
				)
			)
	return pairs


def apply_record(doc, record: normalize.LedgerRecord, village: str) -> None:
	"""Copy a normalised ledger row onto a Child document (not saved).

	Blank optional cells keep what the file has (an officer's blank never erases);
	identity, name, gender, birth date and village always come from the ledger.
	"""
	doc.child_name = record.child_name
	doc.id_number = record.id_number
	doc.gender = record.gender
	doc.birth_date = record.birth_date
	doc.village = village
	for field, value in (
		("ethnicity", record.ethnicity),
		("school", record.school),
		("grade", record.grade),
		("address", record.address),
		("notes", record.notes),
	):
		if value is not None:
			doc.set(field, value)
	if record.low_income is not None:
		doc.low_income_family = int(record.low_income)
	if record.disabled:
		doc.health_status = "Disabled"
	elif record.disabled is False and doc.get("health_status") == "Disabled":
		doc.health_status = "Healthy"
	for relation, parent in (("Father", record.father), ("Mother", record.mother)):
		apply_parent(doc, relation, parent)


def apply_parent(doc, relation: str, parent: normalize.ParentRecord) -> None:
	"""Set one parent row from the ledger (a parent the ledger says nothing about is kept)."""
	row = next((r for r in doc.get("parents") or [] if r.relation == relation), None)
	if not parent.given:
		return
	if row is None:
		row = doc.append("parents", {"relation": relation, "status": rules.ParentStatus.UNKNOWN.value})
	if parent.name:
		row.parent_name = parent.name
	if not parent.status:
		return
	same_status = row.status == parent.status
	row.status = parent.status
	if rules.ParentStatus(parent.status).is_away:
		if parent.destination or not same_status:
			row.destination = parent.destination
		if parent.away_since or not same_status:
			row.away_since = parent.away_since
	else:
		row.destination = None
		row.away_since = None
