# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt
"""Shared set-up of the report tests (not a test module itself).

The reports are tested on their own invented tree, so that other tests' records
never mix into the counts:

    报表市 (city) → 报表区 (county) → 甲镇, 乙镇 (townships) → 甲一村, 甲二村, 乙一村, 乙二村

and users of every tier scoped to it by User Permission.
"""

from __future__ import annotations

import random

import frappe
from frappe.utils import add_days, add_months, add_to_date, getdate, now_datetime, nowdate

from left_behind_care.left_behind_care.doctype.child.child import apply_grading
from left_behind_care.testing import make_area, make_child, make_guardian, make_user, parent_rows

TREE = {
	"报表市": ("City", None),
	"报表区": ("County/District", "报表市"),
	"甲镇": ("Township/Street", "报表区"),
	"乙镇": ("Township/Street", "报表区"),
	"甲一村": ("Village/Community", "甲镇"),
	"甲二村": ("Village/Community", "甲镇"),
	"乙一村": ("Village/Community", "乙镇"),
	"乙二村": ("Village/Community", "乙镇"),
}
VILLAGES = ("甲一村", "甲二村", "乙一村", "乙二村")

VILLAGE_USER = "lbc-rep-village@example.com"
TOWNSHIP_USER = "lbc-rep-township@example.com"
OTHER_TOWNSHIP_USER = "lbc-rep-township-b@example.com"
COUNTY_USER = "lbc-rep-county@example.com"
CITY_USER = "lbc-rep-city@example.com"
MENTOR_USER = "lbc-rep-mentor@example.com"

AWAY = "Away for Work (Out of Province)"
HOME = "At Home"


def make_report_world() -> dict[str, str]:
	"""Create the report tree (idempotent). Returns {area_name: name}."""
	names: dict[str, str] = {}
	for area_name, (tier, parent) in TREE.items():
		names[area_name] = make_area(area_name, tier, names.get(parent) if parent else None)
	return names


def make_tier_users() -> dict[str, str]:
	"""A user per tier, scoped to the report tree. Returns {tier key: user}."""
	make_user(VILLAGE_USER, ["Village Child Director"], ["甲一村"])
	make_user(TOWNSHIP_USER, ["Township Officer"], ["甲镇"])
	make_user(OTHER_TOWNSHIP_USER, ["Township Officer"], ["乙镇"])
	make_user(COUNTY_USER, ["County Officer"], ["报表区"])
	make_user(CITY_USER, ["City Officer"], ["报表市"])
	make_user(MENTOR_USER, ["School Mentor"])
	return {
		"village": VILLAGE_USER,
		"township": TOWNSHIP_USER,
		"other_township": OTHER_TOWNSHIP_USER,
		"county": COUNTY_USER,
		"city": CITY_USER,
		"mentor": MENTOR_USER,
	}


def area_of(area_name: str) -> str:
	"""The name of the test tree's area called ``area_name``."""
	return frappe.db.get_value("Administrative Area", {"area_name": area_name}, "name")


def blank_area(doctype: str, name: str) -> None:
	"""Empty a record's area in the database (as an old import might have left it)."""
	table = frappe.qb.DocType(doctype)
	frappe.qb.update(table).set(table.village, None).where(table.name == name).run()


def make_population(seed: int = 7, per_village: int = 9) -> list:
	"""A varied population in the report tree, with mentors, visits and incidents.

	Genders, ages (0-17), left-behind or not, guardians of every category, every
	risk level and assessment, schooling, mentors for about half, visits inside
	and before the current quarter, open and closed incidents, two children moved
	away, and records whose area is empty (which no restricted user may count).

	Returns:
	    the Child documents created (fresh from the database).
	"""
	rng = random.Random(seed)
	today = getdate(nowdate())
	relationships = [None, "Paternal Grandmother", "Maternal Grandfather", "Uncle", "Aunt", "Neighbour"]
	gradings = [
		("正常", "较好"),
		("正常", None),
		("四级", "一般"),
		("三级", "一般"),
		("二级", "差"),
		("一级", "差"),
	]
	children = []
	mentor_user_load = 0
	for village in VILLAGES:
		for index in range(per_village):
			left_behind = rng.random() < 0.75
			relationship = rng.choice(relationships)
			kwargs = {
				"child_name": f"{village}{index}号",
				"gender": rng.choice(["Male", "Female"]),
				"birth_date": add_days(today, -rng.randint(40, 17 * 365 + 300)),
				"schooling_status": rng.choice(
					["In School", "In School", "Dropped Out", "Not Yet in School"]
				),
				"parents": parent_rows(AWAY, AWAY if left_behind else HOME),
			}
			if relationship:
				guardian = make_guardian(village=village, guardian_name=f"{village}监护人{index}")
				kwargs.update(guardian=guardian.name, guardian_relationship=relationship)
			child = make_child(village=village, **kwargs)
			level, assessment = rng.choice(gradings)
			if level != "正常" or assessment:
				apply_grading(child.name, level, assessment, None)
			if rng.random() < 0.5:
				# at most two children per mentor (plan 1: a teacher is proxy parent to two)
				mentor = MENTOR_USER if mentor_user_load < 2 else None
				mentor_user_load += int(bool(mentor))
				frappe.get_doc(
					{
						"doctype": "Mentor Assignment",
						"child": child.name,
						"mentor": mentor,
						"mentor_name": "测试导师" if mentor else f"{village}老师{index // 2}",
						"mentor_type": rng.choice(["Mentor Teacher", "Proxy Parent", "Volunteer"]),
						"from_date": add_months(today, -6),
					}
				).insert(ignore_permissions=True)
			for _visit in range(rng.randint(0, 3)):
				frappe.get_doc(
					{
						"doctype": "Home Visit",
						"child": child.name,
						"visit_type": rng.choice(["Home Visit", "Phone Call", "Talk at School"]),
						"visit_datetime": add_to_date(now_datetime(), days=-rng.randint(0, 120)),
					}
				).insert(ignore_permissions=True)
			if rng.random() < 0.25:
				found_on = add_to_date(now_datetime(), hours=-rng.randint(2, 400))
				incident = frappe.get_doc(
					{
						"doctype": "Incident Report",
						"child": child.name,
						"incident_type": rng.choice(["Missing", "Dropout", "Suspected Domestic Violence"]),
						"found_on": found_on,
					}
				)
				if incident.incident_type != "Dropout":
					# a mandatory report reaches the police, sometimes late
					incident.reported_to_police_on = min(
						add_to_date(found_on, hours=rng.randint(1, 60)), now_datetime()
					)
				incident.insert(ignore_permissions=True)
				# the workflow's later states, set directly: this is test data, not a transition
				state = rng.choice(["Reported", "In Service", "Closed"])
				if state != "Reported":
					frappe.db.set_value("Incident Report", incident.name, "status", state)
			children.append(child.name)
	# two children moved away: off the register
	for name in children[3::17][:2]:
		doc = frappe.get_doc("Child", name)
		doc.status = "Moved Away"
		doc.status_reason = "随父母迁往广东"
		doc.save(ignore_permissions=True)
	# records with an empty area: a child, a visit, an incident
	orphan = make_child(village="甲一村", child_name="无村儿童")
	visit = frappe.get_doc(
		{
			"doctype": "Home Visit",
			"child": orphan.name,
			"visit_type": "Home Visit",
			"visit_datetime": now_datetime(),
		}
	).insert(ignore_permissions=True)
	incident = frappe.get_doc(
		{
			"doctype": "Incident Report",
			"child": orphan.name,
			"incident_type": "Missing",
			"found_on": now_datetime(),
		}
	).insert(ignore_permissions=True)
	pairing = frappe.get_doc(
		{
			"doctype": "Mentor Assignment",
			"child": orphan.name,
			"mentor_name": "无村老师",
			"mentor_type": "Volunteer",
		}
	).insert(ignore_permissions=True)
	for doctype, name in (
		("Child", orphan.name),
		("Home Visit", visit.name),
		("Incident Report", incident.name),
		("Mentor Assignment", pairing.name),
	):
		blank_area(doctype, name)
	return [frappe.get_doc("Child", name) for name in children]


def run_as(user: str, execute, filters: dict):
	"""Run a report's execute() as ``user`` (scope cache cleared), back as Administrator after."""
	frappe.set_user(user)
	frappe.flags.lbc_scope_cache = None
	try:
		return execute(frappe._dict(filters))
	finally:
		frappe.set_user("Administrator")
		frappe.flags.lbc_scope_cache = None


def as_user(user: str) -> None:
	"""Switch the session user (and forget cached scopes)."""
	frappe.set_user(user)
	frappe.flags.lbc_scope_cache = None


def submit_ledger(area_name: str, user: str, year: int, quarter: int):
	"""Create and submit an area's Ledger Submission for a quarter as ``user``."""
	as_user(user)
	try:
		doc = frappe.get_doc(
			{
				"doctype": "Ledger Submission",
				"area": area_of(area_name),
				"year": year,
				"quarter": str(quarter),
			}
		).insert()
		doc.submit()
		return doc
	finally:
		as_user("Administrator")


def review_ledger(name: str, user: str, accept: bool = True, note: str | None = None):
	"""Accept (or return) a Ledger Submission as ``user``; returns it reloaded."""
	as_user(user)
	try:
		doc = frappe.get_doc("Ledger Submission", name)
		if accept:
			doc.accept(note)
		else:
			doc.return_for_correction(note)
		return frappe.get_doc("Ledger Submission", name)
	finally:
		as_user("Administrator")
