# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt

import frappe
from frappe.utils import add_days, nowdate

from left_behind_care.testing import LBCTestCase, make_child, make_guardian
from left_behind_care.utils import GradingError


def assess(child, submit=True, **indicators):
	doc = frappe.get_doc(
		{"doctype": "Risk Assessment", "child": child, "assessment_date": nowdate(), **indicators}
	)
	doc.insert(ignore_permissions=True)
	if submit:
		doc.submit()
	return doc


class TestRiskAssessment(LBCTestCase):
	def setUp(self):
		super().setUp()
		guardian = make_guardian(guardian_name="李爷爷")
		self.child = make_child(guardian=guardian.name, guardian_relationship="Paternal Grandfather")

	def test_level_is_most_severe_indicator_and_updates_the_child(self):
		doc = assess(self.child.name, occasional_truancy=1, corporal_punishment=1)
		self.assertEqual(doc.risk_level, "三级")
		self.assertEqual(doc.guardian_assessment, "一般")
		child = frappe.get_doc("Child", self.child.name)
		self.assertEqual(
			(child.risk_level, child.guardian_assessment, child.last_risk_assessment),
			("三级", "一般", doc.name),
		)
		self.assertTrue(
			frappe.db.exists(
				"Child Status Log",
				{"child": child.name, "event": "Grading Changed", "new_risk_level": "三级"},
			)
		)

	def test_no_indicator_is_normal(self):
		doc = assess(self.child.name)
		self.assertEqual((doc.risk_level, doc.guardian_assessment), ("正常", "较好"))

	def test_contradicting_assessment_refused(self):
		with self.assertRaises(GradingError):
			assess(self.child.name, submit=False, vagrancy_begging=1, guardian_assessment="较好")
		with self.assertRaises(GradingError):
			assess(self.child.name, submit=False, dropped_out=1, guardian_assessment="较好")

	def test_no_guardian_means_poor(self):
		alone = make_child(child_name="独居儿童")
		doc = assess(alone.name)
		self.assertEqual(doc.guardian_assessment, "差")
		with self.assertRaises(GradingError):
			assess(alone.name, submit=False, guardian_assessment="一般")
		with self.assertRaises(GradingError):
			assess(self.child.name, submit=False, no_guardian=1)

	def test_cancel_restores_previous_grading_and_history_is_kept(self):
		first = assess(self.child.name, behavioural_deviation=1)
		second = assess(self.child.name, bad_behaviour=1)
		self.assertEqual(frappe.db.get_value("Child", self.child.name, "risk_level"), "二级")
		second.cancel()
		self.assertEqual(
			frappe.db.get_value("Child", self.child.name, ["risk_level", "last_risk_assessment"]),
			("四级", first.name),
		)
		first.cancel()
		self.assertEqual(frappe.db.get_value("Child", self.child.name, "risk_level"), "正常")
		self.assertEqual(frappe.db.count("Risk Assessment", {"child": self.child.name}), 2)

	def test_grading_keeps_an_open_form_saveable(self):
		officer_copy = frappe.get_doc("Child", self.child.name)
		assess(self.child.name, withdrawn_personality=1)
		officer_copy.school = "红山小学"
		officer_copy.save(ignore_permissions=True)  # no timestamp mismatch
		self.assertEqual(frappe.db.get_value("Child", self.child.name, "risk_level"), "四级")

	def test_future_assessment_refused(self):
		with self.assertRaises(GradingError):
			frappe.get_doc(
				{
					"doctype": "Risk Assessment",
					"child": self.child.name,
					"assessment_date": add_days(nowdate(), 2),
				}
			).insert(ignore_permissions=True)
