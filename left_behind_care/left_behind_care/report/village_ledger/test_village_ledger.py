# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt

import io

import frappe
from openpyxl import load_workbook

from left_behind_care.left_behind_care.report.report_test_utils import (
	area_of,
	make_population,
	make_report_world,
	make_tier_users,
	run_as,
)
from left_behind_care.left_behind_care.report.village_ledger.village_ledger import execute
from left_behind_care.reporting import render_report
from left_behind_care.testing import LBCTestCase, make_guardian

ALL = {"status": "", "left_behind": ""}


class TestVillageLedger(LBCTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_report_world()
		cls.users = make_tier_users()
		frappe.db.commit()

	def setUp(self):
		super().setUp()
		self.children = make_population(seed=11, per_village=5)

	def ledger(self, area_name, user="Administrator", **filters):
		return run_as(user, execute, {"area": area_of(area_name), **filters})[1]

	def expected(self, *villages, **filters):
		return sorted(
			frappe.get_all(
				"Child", filters={"village": ("in", [area_of(v) for v in villages]), **filters}, pluck="name"
			)
		)

	def test_a_township_lists_every_village_below_it(self):
		rows = self.ledger("甲镇", **ALL)
		self.assertEqual(sorted(r["child"] for r in rows), self.expected("甲一村", "甲二村"))
		self.assertEqual({r["township"] for r in rows}, {area_of("甲镇")})
		self.assertEqual([r["seq"] for r in rows], list(range(1, len(rows) + 1)))
		county = self.ledger("报表区", **ALL)
		self.assertEqual(
			sorted(r["child"] for r in county), self.expected("甲一村", "甲二村", "乙一村", "乙二村")
		)

	def test_filters(self):
		rows = self.ledger("报表区", status="Active", left_behind="Yes")
		self.assertEqual(
			sorted(r["child"] for r in rows),
			self.expected("甲一村", "甲二村", "乙一村", "乙二村", status="Active", is_left_behind=1),
		)
		rows = self.ledger("报表区", guardianship_category="三类", left_behind="")
		self.assertTrue(rows)
		self.assertEqual({r["guardianship_category"] for r in rows}, {"三类"})
		rows = self.ledger("报表区", risk_level="二级", left_behind="")
		self.assertEqual(
			sorted(r["child"] for r in rows),
			self.expected("甲一村", "甲二村", "乙一村", "乙二村", risk_level="二级"),
		)
		rows = self.ledger("报表区", status="Moved Away", left_behind="")
		self.assertEqual(
			sorted(r["child"] for r in rows),
			self.expected("甲一村", "甲二村", "乙一村", "乙二村", status="Moved Away"),
		)

	def test_ledger_columns_carry_the_childs_file(self):
		grandma = make_guardian(village="乙二村", guardian_name="韦奶奶", phone="13812345678")
		child = frappe.get_doc("Child", self.children[-1].name)
		child.guardian = grandma.name
		child.guardian_relationship = "Maternal Grandmother"
		child.school = "石桥镇中学"
		father = next(row for row in child.parents if row.relation == "Father")
		father.parent_name = "韦建国"
		father.destination = "广东省东莞市"
		child.save()
		frappe.get_doc(
			{
				"doctype": "Mentor Assignment",
				"child": child.name,
				"mentor_name": "吴老师",
				"mentor_phone": "13847881398",
				"mentor_type": "Mentor Teacher",
			}
		).insert()
		row = next(r for r in self.ledger("乙二村", **ALL) if r["child"] == child.name)
		self.assertEqual(row["guardian_name"], "韦奶奶")
		self.assertEqual(row["guardian_phone"], "13812345678")
		self.assertEqual(row["guardian_relationship"], "Maternal Grandmother")
		self.assertEqual(row["school"], "石桥镇中学")
		self.assertIn("吴老师", row["mentor_name"].split("、"))
		self.assertIn("13847881398", row["mentor_phone"].split("、"))
		self.assertEqual(row["father_name"], "韦建国")
		self.assertEqual(row["father_place"], "广东省东莞市")
		self.assertEqual(row["id_number"], child.id_number)

	def test_restricted_users_see_only_their_subtree(self):
		everything = self.expected("甲一村", "甲二村", "乙一村", "乙二村")
		cases = (
			(self.users["village"], ("甲一村",)),
			(self.users["township"], ("甲一村", "甲二村")),
			(self.users["other_township"], ("乙一村", "乙二村")),
			(self.users["county"], ("甲一村", "甲二村", "乙一村", "乙二村")),
		)
		for user, villages in cases:
			rows = self.ledger("报表区", user, **ALL)
			self.assertEqual(sorted(r["child"] for r in rows), self.expected(*villages), user)
		# the empty-area child is seen by nobody scoped (its area matches no subtree)
		orphan = frappe.db.get_value("Child", {"child_name": "无村儿童"})
		for user in (self.users["village"], self.users["township"], self.users["county"]):
			self.assertNotIn(orphan, [r["child"] for r in self.ledger("报表区", user, **ALL)])
		self.assertNotIn(orphan, everything)
		# a village director who asks for another village gets nothing
		self.assertEqual(self.ledger("乙一村", self.users["village"], **ALL), [])

	def test_identity_numbers_are_masked_for_those_who_may_not_see_them(self):
		rows = self.ledger("甲一村", self.users["city"], **ALL)
		self.assertTrue(rows)
		for row in rows:
			actual = frappe.db.get_value("Child", row["child"], "id_number")
			self.assertNotEqual(row["id_number"], actual)
			self.assertEqual(row["id_number"], actual[:4] + "**********" + actual[-4:])
		rows = self.ledger("甲一村", self.users["village"], **ALL)
		for row in rows:
			self.assertEqual(row["id_number"], frappe.db.get_value("Child", row["child"], "id_number"))

	def test_export_rows_equal_the_rows_on_screen(self):
		filters = {"area": area_of("甲镇"), **ALL}
		frappe.set_user(self.users["township"])
		frappe.flags.lbc_scope_cache = None
		try:
			screen = execute(frappe._dict(filters))[1]
			content, _title = render_report("Village Ledger", filters)
		finally:
			frappe.set_user("Administrator")
		sheet = load_workbook(io.BytesIO(content)).active
		self.assertIn("甲镇", sheet["A1"].value)
		self.assertIn("甲镇", sheet["A2"].value)
		headers = [cell.value for cell in sheet[3]]
		self.assertEqual(
			headers[:7], ["序号", "乡镇(街道)", "村(社区)", "儿童姓名", "性别", "民族", "身份证号码"]
		)
		rows = list(sheet.iter_rows(min_row=4, values_only=True))
		self.assertEqual(len(rows), len(screen))
		id_column = headers.index("身份证号码")
		child_column = len(headers) - 1
		for written, shown in zip(rows, screen, strict=True):
			self.assertEqual(written[child_column], shown["child"])
			self.assertEqual(written[id_column], shown["id_number"])
		for cell in sheet["G"][3:]:
			self.assertEqual(cell.data_type, "s")
			self.assertEqual(cell.number_format, "@")
