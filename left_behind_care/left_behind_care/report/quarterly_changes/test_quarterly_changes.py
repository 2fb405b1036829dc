# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt

import datetime

import frappe
from frappe.utils import getdate, nowdate

from left_behind_care import rules
from left_behind_care.left_behind_care.doctype.child.child import apply_grading
from left_behind_care.left_behind_care.report.quarterly_changes.quarterly_changes import (
	AGED_OUT,
	GRADING,
	MOVED_AWAY,
	NEW,
	PARENT_HOME,
	execute,
)
from left_behind_care.left_behind_care.report.report_test_utils import (
	AWAY,
	HOME,
	area_of,
	blank_area,
	make_report_world,
	make_tier_users,
	run_as,
)
from left_behind_care.testing import LBCTestCase, make_id_number, parent_rows

DAY = datetime.timedelta(days=1)


def register(village, name, on, birth_date=None, mother=AWAY):
	"""Register a child as a ledger dated ``on`` would (the rules evaluated on that date)."""
	birth_date = birth_date or on - datetime.timedelta(days=9 * 365)
	doc = frappe.get_doc(
		{
			"doctype": "Child",
			"child_name": name,
			"gender": "Female",
			"birth_date": birth_date,
			"id_number": make_id_number(birth_date, "Female"),
			"village": area_of(village),
			"parents": parent_rows(AWAY, mother, months=14),
		}
	)
	doc.flags.evaluation_date = on
	return doc.insert()


def change(child, on, **values):
	"""Save a change to a child as it happened on ``on``."""
	doc = frappe.get_doc("Child", child)
	doc.flags.evaluation_date = on
	for key, value in values.items():
		if key == "mother":
			next(row for row in doc.parents if row.relation == "Mother").update(value)
		else:
			doc.set(key, value)
	if "risk_level" in values:
		doc.flags.grading_update = True
	doc.save()
	return doc


class TestQuarterlyChanges(LBCTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_report_world()
		cls.users = make_tier_users()
		frappe.db.commit()

	def setUp(self):
		super().setUp()
		self.year, self.quarter = rules.previous_quarter(getdate(nowdate()))
		self.start, self.end = rules.quarter_bounds(self.year, self.quarter)
		start = self.start
		before = start - 20 * DAY
		# 甲一村: a new child in the quarter; a parent comes home in the quarter
		self.new = register("甲一村", "新登记", start + 4 * DAY).name
		self.home = register("甲一村", "母亲返乡", before).name
		change(self.home, start + 40 * DAY, mother={"status": HOME, "away_since": None})
		# 甲二村: a child who turns 18 in the quarter; a child who moves away
		self.aged = register(
			"甲二村", "满十八岁", before, birth_date=rules.birthday_reached(start + 60 * DAY, -18)
		).name
		change(self.aged, start + 62 * DAY)
		self.moved = register("甲二村", "迁出", before).name
		change(
			self.moved,
			start + 50 * DAY,
			status="Moved Away",
			status_reason="随父母迁往广东",
			status_date=start + 50 * DAY,
		)
		# 乙一村: graded 二级 in the quarter and 三级 today; a child who becomes left behind
		self.graded = register("乙一村", "评级变化", before).name
		change(self.graded, start + 45 * DAY, risk_level="二级", guardian_assessment="差")
		apply_grading(self.graded, "三级", "一般", None)
		self.became = register("乙一村", "母亲外出", start + 5 * DAY, mother=HOME).name
		change(self.became, start + 70 * DAY, mother={"status": AWAY, "away_since": start - 150 * DAY})
		# 乙二村: a change after the quarter only
		self.later = register("乙二村", "本季度登记", getdate(nowdate())).name

	def changes(self, area_name="报表区", user="Administrator", **filters):
		filters = {"area": area_of(area_name), "from_date": self.start, "to_date": self.end, **filters}
		return run_as(user, execute, filters)

	def test_changes_come_from_the_history(self):
		_columns, data, _message, chart = self.changes()
		found = {(row["child"], row["change_code"]) for row in data}
		self.assertEqual(
			found,
			{
				(self.new, NEW),
				(self.home, PARENT_HOME),
				(self.aged, AGED_OUT),
				(self.moved, MOVED_AWAY),
				(self.graded, GRADING),
				(self.became, NEW),
			},
		)
		graded = next(row for row in data if row["child"] == self.graded)
		# today the child is 三级; the quarter's change was 正常 → 二级
		self.assertEqual(frappe.db.get_value("Child", self.graded, "risk_level"), "三级")
		self.assertEqual((graded["old_risk_level"], graded["new_risk_level"]), ("正常", "二级"))
		self.assertEqual(graded["new_guardian_assessment"], "差")
		self.assertEqual(getdate(graded["event_date"]), self.start + 45 * DAY)
		home = next(row for row in data if row["child"] == self.home)
		self.assertEqual(home["reason"], frappe._(rules.NotLeftBehindReason.PARENT_AT_HOME.value))
		self.assertEqual(chart["data"]["labels"], [f"{self.year} Q{self.quarter}"])
		self.assertEqual([d["values"] for d in chart["data"]["datasets"]], [[2], [3], [1]])

	def test_later_changes_belong_to_their_own_quarter(self):
		today = getdate(nowdate())
		start, end = rules.quarter_bounds(*rules.quarter_of(today))
		data = self.changes(from_date=start, to_date=end)[1]
		found = {(row["child"], row["change_code"]) for row in data}
		self.assertIn((self.later, NEW), found)
		self.assertIn((self.graded, GRADING), found)
		self.assertNotIn((self.new, NEW), found)

	def test_change_filter(self):
		data = self.changes(change=NEW)[1]
		self.assertEqual({row["child"] for row in data}, {self.new, self.became})

	def test_restricted_users_see_only_their_subtree(self):
		cases = (
			(self.users["village"], {self.new, self.home}),
			(self.users["township"], {self.new, self.home, self.aged, self.moved}),
			(self.users["other_township"], {self.graded, self.became}),
			(self.users["county"], {self.new, self.home, self.aged, self.moved, self.graded, self.became}),
		)
		for user, expected in cases:
			data = self.changes(user=user)[1]
			self.assertEqual({row["child"] for row in data}, expected, user)

	def test_history_with_an_empty_area_is_seen_by_nobody_scoped(self):
		log = frappe.db.get_value("Child Status Log", {"child": self.new, "event": "Registered"})
		blank_area("Child Status Log", log)
		for user in (self.users["village"], self.users["township"], self.users["county"]):
			self.assertNotIn(self.new, {row["child"] for row in self.changes(user=user)[1]}, user)
