# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt
"""Dropout (plan 4 §三3): registration, persuasion to return with each attempt, and the
written report to the county education bureau when persuasion fails."""

import frappe
from frappe.utils import add_days, nowdate

from left_behind_care.left_behind_care.doctype.dropout_case.dropout_case import DropoutCaseError
from left_behind_care.testing import LBCTestCase, make_child, make_user

TEACHER = "lbc-care-dropout-teacher@example.com"
OTHER = "lbc-care-dropout-other@example.com"


def days_ago(n):
	return add_days(nowdate(), -n)


class TestDropoutCase(LBCTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_user(TEACHER, ["School Mentor"], ["东一村"])
		make_user(OTHER, ["Village Child Director"], ["西一村"])
		frappe.db.commit()

	def register(self, child, **kwargs):
		return frappe.get_doc(
			{
				"doctype": "Dropout Case",
				"child": child,
				"dropped_out_on": days_ago(30),
				"reason": "外出打工",
				**kwargs,
			}
		).insert()

	def test_registration_and_persuasion_back_to_school(self):
		child = make_child(village="东一村", school="东乡中心小学", grade="五年级")
		frappe.set_user(TEACHER)
		case = self.register(child.name)
		self.assertEqual(
			(case.status, case.village, case.school, case.registered_by),
			("Registered", child.village, "东乡中心小学", TEACHER),
		)
		self.assertEqual(frappe.db.get_value("Child", child.name, "schooling_status"), "Dropped Out")
		case.append(
			"attempts",
			{
				"attempt_date": days_ago(20),
				"attempted_by": "班主任",
				"method": "Home Visit",
				"outcome": "Refused",
			},
		)
		case.save()
		self.assertEqual(case.status, "Persuading")
		case.append(
			"attempts",
			{
				"attempt_date": days_ago(10),
				"attempted_by": "村委会",
				"method": "With the Village Committee",
				"outcome": "Returned to School",
			},
		)
		case.save()
		self.assertEqual((case.status, str(case.returned_on)), ("Returned to School", days_ago(10)))
		self.assertEqual(frappe.db.get_value("Child", child.name, "schooling_status"), "In School")

	def test_failed_persuasion_needs_attempts_and_the_written_report(self):
		child = make_child(village="东一村")
		frappe.set_user(TEACHER)
		case = self.register(child.name)
		case.persuasion_failed = 1
		case.persuasion_failed_on = nowdate()
		with self.assertRaises(DropoutCaseError):
			case.save()
		case = frappe.get_doc("Dropout Case", case.name)
		case.persuasion_failed = 1
		case.persuasion_failed_on = nowdate()
		case.append(
			"attempts",
			{
				"attempt_date": days_ago(5),
				"attempted_by": "班主任",
				"method": "Phone Call",
				"outcome": "Refused",
			},
		)
		case.save()
		self.assertEqual(case.status, "Persuasion Failed")
		case.bureau_report_date = nowdate()
		with self.assertRaises(DropoutCaseError):
			case.save()  # the written report itself must be attached
		case = frappe.get_doc("Dropout Case", case.name)
		case.bureau_report_date = nowdate()
		case.bureau_report_attachment = "/private/files/dropout-report.pdf"
		case.bureau_report_reference = "东乡教〔2026〕12号"
		case.save()
		self.assertEqual(case.status, "Reported to Education Bureau")
		self.assertEqual(frappe.db.get_value("Child", child.name, "schooling_status"), "Dropped Out")

	def test_refusals(self):
		child = make_child(village="东一村")
		with self.assertRaises(DropoutCaseError):
			self.register(child.name, dropped_out_on=add_days(nowdate(), 2))
		with self.assertRaises(DropoutCaseError):
			self.register(child.name, registered_on=days_ago(40))
		with self.assertRaises(DropoutCaseError):
			self.register(
				child.name,
				attempts=[
					{
						"attempt_date": days_ago(40),
						"attempted_by": "班主任",
						"method": "Phone Call",
						"outcome": "Refused",
					}
				],
			)
		with self.assertRaises(DropoutCaseError):
			self.register(
				child.name,
				attempts=[
					{
						"attempt_date": days_ago(20),
						"attempted_by": "班主任",
						"method": "Home Visit",
						"outcome": "Returned to School",
					},
					{
						"attempt_date": days_ago(10),
						"attempted_by": "班主任",
						"method": "Phone Call",
						"outcome": "Refused",
					},
				],
			)
		with self.assertRaises(DropoutCaseError):
			self.register(
				child.name,
				persuasion_failed=1,
				persuasion_failed_on=nowdate(),
				attempts=[
					{
						"attempt_date": days_ago(20),
						"attempted_by": "班主任",
						"method": "Home Visit",
						"outcome": "Returned to School",
					}
				],
			)

	def test_other_areas_do_not_see_the_case(self):
		child = make_child(village="东一村")
		case = self.register(child.name)
		frappe.set_user(OTHER)
		frappe.flags.lbc_scope_cache = None
		self.assertNotIn(case.name, frappe.get_list("Dropout Case", pluck="name"))
		self.assertFalse(frappe.has_permission("Dropout Case", "read", doc=case.name))
