# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt
"""Visit Compliance: per child and visit duty, contacts done against required, and who is overdue.

The duties are the Visit Duty records (issue 5): plan 1 §三6 "三个二" (child contact and
homework help twice a week; parents, teachers and custodian twice a month; two home
visits every two months), plan 3 §二(三)3 (a home visit every two weeks, a guardians'
meeting every month) and plan 5 §四3 (one visit, help and information check per term).
The figures are :func:`left_behind_care.care.compliance_for_children`'s: one row per
child, duty and pairing (Mentor duties) or per child and duty (School and Village
duties) that had a period due in the chosen range; the next due date and the days
overdue are taken on the range's last day (today at the latest).

A child is "overdue" when any of its rows has days overdue: the same children as the
Area Summary's "Overdue for a Visit" and the "Overdue Visits" number card for a range
ending today (:func:`left_behind_care.reporting.overdue_criterion`).

The children are chosen by one query carrying the user's permission scope (a mentor
sees the children paired with them; an officer their subtree, never a child with an
empty area); compliance_for_children does no permission check of its own.
"""

from __future__ import annotations

import datetime

import frappe
from frappe import _
from pypika.terms import ExistsCriterion

from left_behind_care import care
from left_behind_care.permissions import Scope, get_scope
from left_behind_care.reporting import (
	children_owing_duties,
	compliance_period,
	resolve_area,
	where_scoped,
)

OVERDUE_BANDS = ((1, 7), (8, 14), (15, 30), (31, None))


def execute(filters=None):
	"""Script Report entry point.

	Args:
	    filters: area (Administrative Area, its subtree; default the user's own; a
	        mentor may leave it empty), from_date / to_date (the range; default this
	        quarter up to today), duty (a Visit Duty), mentor (a User: the rows of their
	        pairings), only_overdue (1: only rows with days overdue).

	Returns:
	    columns, data (one row per child, duty and pairing), None, chart (overdue
	    children by days overdue).
	"""
	return _execute(frappe._dict(filters or {}))


@frappe.read_only()
def _execute(filters):
	area = resolve_area(filters)
	start, end, on = compliance_period(filters)
	data = get_data(area, filters, start, end, on)
	return get_columns(), data, None, get_chart(data)


def get_columns() -> list[dict]:
	"""The report's columns; areas, children, duties and mentors are Links."""
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
		{"fieldname": "duty", "label": _("Duty"), "fieldtype": "Link", "options": "Visit Duty", "width": 230},
		{"fieldname": "responsible", "label": _("Owed By"), "fieldtype": "Data", "width": 80},
		{"fieldname": "mentor_name", "label": _("Mentor"), "fieldtype": "Data", "width": 100},
		{"fieldname": "done", "label": _("Done"), "fieldtype": "Int", "width": 70},
		{"fieldname": "required", "label": _("Required"), "fieldtype": "Int", "width": 80},
		{"fieldname": "rate", "label": _("Compliance %"), "fieldtype": "Percent", "width": 100},
		{"fieldname": "next_due", "label": _("Next Due"), "fieldtype": "Date", "width": 95},
		{"fieldname": "overdue_days", "label": _("Days Overdue"), "fieldtype": "Int", "width": 90},
	]


def get_data(
	area,
	filters,
	start: datetime.date,
	end: datetime.date,
	on: datetime.date,
	scope: Scope | None = None,
) -> list[dict]:
	"""Compliance rows of the children the user may see.

	Args:
	    area: reporting.Area or None (then only the scope restricts: a mentor's children).
	    filters: duty, mentor, only_overdue (see execute).
	    start, end: the range, both inclusive; on: the day of the statuses.
	    scope: defaults to the session user's; built into the children's query.

	Returns:
	    list of dict (keys of care.compliance_for_children; ``responsible`` translated,
	    ``rate`` in percent, 1 decimal, None when nothing was required), most overdue
	    first, then by next due date, child and duty.
	"""
	children = _children(area, filters, start, on, scope or get_scope())
	duties = [filters.duty] if filters.get("duty") else None
	rows = care.compliance_for_children(children, start, end, on=on, duties=duties)
	owing = children_owing_duties(children, on)
	data = []
	for row in rows:
		if filters.get("mentor") and row["mentor"] != filters.mentor:
			continue
		if row["child"] not in owing:
			# no duty is owed once a child is no longer left behind (care.evaluate)
			row["next_due"], row["overdue_days"] = None, 0
		if filters.get("only_overdue") and not row["overdue_days"]:
			continue
		row["responsible"] = _(row["responsible"])
		row["rate"] = None if row["rate"] is None else round(row["rate"] * 100, 1)
		data.append(row)
	data.sort(key=lambda r: (-r["overdue_days"], r["next_due"] or datetime.date.max, r["child"], r["duty"]))
	return data


def _children(area, filters, start: datetime.date, on: datetime.date, scope: Scope) -> list[str]:
	"""Children of the area's subtree within the scope who owed duties in the range: active
	left-behind children, and those who stopped being left behind (or left) since ``start``.
	With a mentor filter, only children paired with that mentor during the range."""
	child = frappe.qb.DocType("Child").as_("child")
	village = frappe.qb.DocType("Administrative Area").as_("village_area")
	owed = ((child.is_left_behind == 1) & (child.status == "Active")) | (
		(child.status != "Active") & (child.status_date >= start)
	)
	query = (
		frappe.qb.from_(child).join(village).on(village.name == child.village).select(child.name).where(owed)
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
					& (pairing.mentor == filters.mentor)
					& (pairing.from_date <= on)
					& (pairing.to_date.isnull() | (pairing.to_date >= start))
				)
			)
		)
	query = where_scoped(query, "Child", child, scope).orderby(village.lft).orderby(child.name)
	return query.run(pluck=True)


def overdue_children(data: list[dict]) -> dict[str, int]:
	"""{child: greatest days overdue} over the rows that are overdue."""
	result: dict[str, int] = {}
	for row in data:
		if row["overdue_days"]:
			result[row["child"]] = max(result.get(row["child"], 0), row["overdue_days"])
	return result


def get_chart(data: list[dict]) -> dict | None:
	"""Bar chart: overdue children (each once, by their most overdue duty) by days overdue."""
	overdue = list(overdue_children(data).values())
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
	"""Title of the .xlsx export: area, table name and period."""
	area = resolve_area(filters)
	start, end, _on = compliance_period(frappe._dict(filters or {}))
	return _("{0} Visit Compliance ({1} to {2})").format(
		area.area_name if area else "", start.isoformat(), end.isoformat()
	)
