# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt
"""Mentor Coverage (结对帮扶): each mentor's load, and the children with no mentor.

Plans 1, 2, 3 and 5: every left-behind child has at least one active helper (mentor
teacher, proxy parent, caring mother, cadre, …); plan 1 §三3: a teacher is proxy
parent to about two children, a cap set in Left Behind Care Settings
(``max_children_per_mentor``, enforced on Mentor Assignment for mentors with a user
account). "Mentor Load" lists each mentor with the children actively paired with them
in the area against that cap, and their compliance with the Mentor visit duties
(issue 5: plan 1 §三6 "三个二", plan 5 §四3) over the chosen range, from
:func:`left_behind_care.care.compliance_for_children` and summed like
:func:`care.summarize_compliance`; "Children Without a Mentor" lists the active
left-behind children with no active pairing (a peer study buddy does not count, as in
the daily duty job).
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.query_builder import Case
from frappe.query_builder.functions import Coalesce, Count, GroupConcat, Max, NullIf
from pypika.terms import ExistsCriterion

from left_behind_care import care
from left_behind_care.permissions import Scope, get_scope
from left_behind_care.reporting import (
	children_owing_duties,
	compliance_period,
	resolve_area,
	where_scoped,
)

LOAD = "Mentor Load"
WITHOUT = "Children Without a Mentor"
LOAD_BANDS = ((1, 1), (2, 2), (3, 4), (5, None))


def execute(filters=None):
	"""Script Report entry point.

	Args:
	    filters: area (default the user's own), view (LOAD, the default, or WITHOUT),
	        from_date / to_date (the range of the compliance figures; default this
	        quarter up to today).

	Returns:
	    columns, data, None, chart (mentors by number of children; or children
	    without a mentor by risk level).
	"""
	return _execute(frappe._dict(filters or {}))


@frappe.read_only()
def _execute(filters):
	area = resolve_area(filters)
	if not area:
		return get_columns(filters), [], None, None
	if filters.get("view") == WITHOUT:
		data = get_children_without_mentor(area)
		return get_columns(filters), data, None, get_without_chart(data)
	start, end, on = compliance_period(filters)
	data = get_mentor_load(area, start, end, on)
	return get_columns(filters), data, None, get_load_chart(data)


def get_columns(filters) -> list[dict]:
	"""The report's columns (mentor loads or children without a mentor); areas and children are Links."""
	if filters.get("view") == WITHOUT:
		return [
			{
				"fieldname": "child",
				"label": _("Child"),
				"fieldtype": "Link",
				"options": "Child",
				"width": 120,
			},
			{"fieldname": "child_name", "label": _("Child Name"), "fieldtype": "Data", "width": 90},
			{
				"fieldname": "village",
				"label": _("Village"),
				"fieldtype": "Link",
				"options": "Administrative Area",
				"width": 120,
			},
			{
				"fieldname": "guardianship_category",
				"label": _("Guardianship Category"),
				"fieldtype": "Data",
				"width": 70,
			},
			{"fieldname": "risk_level", "label": _("Risk Level"), "fieldtype": "Data", "width": 70},
			{"fieldname": "school", "label": _("School"), "fieldtype": "Data", "width": 120},
			{"fieldname": "last_visit_date", "label": _("Last Visit"), "fieldtype": "Date", "width": 95},
			{
				"fieldname": "no_mentor_since",
				"label": _("Without a Mentor Since"),
				"fieldtype": "Date",
				"width": 110,
			},
		]
	return [
		{
			"fieldname": "mentor",
			"label": _("Mentor (User)"),
			"fieldtype": "Link",
			"options": "User",
			"width": 170,
		},
		{"fieldname": "mentor_name", "label": _("Mentor"), "fieldtype": "Data", "width": 110},
		{"fieldname": "mentor_type", "label": _("Type"), "fieldtype": "Data", "width": 110},
		{"fieldname": "villages", "label": _("Villages"), "fieldtype": "Int", "width": 70},
		{"fieldname": "children", "label": _("Children"), "fieldtype": "Int", "width": 80},
		{"fieldname": "cap", "label": _("Cap"), "fieldtype": "Int", "width": 60},
		{"fieldname": "over_cap", "label": _("Over the Cap"), "fieldtype": "Check", "width": 90},
		{"fieldname": "left_behind", "label": _("Left-behind Children"), "fieldtype": "Int", "width": 110},
		{"fieldname": "level_1_2", "label": _("一级/二级 Children"), "fieldtype": "Int", "width": 110},
		{"fieldname": "done", "label": _("Done"), "fieldtype": "Int", "width": 70},
		{"fieldname": "required", "label": _("Required"), "fieldtype": "Int", "width": 80},
		{"fieldname": "rate", "label": _("Compliance %"), "fieldtype": "Percent", "width": 100},
		{"fieldname": "overdue", "label": _("Overdue for a Visit"), "fieldtype": "Int", "width": 110},
	]


def get_mentor_load(area, start, end, on, scope: Scope | None = None) -> list[dict]:
	"""Each mentor's active pairings in the area's subtree, their cap and their compliance.

	A mentor is their User when the pairing names one, else their name as written. The
	cap (Left Behind Care Settings) binds mentors with a user account only, as Mentor
	Assignment enforces it; ``over_cap`` compares it with the children counted here.
	The compliance figures are those of the mentor's own Mentor duties over
	[start, end] for the children of these rows (credited contacts: extra contacts in
	one period do not make up for another); ``overdue`` counts those children with a
	duty of the mentor's overdue on ``on``.

	Args:
	    area: reporting.Area.
	    start, end: the compliance range, both inclusive; on: the day of the statuses.
	    scope: defaults to the session user's; built into the pairings' query.

	Returns:
	    list of dict(mentor, mentor_name, mentor_type, villages, children, cap, over_cap,
	    left_behind, level_1_2, done, required, rate (percent, 1 decimal, None when
	    nothing was required), overdue), heaviest load first.
	"""
	scope = scope or get_scope()
	pairing = frappe.qb.DocType("Mentor Assignment").as_("pairing")
	child = frappe.qb.DocType("Child").as_("child")
	village = frappe.qb.DocType("Administrative Area").as_("village_area")

	def count_children_if(criterion, key):
		return Count(Case().when(criterion, child.name)).distinct().as_(key)

	active_left_behind = (child.is_left_behind == 1) & (child.status == "Active")
	mentor_key = Coalesce(NullIf(pairing.mentor, ""), pairing.mentor_name)
	query = (
		frappe.qb.from_(pairing)
		.join(child)
		.on(child.name == pairing.child)
		.join(village)
		.on(village.name == pairing.village)
		.select(
			mentor_key.as_("mentor_key"),
			Max(pairing.mentor).as_("mentor"),
			Max(pairing.mentor_name).as_("mentor_name"),
			GroupConcat(pairing.mentor_type).distinct().as_("mentor_type"),
			Count(pairing.village).distinct().as_("villages"),
			Count(pairing.child).distinct().as_("children"),
			GroupConcat(pairing.child).distinct().as_("child_names"),
			count_children_if(active_left_behind, "left_behind"),
			count_children_if(active_left_behind & child.risk_level.isin(["一级", "二级"]), "level_1_2"),
		)
		.where(pairing.is_active == 1)
		.where((village.lft >= area.lft) & (village.rgt <= area.rgt))
		.groupby(mentor_key)
	)
	data = where_scoped(query, "Mentor Assignment", pairing, scope).run(as_dict=True)
	cap = care.get_care_settings().max_children_per_mentor
	children = {name: row.mentor_key for row in data for name in (row.child_names or "").split(",") if name}
	compliance = _compliance_by_mentor(children, start, end, on)
	for row in data:
		row["mentor_type"] = "、".join(_(t) for t in sorted((row["mentor_type"] or "").split(",")) if t)
		row["cap"] = cap if row["mentor"] and cap else None
		row["over_cap"] = int(bool(row["cap"]) and row["children"] > row["cap"])
		figures = compliance.get(row.pop("mentor_key"), {})
		row["done"] = figures.get("done", 0)
		row["required"] = figures.get("required", 0)
		credited = figures.get("credited", 0)
		row["rate"] = round(100.0 * credited / row["required"], 1) if row["required"] else None
		row["overdue"] = len(figures.get("overdue", ()))
		row.pop("child_names")
	data.sort(key=lambda r: (-r["children"], r["mentor_name"] or "", r["mentor"] or ""))
	return data


def _compliance_by_mentor(children: dict[str, str], start, end, on) -> dict[str, dict]:
	"""Sum the Mentor-duty compliance rows of the children by mentor.

	Args:
	    children: {child: mentor key} (a child's rows count only for the mentor keys
	        listed: the rows of the report).

	Returns:
	    {mentor key: dict(done, required, credited, overdue=set of children)}.
	"""
	if not children:
		return {}
	keys = set(children.values())
	names = sorted(children)
	owing = children_owing_duties(names, on)
	result: dict[str, dict] = {}
	for row in care.compliance_for_children(names, start, end, on=on):
		if row["responsible"] != "Mentor":
			continue
		key = row["mentor"] or row["mentor_name"]
		if key not in keys:
			continue
		figures = result.setdefault(key, {"done": 0, "required": 0, "credited": 0, "overdue": set()})
		for field in ("done", "required", "credited"):
			figures[field] += row[field]
		if row["overdue_days"] and row["child"] in owing:
			figures["overdue"].add(row["child"])
	return result


def get_children_without_mentor(area, scope: Scope | None = None) -> list[dict]:
	"""Active left-behind children of the area's subtree with no active mentor.

	Issue 5: every active left-behind child must have an active mentor; a peer study
	buddy does not count (:func:`care.children_without_mentor` gives the same children
	from the field the daily job keeps; this query reads the pairings themselves).

	Returns:
	    list of dict(child, child_name, village, guardianship_category, risk_level,
	    school, last_visit_date, no_mentor_since), in tree order.
	"""
	scope = scope or get_scope()
	child = frappe.qb.DocType("Child").as_("child")
	village = frappe.qb.DocType("Administrative Area").as_("village_area")
	pairing = frappe.qb.DocType("Mentor Assignment").as_("pairing")
	paired = ExistsCriterion(
		frappe.qb.from_(pairing)
		.select(pairing.name)
		.where((pairing.child == child.name) & (pairing.is_active == 1))
		.where(pairing.mentor_type != care.PEER)
	)
	query = (
		frappe.qb.from_(child)
		.join(village)
		.on(village.name == child.village)
		.select(
			child.name.as_("child"),
			child.child_name,
			child.village,
			child.guardianship_category,
			child.risk_level,
			child.school,
			child.last_visit_date,
			child.no_mentor_since,
		)
		.where((child.is_left_behind == 1) & (child.status == "Active"))
		.where((village.lft >= area.lft) & (village.rgt <= area.rgt))
		.where(paired.negate())
		.orderby(village.lft)
		.orderby(child.name)
	)
	return where_scoped(query, "Child", child, scope).run(as_dict=True)


def get_load_chart(data: list[dict]) -> dict | None:
	"""Bar chart: how many mentors carry 1, 2, 3–4, 5+ children (plan 1: about two)."""
	if not data:
		return None
	labels, values = [], []
	for low, high in LOAD_BANDS:
		if high is None:
			labels.append(_("{0}+ children").format(low))
		elif low == high:
			labels.append(_("{0} children").format(low))
		else:
			labels.append(_("{0}–{1} children").format(low, high))
		values.append(
			sum(1 for row in data if row["children"] >= low and (high is None or row["children"] <= high))
		)
	return {"data": {"labels": labels, "datasets": [{"name": _("Mentors"), "values": values}]}, "type": "bar"}


def get_without_chart(data: list[dict]) -> dict | None:
	"""Bar chart: children without a mentor by risk level."""
	if not data:
		return None
	levels = ["一级", "二级", "三级", "四级", "正常"]
	values = [sum(1 for row in data if (row["risk_level"] or "正常") == level) for level in levels]
	return {
		"data": {"labels": levels, "datasets": [{"name": _("Children Without a Mentor"), "values": values}]},
		"type": "bar",
		"colors": ["#e24c4c"],
	}


def get_export_title(filters) -> str:
	"""Title of the .xlsx export: area, table name, view and the compliance range."""
	area = resolve_area(filters)
	view = _(filters.get("view") or LOAD)
	start, end, _on = compliance_period(frappe._dict(filters or {}))
	return _("{0} Mentor Coverage: {1} ({2} to {3})").format(
		area.area_name if area else "", view, start.isoformat(), end.isoformat()
	)
