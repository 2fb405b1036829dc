# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt
"""Area Summary (汇总表): for a chosen area, one row per area of the next tier down.

Plan 3 §二(一): the township consolidates its villages' ledgers, the county its
townships', and reports to the city. Each row counts the children on the register
(status Active or No Longer Left Behind) and the left-behind children among them;
the breakdowns (gender, age band, category, risk level, guardian assessment,
schooling, mentor) are of the left-behind children, so each group adds up to the
left-behind column. Visits count every Home Visit record in the period; open
incident reports are counted as of today. "Overdue for a Visit Today" counts the active
left-behind children with a Visit Duty (issue 5) overdue today: the children the Visit
Compliance report shows overdue for a range ending today, read from the child-level
``next_visit_due`` that the daily duty job keeps, because evaluating every duty of
100,000 children per run of the summary is too slow (see
:func:`left_behind_care.reporting.overdue_criterion`); so it is today's figure also when
the period chosen ended earlier. A child "with a mentor" has an active pairing other
than a peer study buddy, as in the duty job. The total row sums the count columns
only; the coverage percentage is recomputed from the totals.
"""

from __future__ import annotations

import datetime

import frappe
from frappe import _
from frappe.query_builder import Case
from frappe.query_builder.functions import Count, Sum
from frappe.utils import flt, getdate, nowdate
from pypika.terms import ExistsCriterion

from left_behind_care import rules
from left_behind_care.care import PEER
from left_behind_care.permissions import Scope, get_scope
from left_behind_care.reporting import (
	ON_REGISTER,
	Area,
	AreaGrouping,
	age_limit,
	overdue_criterion,
	resolve_area,
	resolve_period,
	where_scoped,
)

GENDERS = (("male", "Male", "Male"), ("female", "Female", "Female"))
CATEGORIES = (("category_1", "一类"), ("category_2", "二类"), ("category_3", "三类"))
LEVELS = (
	("level_1", "一级"),
	("level_2", "二级"),
	("level_3", "三级"),
	("level_4", "四级"),
	("level_normal", "正常"),
)
ASSESSMENTS = (("assessment_good", "较好"), ("assessment_fair", "一般"), ("assessment_poor", "差"))
SCHOOLING = (
	("in_school", "In School", "In School"),
	("dropped_out", "Dropped Out", "Dropped Out"),
	("not_in_school", "Not Yet in School", "Not Yet in School"),
)


def execute(filters=None):
	"""Script Report entry point.

	Args:
	    filters: area (Administrative Area; default the user's own), from_date and
	        to_date (the period for visits; default the current quarter).

	Returns:
	    columns, data (area rows then the total row), None, chart (left-behind
	    children by risk level).
	"""
	return _execute(frappe._dict(filters or {}))


@frappe.read_only()
def _execute(filters):
	area = resolve_area(filters)
	if not area:
		return get_columns(), [], None, None
	from_date, to_date = resolve_period(filters)
	summary = get_summary(area, from_date, to_date)
	data = [*summary["rows"], summary["total"]]
	return get_columns(), data, None, get_chart(summary["total"])


def age_band_keys(limit: int | None = None) -> list[tuple[str, rules.AgeBand]]:
	"""(key, band) for the age bands of the active age limit (plan 3 or 国发〔2016〕13号)."""
	bands = rules.age_bands(limit or age_limit())
	return [(f"age_{band.low}_{band.high}", band) for band in bands]


def count_keys(limit: int | None = None) -> list[str]:
	"""Every count column of the summary, in column order."""
	keys = ["children", "left_behind"]
	keys += [key for key, _label, _value in GENDERS] + ["gender_unknown"]
	keys += [key for key, _band in age_band_keys(limit)]
	keys += [key for key, _value in CATEGORIES]
	keys += [key for key, _value in LEVELS]
	keys += [key for key, _value in ASSESSMENTS] + ["assessment_none"]
	keys += [key for key, _label, _value in SCHOOLING]
	keys += ["with_mentor", "without_mentor", "visits", "overdue", "open_incidents"]
	return keys


def cross_sums(limit: int | None = None) -> dict[str, list[str]]:
	"""The groups of columns that add up to the left-behind column, by group label."""
	return {
		"gender": [key for key, _label, _value in GENDERS] + ["gender_unknown"],
		"age": [key for key, _band in age_band_keys(limit)],
		"category": [key for key, _value in CATEGORIES],
		"risk level": [key for key, _value in LEVELS],
		"guardian assessment": [key for key, _value in ASSESSMENTS] + ["assessment_none"],
		"schooling": [key for key, _label, _value in SCHOOLING],
		"mentor": ["with_mentor", "without_mentor"],
	}


def get_columns() -> list[dict]:
	"""The report's columns; ``group`` heads the two-row header of the .xlsx export."""

	def count(key, label, group=None, width=90):
		column = {"fieldname": key, "label": label, "fieldtype": "Int", "width": width}
		if group:
			column["group"] = group
		return column

	columns = [
		{
			"fieldname": "area",
			"label": _("Area"),
			"fieldtype": "Link",
			"options": "Administrative Area",
			"width": 160,
		},
		count("children", _("Children"), width=90),
		count("left_behind", _("Left-behind Children"), width=110),
	]
	columns += [count(key, _(label), _("Gender")) for key, label, _value in GENDERS]
	columns.append(count("gender_unknown", _("Not Recorded"), _("Gender")))
	columns += [count(key, _("Age {0}").format(band.label), _("Age")) for key, band in age_band_keys()]
	columns += [count(key, value, _("Guardianship Category")) for key, value in CATEGORIES]
	columns += [count(key, value, _("Risk Level")) for key, value in LEVELS]
	columns += [count(key, value, _("Guardian Assessment")) for key, value in ASSESSMENTS]
	columns.append(count("assessment_none", _("Not Assessed"), _("Guardian Assessment")))
	columns += [count(key, _(label), _("Schooling"), width=100) for key, label, _value in SCHOOLING]
	columns += [
		count("with_mentor", _("With a Mentor"), _("Pairing"), width=100),
		count("without_mentor", _("Without a Mentor"), _("Pairing"), width=110),
		{
			"fieldname": "mentor_coverage",
			"label": _("Mentor Coverage %"),
			"fieldtype": "Percent",
			"width": 110,
		},
		count("visits", _("Visits in Period"), width=100),
		count("overdue", _("Overdue for a Visit Today"), width=120),
		count("open_incidents", _("Open Incident Reports Today"), width=130),
	]
	return columns


def get_summary(
	area: Area, from_date: datetime.date, to_date: datetime.date, scope: Scope | None = None
) -> dict:
	"""Count an area's children, visits and incidents per area of the next tier down.

	Every query carries the user's scope in its WHERE clause (rows with an empty
	area never count for a restricted user).

	Args:
	    area: the area summarised.
	    from_date, to_date: the period whose visits are counted (both inclusive).
	    scope: defaults to the session user's.

	Returns:
	    dict(rows=[{area, counts…, mentor_coverage}], total={area: "Total", counts…,
	    is_total_row: 1}, keys=[count keys]).
	"""
	scope = scope or get_scope()
	grouping = AreaGrouping(area, scope)
	today = getdate(nowdate())
	keys = count_keys()
	records = []
	records += _child_counts(area, scope, today)
	records += _visit_counts(area, scope, from_date, to_date)
	records += _incident_counts(area, scope)
	totals = grouping.rollup(records, keys)
	rows = []
	for row_area in grouping.rows:
		row = {"area": row_area.name, **totals[row_area.name]}
		row["without_mentor"] = row["left_behind"] - row["with_mentor"]
		row["mentor_coverage"] = coverage(row)
		rows.append(row)
	total = {"area": _("Total"), "is_total_row": 1}
	for key in keys:
		total[key] = sum(row[key] for row in rows)
	total["mentor_coverage"] = coverage(total)
	return {"rows": rows, "total": total, "keys": keys}


def coverage(row: dict) -> float:
	"""Share of left-behind children with an active mentor, in percent (0 without any)."""
	return flt(100.0 * row["with_mentor"] / row["left_behind"], 1) if row["left_behind"] else 0.0


def _child_counts(area: Area, scope: Scope, today: datetime.date) -> list[dict]:
	"""Per village: children on the register and the left-behind breakdowns."""
	child = frappe.qb.DocType("Child").as_("child")
	village = frappe.qb.DocType("Administrative Area").as_("village_area")
	pairing = frappe.qb.DocType("Mentor Assignment").as_("pairing")
	left_behind = child.is_left_behind == 1

	def count_if(criterion, key):
		return Sum(Case().when(criterion, 1).else_(0)).as_(key)

	# a left-behind child with an active mentor, a peer study buddy not counting (those
	# without are the rest: get_summary)
	has_mentor = ExistsCriterion(
		frappe.qb.from_(pairing)
		.select(pairing.name)
		.where((pairing.child == child.name) & (pairing.is_active == 1))
		.where(pairing.mentor_type != PEER)
	)
	terms = [
		village.lft.as_("area_lft"),
		Count("*").as_("children"),
		count_if(left_behind, "left_behind"),
	]
	for key, _label, value in GENDERS:
		terms.append(count_if(left_behind & (child.gender == value), key))
	terms.append(
		count_if(
			left_behind & (child.gender.isnull() | child.gender.notin([v for _k, _l, v in GENDERS])),
			"gender_unknown",
		)
	)
	bands = age_band_keys()
	for index, (key, band) in enumerate(bands):
		# The last band is open-ended, so a child who has just reached the age limit
		# (before the daily re-evaluation) still counts and the bands add up.
		criterion = left_behind & (child.birth_date > rules.latest_birth_date_for_age(today, band.high + 1))
		if index == len(bands) - 1:
			criterion = left_behind
		if band.low > 0:
			criterion &= child.birth_date <= rules.latest_birth_date_for_age(today, band.low)
		terms.append(count_if(criterion, key))
	for key, value in CATEGORIES:
		terms.append(count_if(left_behind & (child.guardianship_category == value), key))
	for key, value in LEVELS:
		if value == "正常":
			criterion = child.risk_level.isnull() | child.risk_level.notin([v for _k, v in LEVELS[:-1]])
		else:
			criterion = child.risk_level == value
		terms.append(count_if(left_behind & criterion, key))
	for key, value in ASSESSMENTS:
		terms.append(count_if(left_behind & (child.guardian_assessment == value), key))
	terms.append(
		count_if(
			left_behind
			& (
				child.guardian_assessment.isnull()
				| child.guardian_assessment.notin([v for _k, v in ASSESSMENTS])
			),
			"assessment_none",
		)
	)
	for key, _label, value in SCHOOLING:
		if value == "In School":
			criterion = child.schooling_status.isnull() | child.schooling_status.notin(
				[v for _k, _l, v in SCHOOLING[1:]]
			)
		else:
			criterion = child.schooling_status == value
		terms.append(count_if(left_behind & criterion, key))
	terms.append(count_if(left_behind & has_mentor, "with_mentor"))
	terms.append(count_if(overdue_criterion(child, today), "overdue"))

	query = (
		frappe.qb.from_(child)
		.join(village)
		.on(village.name == child.village)
		.select(*terms)
		.where(child.status.isin(list(ON_REGISTER)))
		.where((village.lft >= area.lft) & (village.rgt <= area.rgt))
		.groupby(village.lft)
	)
	return where_scoped(query, "Child", child, scope).run(as_dict=True)


def _visit_counts(area: Area, scope: Scope, from_date: datetime.date, to_date: datetime.date) -> list[dict]:
	"""Per village: Home Visit records in the period."""
	visit = frappe.qb.DocType("Home Visit").as_("visit")
	village = frappe.qb.DocType("Administrative Area").as_("village_area")
	query = (
		frappe.qb.from_(visit)
		.join(village)
		.on(village.name == visit.village)
		.select(village.lft.as_("area_lft"), Count("*").as_("visits"))
		.where(visit.visit_datetime >= datetime.datetime.combine(from_date, datetime.time.min))
		.where(
			visit.visit_datetime
			< datetime.datetime.combine(to_date + datetime.timedelta(days=1), datetime.time.min)
		)
		.where((village.lft >= area.lft) & (village.rgt <= area.rgt))
		.groupby(village.lft)
	)
	return where_scoped(query, "Home Visit", visit, scope).run(as_dict=True)


def _incident_counts(area: Area, scope: Scope) -> list[dict]:
	"""Per village: incident reports not yet closed."""
	incident = frappe.qb.DocType("Incident Report").as_("incident")
	village = frappe.qb.DocType("Administrative Area").as_("village_area")
	query = (
		frappe.qb.from_(incident)
		.join(village)
		.on(village.name == incident.village)
		.select(village.lft.as_("area_lft"), Count("*").as_("open_incidents"))
		.where(incident.status != "Closed")
		.where((village.lft >= area.lft) & (village.rgt <= area.rgt))
		.groupby(village.lft)
	)
	return where_scoped(query, "Incident Report", incident, scope).run(as_dict=True)


def get_chart(total: dict) -> dict:
	"""Bar chart: left-behind children by risk level (plan 3 §二(二))."""
	return {
		"data": {
			"labels": [value for _key, value in LEVELS],
			"datasets": [
				{"name": _("Left-behind Children"), "values": [total[key] for key, _value in LEVELS]}
			],
		},
		"type": "bar",
		"colors": ["#e24c4c"],
	}


def get_export_title(filters) -> str:
	"""Title of the .xlsx export: area, table name and period."""
	area = resolve_area(filters)
	from_date, to_date = resolve_period(filters)
	return _("{0} Left-behind Children Summary ({1} to {2})").format(
		area.area_name if area else "", from_date.isoformat(), to_date.isoformat()
	)
