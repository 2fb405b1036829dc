# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt
"""Visit duties on a real site: the shipped defaults (plans 1, 3, 5) produce the right
due dates and compliance figures on a constructed week of visits."""

import datetime

import frappe

from left_behind_care import care
from left_behind_care.care_setup import DEFAULT_DUTIES, ensure_default_duties
from left_behind_care.left_behind_care.doctype.visit_duty.visit_duty import VisitDutyError
from left_behind_care.testing import LBCTestCase, make_child, make_user

D = datetime.date
MENTOR = "lbc-care-week-mentor@example.com"
PAIRED = "2026-11-02"  # a Monday
SUNDAY = D(2026, 11, 8)

# The constructed week: what the mentor logged (plan 1 "三个二" contacts and a home visit).
WEEK = [
	("2026-11-02 16:00:00", "Talk at School"),
	("2026-11-03 17:00:00", "Homework Help"),
	("2026-11-04 20:00:00", "Video Call with Parents"),
	("2026-11-05 17:00:00", "Homework Help"),
	("2026-11-07 10:00:00", "Home Visit"),
]

# duty → (next due, contact number, overdue days) on Sunday 8 November
EXPECTED_SUNDAY = {
	"三个二: contact the child": (D(2026, 11, 12), 1, 0),
	"三个二: help with homework": (D(2026, 11, 12), 1, 0),
	"三个二: contact the parents": (D(2026, 11, 30), 2, 0),
	"三个二: contact the subject teachers": (D(2026, 11, 15), 1, 0),
	"三个二: contact the custodian": (D(2026, 11, 15), 1, 0),
	"三个二: home visits": (D(2026, 12, 31), 2, 0),
	"Plan 3: home visit every two weeks": (D(2026, 11, 29), 1, 0),
	"Plan 3: guardians' meeting every month": (D(2026, 11, 30), 1, 0),
	"Plan 5: one visit per term": (D(2027, 7, 31), 1, 0),
	"Plan 5: one help per term": (D(2027, 7, 31), 1, 0),
	"Plan 5: one information check per term": (D(2027, 7, 31), 1, 0),
}


def make_week(test, village="东一村", mentor=MENTOR, registered="2026-10-26 09:00:00"):
	"""A child registered on 26 October, paired with ``mentor`` from 2 November, and the
	mentor's five contacts of the week 2-8 November."""
	child = make_child(village=village, child_name="周测试")
	frappe.db.set_value("Child", child.name, "creation", registered, update_modified=False)
	pairing = None
	if mentor:
		pairing = frappe.get_doc(
			{
				"doctype": "Mentor Assignment",
				"child": child.name,
				"mentor": mentor,
				"mentor_type": "Mentor Teacher",
				"from_date": PAIRED,
			}
		).insert(ignore_permissions=True)
	for when, visit_type in WEEK:
		frappe.get_doc(
			{
				"doctype": "Home Visit",
				"child": child.name,
				"visit_type": visit_type,
				"visit_datetime": when,
				"visitor": mentor or "Administrator",
			}
		).insert(ignore_permissions=True)
	return child, pairing


class TestVisitDuty(LBCTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_user(MENTOR, ["School Mentor"])
		ensure_default_duties()
		frappe.db.commit()

	def test_defaults_of_the_plans_are_shipped(self):
		duties = {d.name: d for d in care.get_duties([name for name, *_rest in DEFAULT_DUTIES])}
		self.assertEqual(len(duties), 11)
		contact = duties["三个二: contact the child"]
		self.assertEqual(
			(contact.responsible, contact.rule.times, contact.rule.period.value), ("Mentor", 2, "Week")
		)
		self.assertEqual(contact.rule.activities, frozenset({"Talk at School", "Phone Call", "Home Visit"}))
		self.assertEqual(duties["三个二: home visits"].rule.period.value, "Two Months")
		fortnight = duties["Plan 3: home visit every two weeks"]
		self.assertEqual(
			(fortnight.responsible, fortnight.rule.times, fortnight.rule.period.value),
			("School", 1, "Two Weeks"),
		)
		self.assertEqual(
			duties["Plan 5: one information check per term"].rule.activities, frozenset({"Information Check"})
		)
		# seeding again creates nothing and keeps an administrator's edit
		frappe.db.set_value("Visit Duty", "三个二: contact the child", "times", 3)
		self.assertEqual(ensure_default_duties(), [])
		self.assertEqual(frappe.db.get_value("Visit Duty", "三个二: contact the child", "times"), 3)

	def test_next_due_dates_after_the_constructed_week(self):
		child, pairing = make_week(self)
		cares = care.evaluate(
			[child.name], SUNDAY, care.get_duties([name for name, *_rest in DEFAULT_DUTIES])
		)
		got = {
			o.duty.name: (o.status.next_due, o.status.contact_number, o.status.overdue_days)
			for o in cares[0].obligations
		}
		self.assertEqual(got, EXPECTED_SUNDAY)
		self.assertEqual(cares[0].next_due, D(2026, 11, 12))
		self.assertEqual(cares[0].overdue_days, 0)
		mentor_duties = {
			o.duty.name for o in cares[0].obligations if o.pairing and o.pairing.name == pairing.name
		}
		self.assertEqual(len(mentor_duties), 9)

	def test_compliance_figures_for_the_constructed_week_and_for_november(self):
		child, pairing = make_week(self)
		names = [name for name, *_rest in DEFAULT_DUTIES]
		week = care.compliance_for_children([child.name], "2026-11-02", "2026-11-08", on=SUNDAY, duties=names)
		self.assertEqual(
			[(r["duty"], r["required"], r["done"], r["credited"], r["periods_met"], r["rate"]) for r in week],
			[
				("三个二: contact the child", 2, 2, 2, 1, 1.0),
				("三个二: help with homework", 2, 2, 2, 1, 1.0),
			],
		)
		self.assertEqual(week[0]["mentor_assignment"], pairing.name)
		self.assertEqual(week[0]["mentor"], MENTOR)
		self.assertEqual(week[0]["next_due"], D(2026, 11, 12))

		november = {
			r["duty"]: (r["periods_due"], r["required"], r["done"], r["credited"], r["rate"])
			for r in care.compliance_for_children(
				[child.name], "2026-11-01", "2026-11-30", on=D(2026, 11, 30), duties=names
			)
		}
		self.assertEqual(
			november,
			{
				# weeks ending 8, 15, 22, 29 November; only the first had contacts
				"三个二: contact the child": (4, 8, 2, 2, 0.25),
				"三个二: help with homework": (4, 8, 2, 2, 0.25),
				"三个二: contact the parents": (1, 2, 1, 1, 0.5),
				"三个二: contact the subject teachers": (1, 2, 0, 0, 0.0),
				"三个二: contact the custodian": (1, 2, 0, 0, 0.0),
				# the school's fortnights 2-15 and 16-29 November
				"Plan 3: home visit every two weeks": (2, 2, 1, 1, 0.5),
				"Plan 3: guardians' meeting every month": (1, 1, 0, 0, 0.0),
			},
		)
		by_mentor = care.summarize_compliance(
			care.compliance_for_children(
				[child.name], "2026-11-01", "2026-11-30", on=D(2026, 11, 30), duties=names
			),
			("mentor",),
		)
		self.assertEqual(
			[(g["mentor"], g["children"], g["required"], g["credited"], g["rate"]) for g in by_mentor],
			[(None, 1, 3, 1, 0.3333), (MENTOR, 1, 22, 5, 0.2273)],
		)

	def test_mentor_compliance_counts_only_the_mentors_own_contacts(self):
		child, _pairing = make_week(self)
		frappe.get_doc(
			{
				"doctype": "Home Visit",
				"child": child.name,
				"visit_type": "Homework Help",
				"visit_datetime": "2026-11-09 17:00:00",
				"visitor": "Administrator",
			}
		).insert(ignore_permissions=True)
		rows = care.compliance_for_mentor(MENTOR, "2026-11-09", "2026-11-15", on=D(2026, 11, 15))
		homework = next(r for r in rows if r["duty"] == "三个二: help with homework")
		self.assertEqual((homework["done"], homework["required"]), (0, 2))
		school = care.compliance_for_children([child.name], "2026-11-09", "2026-11-15", on=D(2026, 11, 15))
		self.assertFalse(
			[r for r in school if r["duty"] == "三个二: help with homework" and r["mentor"] is None]
		)

	def test_a_duty_for_severe_risk_levels_only(self):
		duty = frappe.get_doc(
			{
				"doctype": "Visit Duty",
				"duty_name": "一级: weekly home visit",
				"responsible": "Village",
				"times": 1,
				"period": "Week",
				"activities": [{"visit_type": "Home Visit"}],
				"applies_to_level_2": 0,
				"applies_to_level_3": 0,
				"applies_to_level_4": 0,
				"applies_to_normal": 0,
			}
		).insert(ignore_permissions=True)
		normal, _pairing = make_week(self)
		severe, _pairing2 = make_week(self, mentor=None)
		frappe.db.set_value("Child", severe.name, "risk_level", "一级", update_modified=False)
		records = care.get_duties([duty.name])
		self.assertEqual(records[0].rule.risk_levels, frozenset({"一级"}))
		cares = {c.row.name: c for c in care.evaluate([normal.name, severe.name], SUNDAY, records)}
		self.assertEqual(cares[normal.name].obligations, [])
		# weekly from the registration on Monday 26 October: the week of 2-8 Nov has its visit
		self.assertEqual([o.status.next_due for o in cares[severe.name].obligations], [D(2026, 11, 15)])

	def test_refusals(self):
		base = {
			"doctype": "Visit Duty",
			"duty_name": "bad duty",
			"responsible": "Mentor",
			"times": 1,
			"period": "Week",
			"activities": [{"visit_type": "Home Visit"}],
		}
		with self.assertRaises(VisitDutyError):
			frappe.get_doc({**base, "times": 0}).insert(ignore_permissions=True)
		with self.assertRaises(VisitDutyError):
			frappe.get_doc({**base, "activities": []}).insert(ignore_permissions=True)
		with self.assertRaises(VisitDutyError):
			frappe.get_doc(
				{**base, "activities": [{"visit_type": "Home Visit"}, {"visit_type": "Home Visit"}]}
			).insert(ignore_permissions=True)
		with self.assertRaises(VisitDutyError):
			frappe.get_doc(
				{**base, **{f"applies_to_level_{n}": 0 for n in range(1, 5)}, "applies_to_normal": 0}
			).insert(ignore_permissions=True)
		school = frappe.get_doc({**base, "responsible": "School", "mentor_type": "Volunteer"}).insert(
			ignore_permissions=True
		)
		self.assertFalse(school.mentor_type)

	def test_only_the_manager_configures_duties(self):
		user = make_user("lbc-care-duty-director@example.com", ["Village Child Director"], ["东一村"])
		frappe.set_user(user)
		self.assertTrue(frappe.has_permission("Visit Duty", "read"))
		self.assertFalse(frappe.has_permission("Visit Duty", "write"))
		with self.assertRaises(frappe.PermissionError):
			frappe.get_doc(
				{
					"doctype": "Visit Duty",
					"duty_name": "director's duty",
					"responsible": "Village",
					"times": 1,
					"period": "Week",
					"activities": [{"visit_type": "Home Visit"}],
				}
			).insert()
