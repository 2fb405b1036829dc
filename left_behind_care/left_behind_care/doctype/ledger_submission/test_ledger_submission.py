# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt

import json

import frappe
from frappe.utils import getdate, nowdate

from left_behind_care import rules
from left_behind_care.left_behind_care.doctype.ledger_submission.ledger_submission import (
	DuplicateSubmissionError,
	LedgerSubmissionError,
	SubmissionIncompleteError,
	SubmissionReviewError,
	submission_states,
)
from left_behind_care.left_behind_care.report.area_summary.area_summary import count_keys
from left_behind_care.left_behind_care.report.report_test_utils import (
	CITY_USER,
	COUNTY_USER,
	OTHER_TOWNSHIP_USER,
	TOWNSHIP_USER,
	VILLAGE_USER,
	area_of,
	as_user,
	make_report_world,
	make_tier_users,
	review_ledger,
	submit_ledger,
)
from left_behind_care.left_behind_care.report.submission_tracker.submission_tracker import (
	execute as tracker,
)
from left_behind_care.testing import LBCTestCase, make_child, make_user

DIRECTORS = {
	"甲一村": VILLAGE_USER,
	"甲二村": "lbc-rep-village-2@example.com",
	"乙一村": "lbc-rep-village-3@example.com",
	"乙二村": "lbc-rep-village-4@example.com",
}
TOWNSHIP_OFFICERS = {"甲镇": TOWNSHIP_USER, "乙镇": OTHER_TOWNSHIP_USER}


class TestLedgerSubmission(LBCTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_report_world()
		make_tier_users()
		for village, user in DIRECTORS.items():
			make_user(user, ["Village Child Director"], [village])
		frappe.db.commit()

	def setUp(self):
		super().setUp()
		self.year, self.quarter = rules.previous_quarter(getdate(nowdate()))
		self.children = {
			village: make_child(village, child_name=f"{village}台账").name for village in DIRECTORS
		}
		make_child("甲一村", child_name="甲一村非留守", left_behind=False)

	def submit(self, area_name, user, year=None, quarter=None):
		return submit_ledger(area_name, user, year or self.year, quarter or self.quarter)

	def review(self, name, user, accept=True, note=None):
		return review_ledger(name, user, accept, note)

	def test_a_quarter_travels_from_village_to_city(self):
		villages = {}
		for village, director in DIRECTORS.items():
			doc = self.submit(village, director)
			self.assertEqual((doc.docstatus, doc.status, doc.submitted_by), (1, "Submitted", director))
			self.assertEqual(doc.tier, "Village/Community")
			self.assertEqual(doc.parent_area, area_of("甲镇" if village.startswith("甲") else "乙镇"))
			villages[village] = doc
		for village, doc in villages.items():
			township = "甲镇" if village.startswith("甲") else "乙镇"
			accepted = self.review(doc.name, TOWNSHIP_OFFICERS[township])
			self.assertEqual(
				(accepted.status, accepted.reviewed_by), ("Accepted", TOWNSHIP_OFFICERS[township])
			)
		townships = {name: self.submit(name, user) for name, user in TOWNSHIP_OFFICERS.items()}
		for name, doc in townships.items():
			self.assertEqual(doc.tier, "Township/Street")
			self.assertEqual(
				{row.area for row in doc.areas}, {area_of(v) for v in DIRECTORS if v[0] == name[0]}
			)
			self.assertEqual(
				doc.left_behind, sum(villages[v].left_behind for v in DIRECTORS if v[0] == name[0])
			)
			self.review(doc.name, COUNTY_USER)
		county = self.submit("报表区", COUNTY_USER)
		self.assertEqual(county.parent_area, area_of("报表市"))
		self.assertEqual(county.children, sum(v.children for v in villages.values()))
		self.assertEqual(county.left_behind, 4)
		self.assertEqual(county.children, 5)
		frozen = json.loads(county.snapshot)
		self.assertEqual(set(frozen["keys"]), set(count_keys()))
		for key in frozen["keys"]:
			self.assertEqual(frozen["total"][key], sum(row[key] for row in frozen["rows"]), key)
		accepted = self.review(county.name, CITY_USER, note="收到")
		self.assertEqual(
			(accepted.status, accepted.reviewed_by, accepted.review_note), ("Accepted", CITY_USER, "收到")
		)
		# the city sees the whole chain in its tracker
		frappe.set_user(CITY_USER)
		rows = tracker(frappe._dict(area=area_of("报表市"), year=self.year, quarter=self.quarter))[1]
		frappe.set_user("Administrator")
		self.assertEqual([(r["area"], r["status_code"]) for r in rows], [(area_of("报表区"), "Accepted")])

	def test_submitting_freezes_the_numbers(self):
		doc = self.submit("甲一村", VILLAGE_USER)
		self.assertEqual((doc.children, doc.left_behind), (2, 1))
		ledger = json.loads(frappe.db.get_value("Ledger Submission", doc.name, "ledger_snapshot"))
		self.assertEqual([row["child"] for row in ledger["rows"]], [self.children["甲一村"]])
		make_child("甲一村", child_name="后来登记")
		frappe.db.set_value("Child", self.children["甲一村"], "risk_level", "一级")
		again = frappe.get_doc("Ledger Submission", doc.name)
		self.assertEqual((again.children, again.left_behind, again.level_1), (2, 1, 0))
		self.assertEqual(json.loads(again.ledger_snapshot), ledger)
		# the township consolidates the frozen numbers, not today's
		self.review(doc.name, TOWNSHIP_USER)
		self.review(self.submit("甲二村", DIRECTORS["甲二村"]).name, TOWNSHIP_USER)
		township = self.submit("甲镇", TOWNSHIP_USER)
		self.assertEqual(township.children, 3)
		self.assertEqual(township.level_1, 0)

	def test_return_and_amend(self):
		doc = self.submit("甲一村", VILLAGE_USER)
		with self.assertRaises(frappe.MandatoryError):
			self.review(doc.name, TOWNSHIP_USER, accept=False, note=" ")
		returned = self.review(doc.name, TOWNSHIP_USER, accept=False, note="监护人电话缺失")
		self.assertEqual((returned.docstatus, returned.status), (2, "Returned"))
		self.assertEqual(returned.review_note, "监护人电话缺失")
		states = submission_states([area_of("甲一村")], self.year, self.quarter)
		self.assertEqual(states[area_of("甲一村")]["status"], "Returned")
		as_user(VILLAGE_USER)
		try:
			# as the form's Amend button does
			amended = frappe.copy_doc(returned)
			amended.docstatus = 0
			amended.amended_from = returned.name
			amended.insert()
			amended.submit()
		finally:
			as_user("Administrator")
		self.assertEqual(amended.status, "Submitted")
		states = submission_states([area_of("甲一村")], self.year, self.quarter)
		self.assertEqual(
			(states[area_of("甲一村")]["status"], states[area_of("甲一村")]["submission"]),
			("Submitted", amended.name),
		)

	def test_only_the_tier_above_reviews(self):
		doc = self.submit("甲一村", VILLAGE_USER)
		for user in (VILLAGE_USER, OTHER_TOWNSHIP_USER, CITY_USER):
			with self.assertRaises(SubmissionReviewError, msg=user):
				self.review(doc.name, user)
		self.review(doc.name, TOWNSHIP_USER)
		with self.assertRaises(LedgerSubmissionError):
			self.review(doc.name, TOWNSHIP_USER)

	def test_only_the_areas_own_tier_submits(self):
		with self.assertRaises(SubmissionReviewError):
			self.submit("甲一村", TOWNSHIP_USER)
		# another village's submission cannot even be created
		with self.assertRaises(frappe.PermissionError):
			self.submit("乙一村", VILLAGE_USER)
		with self.assertRaises(LedgerSubmissionError):
			self.submit("报表市", CITY_USER)

	def test_a_township_waits_for_every_village(self):
		self.review(self.submit("甲一村", VILLAGE_USER).name, TOWNSHIP_USER)
		self.submit("甲二村", DIRECTORS["甲二村"])
		with self.assertRaises(SubmissionIncompleteError):
			self.submit("甲镇", TOWNSHIP_USER)

	def test_one_live_submission_per_area_and_quarter(self):
		self.submit("甲一村", VILLAGE_USER)
		with self.assertRaises(DuplicateSubmissionError):
			self.submit("甲一村", VILLAGE_USER)

	def test_the_quarter_must_have_ended(self):
		year, quarter = rules.quarter_of(getdate(nowdate()))
		with self.assertRaises(LedgerSubmissionError):
			self.submit("甲一村", VILLAGE_USER, year=year, quarter=quarter)

	def test_deadline_and_lateness(self):
		_start, end = rules.quarter_bounds(self.year, self.quarter)
		doc = self.submit("甲一村", VILLAGE_USER)
		due = rules.submission_due_date(end, 7)
		self.assertEqual(getdate(doc.due_date), due)
		self.assertEqual(doc.days_late, rules.days_late(due, getdate(nowdate())))
		frappe.db.set_single_value("Left Behind Care Settings", "township_submission_days", 30)
		self.review(doc.name, TOWNSHIP_USER)
		self.review(self.submit("甲二村", DIRECTORS["甲二村"]).name, TOWNSHIP_USER)
		township = self.submit("甲镇", TOWNSHIP_USER)
		self.assertEqual(getdate(township.due_date), rules.submission_due_date(end, 30))

	def test_restricted_users_see_only_their_subtrees_submissions(self):
		self.submit("甲一村", VILLAGE_USER)
		self.submit("乙一村", DIRECTORS["乙一村"])
		for user, expected in (
			(VILLAGE_USER, {area_of("甲一村")}),
			(TOWNSHIP_USER, {area_of("甲一村")}),
			(OTHER_TOWNSHIP_USER, {area_of("乙一村")}),
			(COUNTY_USER, {area_of("甲一村"), area_of("乙一村")}),
		):
			as_user(user)
			try:
				seen = set(frappe.get_list("Ledger Submission", pluck="area"))
			finally:
				as_user("Administrator")
			self.assertEqual(seen, expected, user)
