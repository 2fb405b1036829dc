# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt
"""Incident Register (强制报告登记): incidents by type, status and age, with the police clock.

Plan 4 §四1: schools and village committees report to the police at once when they
find a child living alone without guardianship, missing, a guardian without capacity
or not performing, suspected domestic violence, accidental injury or unlawful harm.
The register shows, per incident, the child's age when it was found, how long it has
been open, how many hours passed before the police were told, and whether a mandatory
report is overdue with the police (after Left Behind Care Settings'
``police_report_deadline_hours`` when the site has it, else 24 hours).
"""

from __future__ import annotations

import datetime

import frappe
from frappe import _
from frappe.utils import cint, flt, get_datetime, getdate, now_datetime

from left_behind_care import rules
from left_behind_care.permissions import Scope, get_scope
from left_behind_care.reporting import SETTINGS, resolve_area, where_scoped

STATUSES = ("Reported", "Under Assessment", "In Service", "Returned", "Closed")
DEFAULT_POLICE_HOURS = 24


def execute(filters=None):
	"""Script Report entry point.

	Args:
	    filters: area (default the user's own), from_date / to_date (when found;
	        both optional), incident_type, status, mandatory_only, open_only.

	Returns:
	    columns, data (newest first), None, chart (incidents by type and status).
	"""
	return _execute(frappe._dict(filters or {}))


@frappe.read_only()
def _execute(filters):
	area = resolve_area(filters)
	if not area:
		return get_columns(), [], None, None
	data = get_data(area, filters)
	return get_columns(), data, None, get_chart(data)


def police_report_hours() -> float:
	"""Hours after an incident is found by which the police must have been told."""
	value = frappe.db.get_singles_dict(SETTINGS).get("police_report_deadline_hours")
	return flt(value) if value not in (None, "") and flt(value) > 0 else DEFAULT_POLICE_HOURS


def get_columns() -> list[dict]:
	"""The report's columns (incidents); areas and children are Links."""
	return [
		{
			"fieldname": "incident",
			"label": _("Incident Report"),
			"fieldtype": "Link",
			"options": "Incident Report",
			"width": 150,
		},
		{"fieldname": "found_on", "label": _("Found On"), "fieldtype": "Datetime", "width": 140},
		{"fieldname": "incident_type", "label": _("Type"), "fieldtype": "Data", "width": 170},
		{"fieldname": "is_mandatory", "label": _("Mandatory Report"), "fieldtype": "Check", "width": 90},
		{"fieldname": "status", "label": _("Status"), "fieldtype": "Data", "width": 110},
		{"fieldname": "child", "label": _("Child"), "fieldtype": "Link", "options": "Child", "width": 120},
		{"fieldname": "child_name", "label": _("Child Name"), "fieldtype": "Data", "width": 90},
		{"fieldname": "child_age", "label": _("Age When Found"), "fieldtype": "Int", "width": 80},
		{
			"fieldname": "village",
			"label": _("Village"),
			"fieldtype": "Link",
			"options": "Administrative Area",
			"width": 110,
		},
		{"fieldname": "occurred_on", "label": _("Occurred On"), "fieldtype": "Datetime", "width": 140},
		{
			"fieldname": "reported_to_police_on",
			"label": _("Reported to Police"),
			"fieldtype": "Datetime",
			"width": 140,
		},
		{
			"fieldname": "police_report_delay_hours",
			"label": _("Police Report Delay (h)"),
			"fieldtype": "Float",
			"precision": 1,
			"width": 110,
		},
		{"fieldname": "police_overdue", "label": _("Police Report Late"), "fieldtype": "Check", "width": 100},
		{"fieldname": "days_open", "label": _("Days Open"), "fieldtype": "Int", "width": 80},
	]


def get_data(area, filters, scope: Scope | None = None, now: datetime.datetime | None = None) -> list[dict]:
	"""The incidents of an area's subtree.

	Args:
	    area: reporting.Area.
	    filters: see execute.
	    scope: defaults to the session user's; built into the query.
	    now: the moment ages and the police clock are measured at.

	Returns:
	    list of dicts, newest first.
	"""
	scope = scope or get_scope()
	now = now or now_datetime()
	deadline = police_report_hours()
	incident = frappe.qb.DocType("Incident Report").as_("incident")
	child = frappe.qb.DocType("Child").as_("child")
	village = frappe.qb.DocType("Administrative Area").as_("village_area")
	query = (
		frappe.qb.from_(incident)
		.join(village)
		.on(village.name == incident.village)
		.left_join(child)
		.on(child.name == incident.child)
		.select(
			incident.name,
			incident.found_on,
			incident.incident_type,
			incident.is_mandatory,
			incident.status,
			incident.child,
			incident.child_name,
			child.birth_date,
			incident.village,
			incident.occurred_on,
			incident.reported_to_police_on,
			incident.police_report_delay_hours,
			incident.modified,
		)
		.where((village.lft >= area.lft) & (village.rgt <= area.rgt))
	)
	if filters.get("from_date"):
		query = query.where(incident.found_on >= getdate(filters.from_date))
	if filters.get("to_date"):
		query = query.where(incident.found_on < getdate(filters.to_date) + datetime.timedelta(days=1))
	for fieldname in ("incident_type", "status"):
		if filters.get(fieldname):
			query = query.where(incident[fieldname] == filters.get(fieldname))
	if cint(filters.get("mandatory_only")):
		query = query.where(incident.is_mandatory == 1)
	if cint(filters.get("open_only")):
		query = query.where(incident.status != "Closed")
	query = where_scoped(query, "Incident Report", incident, scope).orderby(
		incident.found_on, order=frappe.qb.desc
	)
	data = []
	for row in query.run(as_dict=True):
		found = get_datetime(row.found_on)
		reported = get_datetime(row.reported_to_police_on) if row.reported_to_police_on else None
		hours_waiting = ((reported or now) - found).total_seconds() / 3600
		data.append(
			{
				"incident": row.name,
				"found_on": row.found_on,
				"incident_type": _(row.incident_type) if row.incident_type else None,
				"is_mandatory": row.is_mandatory,
				"status": _(row.status) if row.status else None,
				"status_code": row.status,
				"child": row.child,
				"child_name": row.child_name,
				"child_age": rules.age_on(getdate(row.birth_date), found.date()) if row.birth_date else None,
				"village": row.village,
				"occurred_on": row.occurred_on,
				"reported_to_police_on": row.reported_to_police_on,
				"police_report_delay_hours": row.police_report_delay_hours if reported else None,
				"police_overdue": int(bool(row.is_mandatory) and hours_waiting > deadline),
				"days_open": (now.date() - found.date()).days if row.status != "Closed" else None,
			}
		)
	return data


def get_chart(data: list[dict]) -> dict | None:
	"""Stacked bar chart: incidents by type, one colour per status."""
	if not data:
		return None
	types = sorted({row["incident_type"] for row in data})
	datasets = []
	for status in STATUSES:
		values = [
			sum(1 for r in data if r["incident_type"] == t and r["status_code"] == status) for t in types
		]
		if any(values):
			datasets.append({"name": _(status), "values": values})
	return {"data": {"labels": types, "datasets": datasets}, "type": "bar", "barOptions": {"stacked": 1}}


def get_export_title(filters) -> str:
	"""Title of the .xlsx export: area, table name and period or date."""
	area = resolve_area(filters)
	return _("{0} Incident Register ({1})").format(area.area_name if area else "", getdate().isoformat())
