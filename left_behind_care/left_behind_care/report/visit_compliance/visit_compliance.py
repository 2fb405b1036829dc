# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt
"""Visit Compliance: which left-behind children are overdue for a visit, under which duty.

Plan 3 §二(三)3: a home visit to every left-behind child every two weeks. The duty
comes from :func:`left_behind_care.reporting.get_visit_rules` (Left Behind Care
Settings' visit interval): a child is overdue when the last recorded contact (or,
for a child never visited, the registration) lies more than the interval before
today. The report loops over the rules, so the Visit Duty rules of the care-and-
protection workflows can take their place without changing it. A School Mentor
sees the children paired with them.
"""

from __future__ import annotations

import datetime

import frappe
from frappe import _
from frappe.query_builder import Criterion
from frappe.utils import getdate, nowdate
from pypika.terms import ExistsCriterion

from left_behind_care import rules
from left_behind_care.permissions import Scope, get_scope
from left_behind_care.reporting import (
	VisitRule,
	get_visit_rules,
	overdue_criterion,
	resolve_area,
	where_scoped,
)

OVERDUE_BANDS = ((1, 7), (8, 14), (15, 30), (31, None))


def execute(filters=None):
	"""Script Report entry point.

	Args:
	    filters: area (default the user's own; a mentor may leave it empty), mentor
	        (a User: only the children paired with them), show ("Overdue", the
	        default, or "All" left-behind children with their due dates).

	Returns:
	    columns, data (one row per child and duty), None, chart (overdue children by
	    days overdue).
	"""
	return _execute(frappe._dict(filters or {}))


@frappe.read_only()
def _execute(filters):
	area = resolve_area(filters)
	data = get_data(area, filters)
	return get_columns(), data, None, get_chart(data)


def get_columns() -> list[dict]:
	"""The report's columns (children and duties); areas and children are Links."""
	return [
		{"fieldname": "child", "label": _("Child"), "fieldtype": "Link", "options": "Child", "width": 120},
		{"fieldname": "child_name", "label": _("Child Name"), "fieldtype": "Data", "width": 90},
		{
			"fieldname": "village",
			"label": _("Village"),
			"fieldtype": "Link",
			"options": "Administrative Area",
			"width": 110,
		},
		{"fieldname": "risk_level", "label": _("Risk Level"), "fieldtype": "Data", "width": 70},
		{"fieldname": "mentors", "label": _("Mentors"), "fieldtype": "Data", "width": 140},
		{"fieldname": "duty", "label": _("Duty"), "fieldtype": "Data", "width": 230},
		{"fieldname": "last_visit_date", "label": _("Last Visit"), "fieldtype": "Date", "width": 95},
		{"fieldname": "due_date", "label": _("Due Date"), "fieldtype": "Date", "width": 95},
		{"fieldname": "days_overdue", "label": _("Days Overdue"), "fieldtype": "Int", "width": 90},
	]


def get_data(area, filters, scope: Scope | None = None, on: datetime.date | None = None) -> list[dict]:
	"""Left-behind children on the register and their visit duties.

	Args:
	    area: reporting.Area or None (then only the scope restricts: a mentor's children).
	    filters: mentor, show (see execute).
	    scope: defaults to the session user's; built into the query.
	    on: the date compliance is measured on (today).

	Returns:
	    list of dicts, most overdue first.
	"""
	scope = scope or get_scope()
	on = on or getdate(nowdate())
	visit_rules = get_visit_rules()
	child = frappe.qb.DocType("Child").as_("child")
	village = frappe.qb.DocType("Administrative Area").as_("village_area")
	query = (
		frappe.qb.from_(child)
		.join(village)
		.on(village.name == child.village)
		.select(
			child.name,
			child.child_name,
			child.village,
			child.risk_level,
			child.last_visit_date,
			child.creation,
		)
		.where((child.is_left_behind == 1) & (child.status == "Active"))
	)
	if area:
		query = query.where((village.lft >= area.lft) & (village.rgt <= area.rgt))
	if filters.get("mentor"):
		pairing = frappe.qb.DocType("Mentor Assignment").as_("pairing")
		query = query.where(
			ExistsCriterion(
				frappe.qb.from_(pairing)
				.select(pairing.name)
				.where(
					(pairing.child == child.name)
					& (pairing.is_active == 1)
					& (pairing.mentor == filters.get("mentor"))
				)
			)
		)
	if (filters.get("show") or "Overdue") == "Overdue":
		query = query.where(Criterion.any([overdue_criterion(child, rule, on) for rule in visit_rules]))
	rows = (
		where_scoped(query, "Child", child, scope).orderby(village.lft).orderby(child.name).run(as_dict=True)
	)
	mentors = _mentor_names([row.name for row in rows], scope)
	show_all = filters.get("show") == "All"
	data = []
	for row in rows:
		for rule in visit_rules:
			if not _applies(rule, row.risk_level):
				continue
			registered = getdate(row.creation)
			last = getdate(row.last_visit_date) if row.last_visit_date else None
			overdue = rules.visit_days_overdue(last, registered, rule.interval_days, on)
			if not overdue and not show_all:
				continue
			data.append(
				{
					"child": row.name,
					"child_name": row.child_name,
					"village": row.village,
					"risk_level": row.risk_level,
					"mentors": "、".join(mentors.get(row.name, ())),
					"duty": rule.label,
					"last_visit_date": last,
					"due_date": rules.visit_due_date(last, registered, rule.interval_days),
					"days_overdue": overdue,
				}
			)
	data.sort(key=lambda r: (-r["days_overdue"], r["due_date"], r["child"]))
	return data


def _applies(rule: VisitRule, risk_level: str | None) -> bool:
	return not rule.risk_levels or risk_level in rule.risk_levels


def _mentor_names(children: list[str], scope: Scope) -> dict[str, list[str]]:
	"""{child: [active mentors' names]} for the listed children."""
	result: dict[str, list[str]] = {}
	if not children:
		return result
	pairing = frappe.qb.DocType("Mentor Assignment").as_("pairing")
	for start in range(0, len(children), 1000):
		query = (
			frappe.qb.from_(pairing)
			.select(pairing.child, pairing.mentor_name)
			.where((pairing.is_active == 1) & pairing.child.isin(children[start : start + 1000]))
			.orderby(pairing.from_date)
		)
		for row in where_scoped(query, "Mentor Assignment", pairing, scope).run(as_dict=True):
			result.setdefault(row.child, []).append(row.mentor_name or "")
	return result


def get_chart(data: list[dict]) -> dict | None:
	"""Bar chart: overdue children by how many days they are overdue."""
	overdue = [row["days_overdue"] for row in data if row["days_overdue"]]
	if not overdue:
		return None
	labels, values = [], []
	for low, high in OVERDUE_BANDS:
		labels.append(_("{0}+ days").format(low) if high is None else _("{0}–{1} days").format(low, high))
		values.append(sum(1 for days in overdue if days >= low and (high is None or days <= high)))
	return {
		"data": {"labels": labels, "datasets": [{"name": _("Overdue Children"), "values": values}]},
		"type": "bar",
		"colors": ["#e2a03f"],
	}


def get_export_title(filters) -> str:
	"""Title of the .xlsx export: area, table name and period or date."""
	area = resolve_area(filters)
	return _("{0} Visit Compliance ({1})").format(
		area.area_name if area else "", getdate(nowdate()).isoformat()
	)
