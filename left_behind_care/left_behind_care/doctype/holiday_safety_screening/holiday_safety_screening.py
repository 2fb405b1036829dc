# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt
"""Holiday safety screening (寒暑假排查, plan 4 §四4): before a holiday every child of an
area is checked for drowning, traffic, falls, burns and poisoning risks; completion
is followed per village."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.query_builder import Case
from frappe.query_builder.functions import Count, Sum
from frappe.utils import getdate, now

from left_behind_care.utils import LeftBehindCareValidationError

CHECK = "Safety Screening Check"


class SafetyScreeningError(LeftBehindCareValidationError):
	"""A screening campaign with impossible dates."""


class HolidaySafetyScreening(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from left_behind_care.left_behind_care.doctype.safety_screening_village.safety_screening_village import (
			SafetyScreeningVillage,
		)

		administrative_area: DF.Link
		checked_children: DF.Int
		completion_percent: DF.Percent
		due_by: DF.Date
		holiday: DF.Literal["", "Winter Holiday", "Summer Holiday", "Other"]
		naming_series: DF.Literal["LBC-HSS-.YYYY.-.###"]
		notes: DF.SmallText | None
		risks_found: DF.Int
		starts_on: DF.Date
		status: DF.Literal["Draft", "In Progress", "Completed"]
		title: DF.Data
		total_children: DF.Int
		villages: DF.Table[SafetyScreeningVillage]

	# end: auto-generated types
	def validate(self):
		self.validate_dates()

	def validate_dates(self):
		if getdate(self.due_by) < getdate(self.starts_on):
			frappe.throw(
				_("The screening is due by {0}, before it starts on {1}.").format(
					frappe.bold(self.due_by), frappe.bold(self.starts_on)
				),
				exc=SafetyScreeningError,
			)

	def on_trash(self):
		frappe.db.delete(CHECK, {"campaign": self.name})


@frappe.whitelist()
def create_checks(campaign: str) -> int:
	"""Create a pending check for every active child of the campaign's area not yet listed.

	Set-based: one query for the children of the area subtree, one for the checks that
	exist, then bulk inserts, so a county of 100,000 children takes seconds.

	Args:
	    campaign: Holiday Safety Screening name.

	Returns:
	    int: the number of checks created.

	Raises:
	    frappe.PermissionError without write permission on the campaign.
	"""
	frappe.has_permission("Holiday Safety Screening", "write", doc=campaign, throw=True)
	doc = frappe.get_doc("Holiday Safety Screening", campaign)
	lft, rgt = frappe.db.get_value("Administrative Area", doc.administrative_area, ["lft", "rgt"])
	child = frappe.qb.DocType("Child")
	area = frappe.qb.DocType("Administrative Area")
	children = (
		frappe.qb.from_(child)
		.join(area)
		.on(area.name == child.village)
		.select(child.name, child.child_name, child.village)
		.where(child.status == "Active")
		.where(area.lft >= lft)
		.where(area.rgt <= rgt)
		.orderby(child.name)
		.run(as_dict=True)
	)
	existing = set(frappe.get_all(CHECK, filters={"campaign": campaign}, pluck="child"))
	stamp, user = now(), frappe.session.user
	values = [
		(
			f"{campaign}-{row.name}",
			stamp,
			stamp,
			user,
			user,
			0,
			campaign,
			row.name,
			row.child_name,
			row.village,
			"Pending",
			0,
		)
		for row in children
		if row.name not in existing
	]
	if values:
		frappe.db.bulk_insert(
			CHECK,
			fields=[
				"name",
				"creation",
				"modified",
				"owner",
				"modified_by",
				"docstatus",
				"campaign",
				"child",
				"child_name",
				"village",
				"status",
				"risk_found",
			],
			values=values,
		)
	refresh_progress(campaign)
	return len(values)


def refresh_progress(campaign: str) -> None:
	"""Recount the campaign's completion per village (one grouped query) and store it.

	The per-village rows and totals are computed values: written without a new Version
	of the campaign and without changing its ``modified``.
	"""
	check = frappe.qb.DocType(CHECK)
	rows = (
		frappe.qb.from_(check)
		.select(
			check.village,
			Count(check.name).as_("children"),
			Sum(Case().when(check.status == "Checked", 1).else_(0)).as_("checked"),
			Sum(check.risk_found).as_("risks_found"),
		)
		.where(check.campaign == campaign)
		.groupby(check.village)
		.orderby(check.village)
		.run(as_dict=True)
	)
	frappe.db.delete(
		"Safety Screening Village", {"parent": campaign, "parenttype": "Holiday Safety Screening"}
	)
	stamp = now()
	values = [
		(
			frappe.generate_hash(length=10),
			stamp,
			stamp,
			"Administrator",
			"Administrator",
			0,
			campaign,
			"Holiday Safety Screening",
			"villages",
			idx,
			row.village,
			row.children,
			int(row.checked or 0),
			int(row.risks_found or 0),
			_percent(row.checked, row.children),
		)
		for idx, row in enumerate(rows, 1)
	]
	if values:
		frappe.db.bulk_insert(
			"Safety Screening Village",
			fields=[
				"name",
				"creation",
				"modified",
				"owner",
				"modified_by",
				"docstatus",
				"parent",
				"parenttype",
				"parentfield",
				"idx",
				"village",
				"children",
				"checked",
				"risks_found",
				"completion_percent",
			],
			values=values,
		)
	total = sum(row.children for row in rows)
	checked = sum(int(row.checked or 0) for row in rows)
	status = "Draft" if not total else ("Completed" if checked == total else "In Progress")
	frappe.db.set_value(
		"Holiday Safety Screening",
		campaign,
		{
			"total_children": total,
			"checked_children": checked,
			"risks_found": sum(int(row.risks_found or 0) for row in rows),
			"completion_percent": _percent(checked, total),
			"status": status,
		},
		update_modified=False,
	)


def _percent(part, whole) -> float:
	return round(100.0 * int(part or 0) / whole, 1) if whole else 0.0
