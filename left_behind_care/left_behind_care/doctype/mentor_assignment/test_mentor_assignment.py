# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt

import frappe
from frappe.utils import add_days, nowdate

from left_behind_care.left_behind_care.doctype.mentor_assignment.mentor_assignment import (
	MentorAssignmentError,
)
from left_behind_care.testing import LBCTestCase, make_child


def pair(child, **kwargs):
	return frappe.get_doc(
		{
			"doctype": "Mentor Assignment",
			"child": child,
			"mentor_type": "Proxy Parent",
			"from_date": "2026-01-01",
			**kwargs,
		}
	).insert(ignore_permissions=True)


class TestMentorAssignment(LBCTestCase):
	def test_pairing_with_named_mentor_and_plan(self):
		child = make_child()
		doc = pair(
			child.name,
			mentor_name="吴轩航老师",
			mentor_phone="138-4788-1398",
			study_plan=[
				{
					"stage": "第一阶段",
					"from_date": "2026-02-01",
					"to_date": "2026-03-31",
					"content": "数学作业辅导",
					"expected_result": "按时完成作业",
				}
			],
		)
		self.assertEqual(doc.village, child.village)
		self.assertEqual(doc.mentor_phone, "13847881398")
		self.assertEqual(doc.is_active, 1)

	def test_mentor_user_fills_name(self):
		doc = pair(make_child().name, mentor="Administrator")
		self.assertEqual(doc.mentor_name, frappe.db.get_value("User", "Administrator", "full_name"))

	def test_refusals(self):
		child = make_child()
		with self.assertRaises(MentorAssignmentError):
			pair(child.name)
		with self.assertRaises(MentorAssignmentError):
			pair(child.name, mentor_name="某老师", to_date="2025-12-31")
		with self.assertRaises(MentorAssignmentError):
			pair(
				child.name,
				mentor_name="某老师",
				study_plan=[{"stage": "一", "from_date": "2026-03-01", "to_date": "2026-02-01"}],
			)

	def test_ended_pairing_is_inactive(self):
		doc = pair(make_child().name, mentor_name="某老师", to_date=add_days(nowdate(), -1))
		self.assertEqual(doc.is_active, 0)
