"""What every report of the app shares: the area tree, the permission scope in queries,
the tier grouping, the overdue criterion, masking, and the .xlsx export in the official layout.

The tiers (plan 3 §二(一), plan 4 §三2): a village keeps the ledger, the township
consolidates its villages, the county its townships, and the county reports to the
city. Every summary therefore shows, for a chosen area, one row per area of the next
tier down; :class:`AreaGrouping` computes that grouping once for all reports.

Every query of a report carries the user's :class:`~left_behind_care.permissions.Scope`
in its WHERE clause (:func:`scope_criterion`): a restricted user's numbers are counted
only over their subtree, and rows whose area is empty are never theirs.
"""

from __future__ import annotations

import bisect
import datetime
import io
from dataclasses import dataclass

import frappe
from frappe import _
from frappe.query_builder import Criterion
from frappe.utils import cint, getdate, nowdate

from left_behind_care import rules
from left_behind_care.constants import (  # re-exported: reporting.VILLAGE …
	APP_MODULE,
	AREA_DOCTYPE,
	CITY,
	CITY_ROLE,
	COUNTY,
	COUNTY_ROLE,
	SETTINGS_DOCTYPE,
	TIERS,
	TOWNSHIP,
	TOWNSHIP_ROLE,
	VILLAGE,
	VILLAGE_ROLE,
)
from left_behind_care.permissions import MANAGER_ROLE, Scope, get_scope

MODULE = APP_MODULE
SETTINGS = SETTINGS_DOCTYPE

# Who submits an area's quarterly ledger, and who reviews it (the tier above).
SUBMITTER_ROLE = {VILLAGE: VILLAGE_ROLE, TOWNSHIP: TOWNSHIP_ROLE, COUNTY: COUNTY_ROLE}
REVIEWER_ROLE = {VILLAGE: TOWNSHIP_ROLE, TOWNSHIP: COUNTY_ROLE, COUNTY: CITY_ROLE}
# Days after the quarter ends by which each tier submits (Left Behind Care Settings).
DEADLINE_FIELD = {
	VILLAGE: "village_submission_days",
	TOWNSHIP: "township_submission_days",
	COUNTY: "county_submission_days",
}
DEFAULT_DEADLINE_DAYS = {VILLAGE: 7, TOWNSHIP: 14, COUNTY: 21}

# Statuses of a child who is still on an area's register (not moved away, not aged out).
ON_REGISTER = ("Active", "No Longer Left Behind")


class AreaNotFoundError(frappe.ValidationError):
	"""A report was asked for an Administrative Area that does not exist."""


class ReportExportError(frappe.ValidationError):
	"""A report cannot be exported in the official layout."""


# --------------------------------------------------------------------------------------
# The area tree
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Area:
	"""An Administrative Area with its place in the tree (nested-set bounds)."""

	name: str
	area_name: str
	tier: str
	lft: int
	rgt: int
	parent: str | None = None

	def contains(self, lft: int) -> bool:
		"""Whether the area whose ``lft`` is given lies in this subtree."""
		return self.lft <= lft <= self.rgt


def get_area(name: str) -> Area:
	"""Load one Administrative Area.

	Raises:
	    AreaNotFoundError when it does not exist.
	"""
	row = frappe.db.get_value(
		AREA_DOCTYPE,
		name,
		["name", "area_name", "tier", "lft", "rgt", "parent_administrative_area"],
		as_dict=True,
	)
	if not row:
		frappe.throw(
			_("Administrative Area {0} does not exist.").format(frappe.bold(name)), exc=AreaNotFoundError
		)
	return Area(
		row.name, row.area_name or row.name, row.tier, row.lft, row.rgt, row.parent_administrative_area
	)


def _area_rows(query) -> list[Area]:
	return [
		Area(r.name, r.area_name or r.name, r.tier, r.lft, r.rgt, r.parent_administrative_area)
		for r in query.run(as_dict=True)
	]


def _area_query():
	area = frappe.qb.DocType(AREA_DOCTYPE)
	return area, frappe.qb.from_(area).select(
		area.name, area.area_name, area.tier, area.lft, area.rgt, area.parent_administrative_area
	)


def child_areas(area: Area) -> list[Area]:
	"""The areas directly under ``area``, in tree order."""
	table, query = _area_query()
	return _area_rows(query.where(table.parent_administrative_area == area.name).orderby(table.lft))


def overlaps_scope(area: Area, scope: Scope) -> bool:
	"""Whether any part of ``area``'s subtree lies in the scope (for choosing rows to show)."""
	if scope.unrestricted or not scope.has_areas:
		return scope.unrestricted or bool(scope.mentor)
	return scope.overlaps(area.lft, area.rgt)


def scope_roots(scope: Scope) -> list[Area]:
	"""The areas a restricted user is scoped to (their User Permissions), in tree order."""
	if not scope.has_areas:
		return []
	table, query = _area_query()
	bounds = Criterion.any([table.lft == low for low, _high in scope.roots])
	return _area_rows(query.where(bounds).orderby(table.lft))


def default_area(user: str | None = None) -> str | None:
	"""The area a user's reports open on: their own area, or the root of the tree.

	Returns:
	    The top area the user is scoped to (the highest and first, when several);
	    for an unrestricted user the root area, or, where the site has several trees,
	    the first in tree order that holds a child (a manager's workspace charts show
	    figures rather than "no data"); None when there is no area, and for a user who
	    reaches children only as a mentor.
	"""
	scope = get_scope(user)
	if scope.has_areas:
		roots = scope_roots(scope)
		if roots:
			return min(roots, key=lambda a: (TIERS.index(a.tier) if a.tier in TIERS else 9, a.lft)).name
		return None
	if not scope.unrestricted:
		return None
	roots = frappe.get_all(
		AREA_DOCTYPE,
		filters={"parent_administrative_area": ("is", "not set")},
		fields=["name", "lft", "rgt"],
		order_by="lft",
	)
	if len(roots) <= 1:
		return roots[0].name if roots else None
	child, area = frappe.qb.DocType("Child"), frappe.qb.DocType(AREA_DOCTYPE)
	for root in roots:
		holds_children = (
			frappe.qb.from_(child)
			.join(area)
			.on(area.name == child.village)
			.select(child.name)
			.where(area.lft[root.lft : root.rgt])
			.limit(1)
			.run()
		)
		if holds_children:
			return root.name
	return roots[0].name


def resolve_area(filters) -> Area | None:
	"""The Area chosen in a report's filters, or the user's default area."""
	name = (filters or {}).get("area") or default_area()
	return get_area(name) if name else None


@frappe.whitelist()
def get_default_area() -> str | None:
	"""The area a report's Area filter starts on for the session user (see :func:`default_area`)."""
	frappe.has_permission(AREA_DOCTYPE, "read", throw=True)
	return default_area()


class AreaGrouping:
	"""The tier grouping of a summary: one row per area of the next tier down.

	For a city the rows are its counties, for a county its townships, for a township
	its villages; a village is its own single row. Only rows that overlap the user's
	scope are kept, so a township officer who opens their county sees their township.

	Attributes:
	    area: the chosen area.
	    rows: the areas of the rows, in tree order.
	"""

	def __init__(self, area: Area, scope: Scope):
		self.area = area
		below = child_areas(area) or [area]
		self.rows = [row for row in below if overlaps_scope(row, scope)]
		self._starts = [row.lft for row in self.rows]

	def row_of(self, lft: int | None) -> Area | None:
		"""The row (area) containing the area whose ``lft`` is given, or None."""
		if lft is None:
			return None
		index = bisect.bisect_right(self._starts, lft) - 1
		if index >= 0 and self.rows[index].contains(lft):
			return self.rows[index]
		return None

	def rollup(self, records, keys) -> dict[str, dict[str, int]]:
		"""Sum per-village counts into the rows.

		Args:
		    records: iterable of dicts with ``area_lft`` (the village's lft) and the keys.
		    keys: the count keys to sum.

		Returns:
		    {row area name: {key: int}} with every row present (zeros where empty).
		"""
		totals = {row.name: dict.fromkeys(keys, 0) for row in self.rows}
		for record in records:
			row = self.row_of(record.get("area_lft"))
			if row is None:
				continue
			target = totals[row.name]
			for key in keys:
				target[key] += cint(record.get(key))
		return totals


# --------------------------------------------------------------------------------------
# Query helpers: the permission scope and the area subtree inside frappe.qb
# --------------------------------------------------------------------------------------


class RawCriterion(Criterion):
	"""A WHERE condition already written in SQL (only the Scope's, which escapes its values)."""

	def __init__(self, sql: str):
		super().__init__()
		self.sql = sql

	def get_sql(self, **kwargs) -> str:
		sql = self.sql
		if kwargs.get("param_wrapper") is not None:
			# frappe.qb runs queries with a parameter dict: a literal % must be doubled.
			sql = sql.replace("%", "%%")
		return f"({sql})"


def scope_criterion(doctype: str, table, scope: Scope | None = None) -> Criterion | None:
	"""The user's permission scope for ``doctype`` as a criterion on ``table``.

	Args:
	    doctype: a scoped DocType (see permissions.AREA_FIELD).
	    table: the frappe.qb table (aliased or not) the query reads it from.
	    scope: defaults to the session user's.

	Returns:
	    None for an unrestricted user, else a criterion to add with ``.where()``.
	"""
	scope = scope or get_scope()
	alias = table.alias or table._table_name
	condition = scope.sql(doctype, f"`{alias}`")
	return RawCriterion(condition) if condition else None


def where_scoped(query, doctype: str, table, scope: Scope | None = None):
	"""``query`` restricted to the scope (unchanged for an unrestricted user)."""
	criterion = scope_criterion(doctype, table, scope)
	return query.where(criterion) if criterion is not None else query


def in_subtree(field, area: Area):
	"""Criterion: the area-valued ``field`` lies in ``area``'s subtree (itself included)."""
	if area.lft + 1 == area.rgt:
		return field == area.name
	tree = frappe.qb.DocType(AREA_DOCTYPE).as_("subtree_area")
	return field.isin(
		frappe.qb.from_(tree).select(tree.name).where((tree.lft >= area.lft) & (tree.rgt <= area.rgt))
	)


# --------------------------------------------------------------------------------------
# The visit duties (overdue, period) and the deadlines
# --------------------------------------------------------------------------------------


def overdue_criterion(child, on: datetime.date):
	"""Criterion: the Child row ``child`` has a visit duty overdue on ``on``.

	"Overdue for a visit" means what the Visit Compliance report shows: at least one of
	the child's Visit Duty obligations (issue 5; plan 1 §三6 "三个二", plan 3 §二(三)3,
	plan 5 §四3) has its next contact due before ``on`` (:func:`rules.duty_status`,
	overdue_days > 0). Only active left-behind children owe duties.

	Computing that per child with :func:`left_behind_care.care.compliance_for_children`
	reads every pairing and contact of every child: far too slow for the Area Summary
	and the number card on 100,000 children. They read the child-level field
	``next_visit_due`` instead, which the daily job (:func:`care.run_visit_duties`) and
	every change of a child's visits or pairings (:func:`care.refresh_child`) keep as
	the earliest next due date over all the child's duties. A duty is overdue on ``on``
	exactly when its next due date lies before ``on``, and that date moves only when a
	contact is logged or a pairing changes (both refresh it), so ``next_visit_due < on``
	is "any duty overdue" on any day from the last refresh on, without waiting for the
	next run; ``visit_overdue_days`` would be a day late. What it cannot see until the
	next daily run: edits of the Visit Duty records themselves, and a child registered
	since (never overdue on its first day). Use it with ``on`` = today: the stored
	dates are today's, not a past period's.

	Args:
	    child: the frappe.qb Child table (aliased or not).
	    on: the day, today in the reports and the number card.

	Returns:
	    a frappe.qb Criterion.
	"""
	return (
		(child.is_left_behind == 1)
		& (child.status == "Active")
		& child.next_visit_due.isnotnull()
		& (child.next_visit_due < on)
	)


def compliance_period(filters) -> tuple[datetime.date, datetime.date, datetime.date]:
	"""The period of the compliance reports (Visit Compliance, Mentor Coverage).

	A duty's period counts once it has ended (:func:`rules.compliance_over_range`), so the
	range ends today at the latest: a week still running, or one in the future, is not
	yet due. Statuses (next due date, days overdue) are taken on the range's last day.

	Args:
	    filters: with optional ``from_date`` (default: the first day of this quarter) and
	        ``to_date`` (default and at most: today).

	Returns:
	    (start, end, on): the range, both inclusive, and the day statuses are taken on
	    (= end).

	Raises:
	    frappe.ValidationError when the period ends before it starts.
	"""
	today = getdate(nowdate())
	start = getdate(filters.get("from_date")) if filters.get("from_date") else None
	start = start or rules.quarter_bounds(*rules.quarter_of(today))[0]
	end = getdate(filters.get("to_date")) if filters.get("to_date") else today
	if end < start:
		frappe.throw(
			_("The period ends on {0}, before it starts on {1}.").format(frappe.bold(end), frappe.bold(start))
		)
	end = min(end, today)
	return start, end, end


def children_owing_duties(children: list[str], on: datetime.date) -> set[str]:
	"""Of ``children``, those who owed visit duties on ``on``: active left-behind children,
	and those whose left-behind status ended after ``on`` (as :func:`care.evaluate`: no duty
	is owed for a child no longer left behind).

	Args:
	    children: Child names.
	    on: the day.

	Returns:
	    set of Child names (one query per 1,000 children).
	"""
	child = frappe.qb.DocType("Child")
	result = set()
	for offset in range(0, len(children), 1000):
		result.update(
			frappe.qb.from_(child)
			.select(child.name)
			.where(child.name.isin(children[offset : offset + 1000]))
			.where(
				((child.is_left_behind == 1) & (child.status == "Active"))
				| ((child.status != "Active") & (child.status_date > on))
			)
			.run(pluck=True)
		)
	return result


def deadline_days(tier: str) -> int:
	"""Days after a quarter ends by which an area of ``tier`` submits its ledger (plan 3 §二(一)).

	Raises:
	    frappe.ValidationError for the city tier, which submits to nobody.
	"""
	if tier not in DEADLINE_FIELD:
		frappe.throw(_("A {0} does not submit its ledger to a higher tier.").format(_(tier)))
	return max(cint(_setting(DEADLINE_FIELD[tier], DEFAULT_DEADLINE_DAYS[tier])), 0)


def _setting(fieldname: str, default):
	"""A Left Behind Care Settings value as stored, or ``default`` where it was never set
	(a site that predates the field has no value for it, not a zero)."""
	value = frappe.db.get_singles_dict(SETTINGS).get(fieldname)
	return default if value in (None, "") else value


# --------------------------------------------------------------------------------------
# Periods and ages
# --------------------------------------------------------------------------------------


def resolve_period(filters, default: str = "current") -> tuple[datetime.date, datetime.date]:
	"""The (from, to) dates of a report: the filters' dates, or a default quarter.

	Args:
	    filters: with optional ``from_date`` / ``to_date``.
	    default: "current" (this quarter) or "previous" (the last quarter that ended).

	Raises:
	    frappe.ValidationError when the period ends before it starts.
	"""
	today = getdate(nowdate())
	year, quarter = rules.quarter_of(today) if default == "current" else rules.previous_quarter(today)
	start, end = rules.quarter_bounds(year, quarter)
	from_date = getdate(filters.get("from_date")) if filters.get("from_date") else start
	to_date = getdate(filters.get("to_date")) if filters.get("to_date") else end
	if to_date < from_date:
		frappe.throw(
			_("The period ends on {0}, before it starts on {1}.").format(
				frappe.bold(to_date), frappe.bold(from_date)
			)
		)
	return from_date, to_date


def age_limit() -> int:
	"""The active age limit of the left-behind definition (Left Behind Care Settings)."""
	from left_behind_care.utils import get_determination_rule

	return get_determination_rule().age_limit


# --------------------------------------------------------------------------------------
# Sensitive values
# --------------------------------------------------------------------------------------


def can_read_sensitive(doctype: str, user: str | None = None) -> bool:
	"""Whether the user may read ``doctype``'s permission-level-1 fields (identity
	numbers, phones, addresses; plan 4 §四5)."""
	user = user or frappe.session.user
	if user == "Administrator":
		return True
	return 1 in frappe.get_meta(doctype).get_permlevel_access("read", user=user)


# --------------------------------------------------------------------------------------
# .xlsx in the official layout (title, unit, date, headers)
# --------------------------------------------------------------------------------------

NUMERIC_TYPES = ("Int", "Float", "Currency", "Percent")


def _chinese_date(day: datetime.date) -> str:
	return f"{day.year}年{day.month}月{day.day}日"


def _cell_value(column: dict, value):
	"""(value, kind) for a cell: kind is "number", "date" or "text"."""
	fieldtype = column.get("fieldtype") or "Data"
	mapping = column.get("export_map")
	if mapping is not None:
		key = cint(value) if fieldtype == "Check" else value
		if key in mapping:
			return mapping[key], "text"
	if value is None or value == "":
		return None, "text"
	if fieldtype in NUMERIC_TYPES and not column.get("text"):
		return value, "number"
	if fieldtype == "Check":
		return (_("Yes") if cint(value) else _("No")), "text"
	if fieldtype == "Date" and not column.get("text"):
		return getdate(value), "date"
	if fieldtype == "Datetime" and not column.get("text"):
		return frappe.utils.get_datetime(value), "datetime"
	return str(value), "text"


def build_workbook(
	title: str,
	unit: str,
	report_date: datetime.date,
	columns: list[dict],
	rows: list,
	sheet_name: str | None = None,
) -> bytes:
	"""Write report rows as .xlsx in the official ledger layout.

	Layout (as the ledgers offices keep, shared/samples): row 1 the title merged over
	every column; row 2 the reporting unit (填报单位) and the date (填报日期); then the
	headers (two rows when columns carry a ``group``: the group merged above its
	columns); then one row per report row, in the same order as on screen.

	Every string is a text cell (number format ``@``): identity numbers and phones are
	never turned into numbers, and a value such as ``=1+1`` stays text, never a
	formula. Numbers are numbers, dates are dates.

	Args:
	    title: the sheet title.
	    unit: the reporting unit (an area name).
	    report_date: the date the table was made.
	    columns: Frappe report columns (fieldname, label, fieldtype; optional
	        ``export_label`` to write instead of the label, ``group``, ``text``, ``width``).
	    rows: dicts keyed by fieldname, or lists in column order; a dict with
	        ``is_total_row`` is written bold.
	    sheet_name: defaults to the title (cut to Excel's 31 characters).

	Returns:
	    The workbook as bytes.
	"""
	from openpyxl import Workbook
	from openpyxl.styles import Alignment, Border, Font, Side
	from openpyxl.utils import get_column_letter

	workbook = Workbook()
	sheet = workbook.active
	bad = "[]:*?/\\"
	sheet.title = "".join(c for c in (sheet_name or title) if c not in bad)[:31] or "Sheet1"
	width = max(len(columns), 1)
	thin = Side(style="thin")
	border = Border(left=thin, right=thin, top=thin, bottom=thin)
	center = Alignment(horizontal="center", vertical="center", wrap_text=True)

	def put_text(cell, text):
		cell.value = text
		cell.data_type = "s"
		cell.number_format = "@"

	put_text(sheet.cell(row=1, column=1), title)
	sheet.cell(row=1, column=1).font = Font(bold=True, size=14)
	sheet.cell(row=1, column=1).alignment = center
	if width > 1:
		sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
	put_text(sheet.cell(row=2, column=1), _("Reporting unit: {0}").format(unit))
	date_column = max(width // 2, 2) if width > 2 else width
	put_text(sheet.cell(row=2, column=date_column), _("Date: {0}").format(_chinese_date(report_date)))

	header_row = 3
	grouped = any(col.get("group") for col in columns)
	for index, col in enumerate(columns, start=1):
		label = col.get("export_label") or _(col.get("label") or col.get("fieldname"))
		if not grouped:
			cell = sheet.cell(row=header_row, column=index)
			put_text(cell, label)
		else:
			if col.get("group"):
				put_text(sheet.cell(row=header_row + 1, column=index), label)
			else:
				put_text(sheet.cell(row=header_row, column=index), label)
				sheet.merge_cells(
					start_row=header_row, start_column=index, end_row=header_row + 1, end_column=index
				)
	if grouped:
		index = 0
		while index < len(columns):
			group = columns[index].get("group")
			end = index
			while group and end + 1 < len(columns) and columns[end + 1].get("group") == group:
				end += 1
			if group:
				put_text(sheet.cell(row=header_row, column=index + 1), _(group))
				if end > index:
					sheet.merge_cells(
						start_row=header_row, start_column=index + 1, end_row=header_row, end_column=end + 1
					)
			index = end + 1
	last_header = header_row + (1 if grouped else 0)
	for r in range(header_row, last_header + 1):
		for c in range(1, width + 1):
			cell = sheet.cell(row=r, column=c)
			cell.font = Font(bold=True)
			cell.alignment = center
			cell.border = border

	for offset, row in enumerate(rows, start=1):
		excel_row = last_header + offset
		bold = isinstance(row, dict) and row.get("is_total_row")
		for index, col in enumerate(columns, start=1):
			raw = row.get(col["fieldname"]) if isinstance(row, dict) else row[index - 1]
			value, kind = _cell_value(col, raw)
			cell = sheet.cell(row=excel_row, column=index)
			if kind == "text":
				if value is not None:
					put_text(cell, value)
			else:
				cell.value = value
				if kind == "date":
					cell.number_format = "yyyy-mm-dd"
				elif kind == "datetime":
					cell.number_format = "yyyy-mm-dd hh:mm"
			cell.border = border
			if bold:
				cell.font = Font(bold=True)

	for index, col in enumerate(columns, start=1):
		chars = cint(col.get("width") or 120) // 8
		sheet.column_dimensions[get_column_letter(index)].width = max(6, min(chars, 40))
	sheet.freeze_panes = sheet.cell(row=last_header + 1, column=1)

	output = io.BytesIO()
	workbook.save(output)
	return output.getvalue()


def report_module(report_name: str):
	"""The Python module of one of this app's Script Reports.

	Raises:
	    ReportExportError for a report that is not a standard Script Report of this module.
	"""
	from frappe.core.doctype.report.report import get_report_module_dotted_path

	values = frappe.db.get_value(
		"Report", report_name, ["module", "report_type", "is_standard"], as_dict=True
	)
	if (
		not values
		or values.module != MODULE
		or values.report_type != "Script Report"
		or values.is_standard != "Yes"
	):
		frappe.throw(
			_("{0} is not a report of Left Behind Care and has no official layout.").format(
				frappe.bold(report_name)
			),
			exc=ReportExportError,
		)
	return frappe.get_module(get_report_module_dotted_path(MODULE, report_name))


def render_report(report_name: str, filters: dict) -> tuple[bytes, str]:
	"""Run a report exactly as on screen and write its rows in the official layout.

	Args:
	    report_name: one of this app's Script Reports.
	    filters: the report's filters as on screen.

	Returns:
	    (xlsx bytes, file name without extension).
	"""
	module = report_module(report_name)
	filters = frappe._dict(filters or {})
	result = module.execute(filters)
	columns, data = result[0], result[1]
	area = resolve_area(filters)
	if hasattr(module, "get_export_title"):
		title = module.get_export_title(filters)
	else:
		title = _("{0} {1}").format(area.area_name if area else "", _(report_name)).strip()
	unit = area.area_name if area else (frappe.db.get_value("User", frappe.session.user, "full_name") or "")
	content = build_workbook(title, unit, getdate(nowdate()), columns, data, sheet_name=_(report_name))
	return content, title


@frappe.whitelist()
def export_report(report_name: str, filters: str | dict | None = None) -> None:
	"""Download a Left Behind Care report as .xlsx in the official layout.

	The user needs the report (its roles and report permission on its DocType) and
	export permission on that DocType; the rows are those the report shows the user
	on screen, with the same scope and masking.

	Args:
	    report_name: the report.
	    filters: JSON or dict of the report's filters.

	Raises:
	    frappe.PermissionError without access; ReportExportError for other reports.
	"""
	from frappe.desk.query_report import get_report_doc
	from frappe.desk.utils import provide_binary_file

	report = get_report_doc(report_name)
	frappe.permissions.can_export(report.ref_doctype, raise_exception=True)
	exporting, frappe.flags.lbc_exporting = frappe.flags.lbc_exporting, True  # consent masking
	try:
		content, title = render_report(report_name, frappe.parse_json(filters) or {})
	finally:
		frappe.flags.lbc_exporting = exporting
	provide_binary_file(title, "xlsx", content)


def manager_or(roles: set[str], *wanted: str) -> bool:
	"""Whether ``roles`` include one of ``wanted``, the manager role or System Manager."""
	return bool(roles & {*wanted, MANAGER_ROLE, "System Manager"})


# --------------------------------------------------------------------------------------
# Number cards of the tier workspaces (type "Custom": counted within the user's scope)
# --------------------------------------------------------------------------------------


@frappe.whitelist()
def overdue_visits_card(filters: str | None = None) -> dict:
	"""Number card: left-behind children with a visit duty overdue today, within the user's scope.

	The same children as the Visit Compliance report's overdue rows for a period ending
	today (the Visit Duty rules of plans 1, 3 and 5), read from the child-level field the
	daily job keeps (:func:`overdue_criterion`).

	Returns:
	    dict(value: int, fieldtype "Int", route to the Visit Compliance report).
	"""
	frappe.has_permission("Child", "read", throw=True)
	from frappe.query_builder.functions import Count

	child = frappe.qb.DocType("Child").as_("child")
	query = (
		frappe.qb.from_(child)
		.select(Count("*"))
		.where(child.village.isnotnull())
		.where(overdue_criterion(child, getdate(nowdate())))
	)
	value = where_scoped(query, "Child", child).run()[0][0]
	return {
		"value": value,
		"fieldtype": "Int",
		"route": ["query-report", "Visit Compliance"],
		"route_options": {"only_overdue": 1},
	}


def areas_in_scope(
	scope: Scope | None = None, tiers: tuple[str, ...] = (COUNTY, TOWNSHIP, VILLAGE)
) -> list[Area]:
	"""The areas of the given tiers that the user works for (their subtrees), in tree order."""
	scope = scope or get_scope()
	table, query = _area_query()
	query = query.where(table.tier.isin(list(tiers)))
	if not scope.unrestricted:
		if not scope.has_areas:
			return []
		query = query.where(
			Criterion.any(
				[(table.lft >= low) & (table.rgt <= high) for low, high in scope.area_ranges]
				+ [table.lft == low for low, _high in scope.area_points]
			)
		)
	return _area_rows(query.orderby(table.lft))
