# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt
"""Quarterly Changes (按季度上报的动态变化), read from the history, never from today's values.

Plan 4 §三2: villages report every quarter the changes among their left-behind
children: children who became left behind, children who stopped being left behind
(a parent came home, the child aged out or moved away) and grading changes
(plan 3 §二(二), 动态管理). Every row is a Child Status Log entry the foundation wrote
when the change happened, so a child graded 二级 in August and 三级 since still shows
its August change.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import getdate

from left_behind_care import rules
from left_behind_care.permissions import Scope, get_scope
from left_behind_care.reporting import resolve_area, resolve_period, where_scoped

LOG = "Child Status Log"

NEW = "New Left-behind Child"
PARENT_HOME = "No Longer Left Behind: Parent Came Home"
AGED_OUT = "No Longer Left Behind: Aged Out"
MOVED_AWAY = "No Longer Left Behind: Moved Away"
STOPPED_OTHER = "No Longer Left Behind: Other Reason"
GRADING = "Grading Changed"
CHANGES = (NEW, PARENT_HOME, AGED_OUT, MOVED_AWAY, STOPPED_OTHER, GRADING)
STOPPED = (PARENT_HOME, AGED_OUT, MOVED_AWAY, STOPPED_OTHER)


def execute(filters=None):
	"""Script Report entry point.

	Args:
	    filters: area (default the user's own), from_date and to_date (default the
	        last quarter that ended), change (one of CHANGES, optional).

	Returns:
	    columns, data (one row per change, by date), None, chart (changes by quarter).
	"""
	return _execute(frappe._dict(filters or {}))


@frappe.read_only()
def _execute(filters):
	area = resolve_area(filters)
	if not area:
		return get_columns(), [], None, None
	from_date, to_date = resolve_period(filters, default="previous")
	data = get_data(area, from_date, to_date)
	if filters.get("change"):
		data = [row for row in data if row["change_code"] == filters.change]
	return get_columns(), data, None, get_chart(data, from_date, to_date)


def get_columns() -> list[dict]:
	"""The report's columns (changes); areas and children are Links."""
	return [
		{"fieldname": "event_date", "label": _("Date"), "fieldtype": "Date", "width": 95},
		{"fieldname": "change", "label": _("Change"), "fieldtype": "Data", "width": 230},
		{"fieldname": "child", "label": _("Child"), "fieldtype": "Link", "options": "Child", "width": 120},
		{"fieldname": "child_name", "label": _("Child Name"), "fieldtype": "Data", "width": 90},
		{
			"fieldname": "village",
			"label": _("Village"),
			"fieldtype": "Link",
			"options": "Administrative Area",
			"width": 110,
		},
		{"fieldname": "reason", "label": _("Reason"), "fieldtype": "Data", "width": 200},
		{"fieldname": "old_category", "label": _("Category Before"), "fieldtype": "Data", "width": 80},
		{"fieldname": "new_category", "label": _("Category After"), "fieldtype": "Data", "width": 80},
		{"fieldname": "old_risk_level", "label": _("Risk Level Before"), "fieldtype": "Data", "width": 80},
		{"fieldname": "new_risk_level", "label": _("Risk Level After"), "fieldtype": "Data", "width": 80},
		{
			"fieldname": "old_guardian_assessment",
			"label": _("Assessment Before"),
			"fieldtype": "Data",
			"width": 80,
		},
		{
			"fieldname": "new_guardian_assessment",
			"label": _("Assessment After"),
			"fieldtype": "Data",
			"width": 80,
		},
		{"fieldname": "new_status", "label": _("Status After"), "fieldtype": "Data", "width": 110},
	]


def get_data(area, from_date, to_date, scope: Scope | None = None) -> list[dict]:
	"""The changes recorded in an area's subtree between two dates (both inclusive).

	Args:
	    area: reporting.Area.
	    from_date, to_date: datetime.date.
	    scope: defaults to the session user's; built into the query.

	Returns:
	    list of dicts (the columns, plus ``change_code``: one of CHANGES).
	"""
	log = frappe.qb.DocType(LOG).as_("status_log")
	village = frappe.qb.DocType("Administrative Area").as_("village_area")
	query = (
		frappe.qb.from_(log)
		.join(village)
		.on(village.name == log.village)
		.select(
			log.name,
			log.event_date,
			log.event,
			log.child,
			log.child_name,
			log.village,
			log.reason,
			log.was_left_behind,
			log.is_left_behind,
			log.old_category,
			log.new_category,
			log.old_risk_level,
			log.new_risk_level,
			log.old_guardian_assessment,
			log.new_guardian_assessment,
			log.old_status,
			log.new_status,
		)
		.where((log.event_date >= from_date) & (log.event_date <= to_date))
		.where((village.lft >= area.lft) & (village.rgt <= area.rgt))
		.where(
			log.event.isin(
				[
					"Registered",
					"Became Left Behind",
					"No Longer Left Behind",
					"Grading Changed",
					"Status Changed",
				]
			)
		)
		.orderby(log.event_date)
		.orderby(log.creation)
	)
	rows = where_scoped(query, LOG, log, scope or get_scope()).run(as_dict=True)
	data = []
	for row in rows:
		code = classify(row)
		if not code:
			continue
		data.append(
			{
				"event_date": row.event_date,
				"change": _(code),
				"change_code": code,
				"child": row.child,
				"child_name": row.child_name,
				"village": row.village,
				"reason": _(row.reason) if row.reason else None,
				"old_category": row.old_category,
				"new_category": row.new_category,
				"old_risk_level": row.old_risk_level,
				"new_risk_level": row.new_risk_level,
				"old_guardian_assessment": row.old_guardian_assessment,
				"new_guardian_assessment": row.new_guardian_assessment,
				"new_status": _(row.new_status) if row.new_status else None,
			}
		)
	return data


def _reason_words(reason: rules.NotLeftBehindReason) -> set[str]:
	"""The texts a stored reason may have: English, and as translated when it was saved."""
	return {reason.value, _(reason.value), _(reason.value, lang="zh")}


def classify(row) -> str | None:
	"""Which quarterly change a Child Status Log entry is (None: not one to report).

	- Registered while left behind, or became left behind → NEW;
	- stopped being left behind → AGED_OUT when the status became Aged Out,
	  PARENT_HOME when a parent lives at home again, STOPPED_OTHER otherwise;
	- status became Moved Away while left behind → MOVED_AWAY; back from Moved Away
	  while left behind → NEW;
	- grading changed → GRADING.
	"""
	event = row.event
	if event == "Registered":
		return NEW if row.is_left_behind else None
	if event == "Became Left Behind":
		return NEW
	if event == "No Longer Left Behind":
		if row.new_status == "Aged Out" or row.reason in _reason_words(rules.NotLeftBehindReason.AGED_OUT):
			return AGED_OUT
		if row.reason in _reason_words(rules.NotLeftBehindReason.PARENT_AT_HOME):
			return PARENT_HOME
		return STOPPED_OTHER
	if event == "Status Changed":
		if row.new_status == "Moved Away" and row.was_left_behind:
			return MOVED_AWAY
		if row.old_status == "Moved Away" and row.is_left_behind:
			return NEW
		return None
	if event == "Grading Changed":
		return GRADING
	return None


def get_chart(data: list[dict], from_date, to_date) -> dict | None:
	"""Bar chart: new, no longer left behind, and grading changes per quarter."""
	quarters = rules.quarters_between(from_date, to_date)
	if not quarters:
		return None
	index = {quarter: i for i, quarter in enumerate(quarters)}
	new, stopped, graded = ([0] * len(quarters) for _i in range(3))
	for row in data:
		position = index.get(rules.quarter_of(getdate(row["event_date"])))
		if position is None:
			continue
		if row["change_code"] == NEW:
			new[position] += 1
		elif row["change_code"] in STOPPED:
			stopped[position] += 1
		elif row["change_code"] == GRADING:
			graded[position] += 1
	return {
		"data": {
			"labels": [f"{year} Q{quarter}" for year, quarter in quarters],
			"datasets": [
				{"name": _("New Left-behind Children"), "values": new},
				{"name": _("No Longer Left Behind"), "values": stopped},
				{"name": _("Grading Changed"), "values": graded},
			],
		},
		"type": "bar",
	}


def get_export_title(filters) -> str:
	"""Title of the .xlsx export: area, table name and period or date."""
	area = resolve_area(filters)
	from_date, to_date = resolve_period(filters, default="previous")
	return _("{0} Changes among Left-behind Children ({1} to {2})").format(
		area.area_name if area else "", from_date.isoformat(), to_date.isoformat()
	)
