# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt
"""Submission Tracker: whose quarterly ledger is in, late or missing (plan 3 §二(一)).

For a chosen area and quarter: one row for the area's own submission to the tier
above, then one row per area directly below it (the submissions the area reviews).
Late and missing submissions show to the tier above: a row is overdue when its
deadline has passed and it has not been submitted, or was submitted after it.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import cint, getdate, nowdate

from left_behind_care import rules
from left_behind_care.left_behind_care.doctype.ledger_submission.ledger_submission import submission_states
from left_behind_care.permissions import get_scope
from left_behind_care.reporting import CITY, Area, child_areas, deadline_days, resolve_area

STATES = ("Missing", "Draft", "Returned", "Submitted", "Accepted")


def execute(filters=None):
	"""Script Report entry point.

	Args:
	    filters: area (default the user's own), year and quarter (default the last
	        quarter that ended).

	Returns:
	    columns, data, None, chart (areas by submission status).
	"""
	filters = frappe._dict(filters or {})
	area = resolve_area(filters)
	if not area:
		return get_columns(), [], None, None
	year, quarter = resolve_quarter(filters)
	data = get_data(area, year, quarter)
	return get_columns(), data, None, get_chart(data)


def resolve_quarter(filters) -> tuple[int, int]:
	"""The quarter of the filters, or the last one that ended."""
	if filters.get("year") and filters.get("quarter"):
		return cint(filters.year), cint(filters.quarter)
	return rules.previous_quarter(getdate(nowdate()))


def get_columns() -> list[dict]:
	"""The report's columns (submission states); the area and the submission are Links."""
	return [
		{
			"fieldname": "area",
			"label": _("Area"),
			"fieldtype": "Link",
			"options": "Administrative Area",
			"width": 150,
		},
		{"fieldname": "tier", "label": _("Tier"), "fieldtype": "Data", "width": 120},
		# Data, not a Link: Frappe drops a report row whose Link names a record outside the
		# user's User Permissions, and the area a village reports to is above its officer
		{"fieldname": "reports_to", "label": _("Reports To"), "fieldtype": "Data", "width": 130},
		{"fieldname": "status", "label": _("Status"), "fieldtype": "Data", "width": 100},
		{
			"fieldname": "submission",
			"label": _("Submission"),
			"fieldtype": "Link",
			"options": "Ledger Submission",
			"width": 160,
		},
		{"fieldname": "due_date", "label": _("Due Date"), "fieldtype": "Date", "width": 95},
		{"fieldname": "submitted_on", "label": _("Submitted On"), "fieldtype": "Datetime", "width": 140},
		{
			"fieldname": "submitted_by",
			"label": _("Submitted By"),
			"fieldtype": "Link",
			"options": "User",
			"width": 150,
		},
		{"fieldname": "days_late", "label": _("Days Late"), "fieldtype": "Int", "width": 80},
		{"fieldname": "overdue", "label": _("Late or Missing"), "fieldtype": "Check", "width": 80},
		{
			"fieldname": "reviewed_by",
			"label": _("Reviewed By"),
			"fieldtype": "Link",
			"options": "User",
			"width": 150,
		},
		{"fieldname": "reviewed_on", "label": _("Reviewed On"), "fieldtype": "Datetime", "width": 140},
	]


def get_data(area: Area, year: int, quarter: int) -> list[dict]:
	"""The state of the area's own submission and of those of the areas directly below it.

	Returns:
	    list of dicts (the columns, plus ``status_code``).
	"""
	scope = get_scope(doctype="Ledger Submission")
	_start, period_end = rules.quarter_bounds(year, quarter)
	today = getdate(nowdate())
	# the area's own submission (to the tier above), when the user works for the area itself
	rows_for = [area] if area.tier != CITY and area.parent and scope.allows_area(area.name) else []
	# the areas below whose submissions the user may see (a village director who opens
	# the county sees no township row: the township's submission is not theirs to see)
	rows_for += [below for below in child_areas(area) if scope.allows_area(below.name)]
	states = submission_states([a.name for a in rows_for], year, quarter)
	data = []
	for row_area in rows_for:
		state = states[row_area.name]
		due = rules.submission_due_date(period_end, deadline_days(row_area.tier))
		status = state["status"]
		in_time = status in ("Submitted", "Accepted") and not cint(state["days_late"])
		late_now = status in ("Missing", "Draft", "Returned") and today > due
		data.append(
			{
				"area": row_area.name,
				"tier": _(row_area.tier),
				"reports_to": row_area.parent,
				"status": _(status, context="Ledger Submission"),
				"status_code": status,
				"submission": state["submission"],
				"due_date": due,
				"submitted_on": state["submitted_on"],
				"submitted_by": state["submitted_by"],
				"days_late": state["days_late"]
				if status in ("Submitted", "Accepted")
				else (today - due).days
				if late_now
				else 0,
				"overdue": int(late_now or (not in_time and status in ("Submitted", "Accepted"))),
				"reviewed_by": state["reviewed_by"],
				"reviewed_on": state["reviewed_on"],
			}
		)
	return data


def get_chart(data: list[dict]) -> dict | None:
	"""Pie chart: the areas by submission status."""
	if not data:
		return None
	labels = [state for state in STATES if any(row["status_code"] == state for row in data)]
	return {
		"data": {
			"labels": [_(state, context="Ledger Submission") for state in labels],
			"datasets": [
				{
					"name": _("Areas"),
					"values": [sum(1 for r in data if r["status_code"] == s) for s in labels],
				}
			],
		},
		"type": "pie",
	}


def get_export_title(filters) -> str:
	"""Title of the .xlsx export: area, table name and period or date."""
	area = resolve_area(filters)
	year, quarter = resolve_quarter(filters)
	return _("{0} Ledger Submissions {1} Q{2}").format(area.area_name if area else "", year, quarter)
