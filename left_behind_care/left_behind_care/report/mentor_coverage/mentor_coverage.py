# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt
"""Mentor Coverage (结对帮扶): each mentor's load, and the children with no mentor.

Plans 1, 2, 3 and 5: every left-behind child has at least one active helper (mentor
teacher, proxy parent, caring mother, cadre, …); plan 1 §三3: a teacher is proxy
parent to about two children. "Mentor Load" lists each mentor with the children
paired with them in the area; "Children Without a Mentor" lists the left-behind
children on the register that have no active pairing.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.query_builder import Case
from frappe.query_builder.functions import Coalesce, Count, GroupConcat, Max, NullIf
from frappe.utils import getdate, nowdate
from pypika.terms import ExistsCriterion

from left_behind_care.permissions import Scope, get_scope
from left_behind_care.reporting import any_overdue_criterion, resolve_area, where_scoped

LOAD = "Mentor Load"
WITHOUT = "Children Without a Mentor"
LOAD_BANDS = ((1, 1), (2, 2), (3, 4), (5, None))


def execute(filters=None):
	"""Script Report entry point.

	Args:
	    filters: area (default the user's own), view (LOAD, the default, or WITHOUT).

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
	data = get_mentor_load(area)
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
		{"fieldname": "left_behind", "label": _("Left-behind Children"), "fieldtype": "Int", "width": 110},
		{"fieldname": "level_1_2", "label": _("一级/二级 Children"), "fieldtype": "Int", "width": 110},
		{"fieldname": "overdue", "label": _("Overdue for a Visit"), "fieldtype": "Int", "width": 110},
	]


def get_mentor_load(area, scope: Scope | None = None) -> list[dict]:
	"""Each mentor's active pairings in the area's subtree (one row per mentor).

	A mentor is their User when the pairing names one, else their name as written.

	Returns:
	    list of dicts, heaviest load first.
	"""
	scope = scope or get_scope()
	today = getdate(nowdate())
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
			Max(pairing.mentor).as_("mentor"),
			Max(pairing.mentor_name).as_("mentor_name"),
			GroupConcat(pairing.mentor_type).distinct().as_("mentor_type"),
			Count(pairing.village).distinct().as_("villages"),
			Count(pairing.child).distinct().as_("children"),
			count_children_if(active_left_behind, "left_behind"),
			count_children_if(active_left_behind & child.risk_level.isin(["一级", "二级"]), "level_1_2"),
			count_children_if(any_overdue_criterion(child, today), "overdue"),
		)
		.where(pairing.is_active == 1)
		.where((village.lft >= area.lft) & (village.rgt <= area.rgt))
		.groupby(mentor_key)
	)
	data = where_scoped(query, "Mentor Assignment", pairing, scope).run(as_dict=True)
	for row in data:
		row["mentor_type"] = "、".join(_(t) for t in sorted((row["mentor_type"] or "").split(",")) if t)
	data.sort(key=lambda r: (-r["children"], r["mentor_name"] or "", r["mentor"] or ""))
	return data


def get_children_without_mentor(area, scope: Scope | None = None) -> list[dict]:
	"""Left-behind children on the register of the area's subtree with no active pairing."""
	scope = scope or get_scope()
	child = frappe.qb.DocType("Child").as_("child")
	village = frappe.qb.DocType("Administrative Area").as_("village_area")
	pairing = frappe.qb.DocType("Mentor Assignment").as_("pairing")
	paired = ExistsCriterion(
		frappe.qb.from_(pairing)
		.select(pairing.name)
		.where((pairing.child == child.name) & (pairing.is_active == 1))
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
	"""Title of the .xlsx export: area, table name and period or date."""
	area = resolve_area(filters)
	view = _(filters.get("view") or LOAD)
	return _("{0} Mentor Coverage: {1} ({2})").format(
		area.area_name if area else "", view, getdate(nowdate()).isoformat()
	)
