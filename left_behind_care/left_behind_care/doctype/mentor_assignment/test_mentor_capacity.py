# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt
"""The cap on children per mentor (plan 1: a teacher is proxy parent to two)."""

import frappe

from left_behind_care.left_behind_care.doctype.left_behind_care_settings.left_behind_care_settings import (
	CareSettingsError,
)
from left_behind_care.left_behind_care.doctype.mentor_assignment.mentor_assignment import MentorCapacityError
from left_behind_care.testing import LBCTestCase, make_child, make_user

TEACHER = "lbc-care-cap-teacher@example.com"


def pair(child, mentor=TEACHER, **kwargs):
	return frappe.get_doc(
		{
			"doctype": "Mentor Assignment",
			"child": child,
			"mentor": mentor,
			"mentor_type": "Proxy Parent",
			"from_date": "2026-09-01",
			**kwargs,
		}
	).insert(ignore_permissions=True)


class TestMentorCapacity(LBCTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_user(TEACHER, ["School Mentor"])
		frappe.db.commit()

	def test_a_third_child_is_refused_with_the_default_of_two(self):
		pair(make_child().name)
		pair(make_child().name)
		with self.assertRaises(MentorCapacityError) as raised:
			pair(make_child().name)
		self.assertIn("at most 2", str(raised.exception))

	def test_the_cap_is_configurable_and_zero_means_none(self):
		frappe.db.set_single_value("Left Behind Care Settings", "max_children_per_mentor", 3)
		for _i in range(3):
			pair(make_child().name)
		with self.assertRaises(MentorCapacityError):
			pair(make_child().name)
		frappe.db.set_single_value("Left Behind Care Settings", "max_children_per_mentor", 0)
		pair(make_child().name)

	def test_ended_pairings_and_named_mentors_do_not_count(self):
		first = pair(make_child().name)
		pair(make_child().name)
		first.to_date = frappe.utils.add_days(frappe.utils.nowdate(), -1)
		first.save(ignore_permissions=True)
		self.assertEqual(first.is_active, 0)
		pair(make_child().name)
		# a pairing with a named mentor only (no account) has no cap to count against
		for _i in range(3):
			pair(make_child().name, mentor=None, mentor_name="爱心妈妈")

	def test_a_second_pairing_for_the_same_child_is_not_a_new_child(self):
		child = make_child()
		pair(child.name)
		pair(make_child().name)
		pair(child.name, mentor_type="Mentor Teacher")

	def test_escalation_margins_must_be_in_order(self):
		settings = frappe.get_single("Left Behind Care Settings")
		settings.escalate_to_village_after_days = 10
		settings.escalate_to_township_after_days = 5
		with self.assertRaises(CareSettingsError):
			settings.save()
		settings = frappe.get_single("Left Behind Care Settings")
		settings.escalate_to_village_after_days = 10
		settings.escalate_to_township_after_days = 0
		settings.save()
