# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt
"""Finding a child by pinyin or initials (zhangsan, zs) as well as by characters, in the
Link field search and the list, within the officer's scope; kept current on rename."""

import frappe

from left_behind_care.testing import LBCTestCase, make_child, make_user

VILLAGE = "lbc-pinyin-village@example.com"


class TestPinyinSearch(LBCTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_user(VILLAGE, ["Village Child Director"], ["东一村"])
		frappe.db.commit()

	def setUp(self):
		super().setUp()
		self.own = make_child(village="东一村", child_name="张三丰")
		self.shan = make_child(village="东一村", child_name="单雄信")
		# the same name in another village: never found by the village officer
		self.other = make_child(village="西一村", child_name="张三丰")

	def link_search(self, txt):
		from frappe.desk.search import search_link

		frappe.set_user(VILLAGE)
		frappe.flags.lbc_scope_cache = None
		try:
			return sorted(row["value"] for row in search_link("Child", txt, page_length=50))
		finally:
			frappe.set_user("Administrator")

	def list_search(self, txt):
		"""The list view's request when the name filter holds ``txt`` (child_list.js turns a
		Latin search into an OR over the name, its pinyin and its initials)."""
		from frappe.desk.reportview import get as reportview_get
		from frappe.desk.reportview import get_count

		like = f"%{txt}%"
		args = dict(doctype="Child", fields=["`tabChild`.`name`"], order_by="`tabChild`.`name` asc")
		if txt.isascii():
			args["filters"] = []
			args["or_filters"] = [
				["Child", "child_name", "like", like],
				["Child", "child_name_pinyin", "like", like.replace(" ", "")],
				["Child", "child_name_initials", "like", like.replace(" ", "")],
			]
		else:
			args["filters"] = [["Child", "child_name", "like", like]]
		frappe.set_user(VILLAGE)
		frappe.flags.lbc_scope_cache = None
		try:
			frappe.local.form_dict = frappe._dict(args)
			names = sorted(row[0] for row in reportview_get()["values"])
			frappe.local.form_dict = frappe._dict(args)
			return names, get_count()
		finally:
			frappe.set_user("Administrator")

	def test_keys_are_set_by_the_server(self):
		self.assertEqual(self.own.child_name_pinyin, "zhangsanfeng")
		self.assertEqual(self.own.child_name_initials, "zsf")
		# a surname read as a surname, and the ordinary reading too
		self.assertEqual(self.shan.child_name_pinyin, "shanxiongxin danxiongxin")
		# whatever a client sends is replaced
		self.own.child_name_pinyin = "lisi"
		self.own.save(ignore_permissions=True)
		self.assertEqual(frappe.db.get_value("Child", self.own.name, "child_name_pinyin"), "zhangsanfeng")

	def test_link_search_by_characters_pinyin_and_initials(self):
		for txt in ("张三", "zhangsan", "ZhangSan", "zsf", "zs"):
			self.assertEqual(self.link_search(txt), [self.own.name], txt)
		self.assertEqual(self.link_search("shanxiong"), [self.shan.name])
		self.assertEqual(self.link_search("sxx"), [self.shan.name])
		self.assertEqual(self.link_search("lisi"), [])

	def test_list_search_by_characters_pinyin_and_initials(self):
		for txt in ("张三", "zhangsan", "zhang san", "zs"):
			self.assertEqual(self.list_search(txt), ([self.own.name], 1), txt)
		self.assertEqual(self.list_search("dxx"), ([self.shan.name], 1))

	def test_keys_follow_a_renamed_child(self):
		self.own.child_name = "李四"
		self.own.save(ignore_permissions=True)
		self.assertEqual(self.link_search("zs"), [])
		self.assertEqual(self.link_search("lisi"), [self.own.name])
		self.assertEqual(self.link_search("ls"), [self.own.name])

	def test_patch_fills_keys_of_children_registered_before(self):
		from left_behind_care.patches.v0_1 import set_child_name_search_keys

		frappe.db.set_value(
			"Child",
			self.own.name,
			{"child_name_pinyin": None, "child_name_initials": ""},
			update_modified=False,
		)
		modified = frappe.db.get_value("Child", self.own.name, "modified")
		set_child_name_search_keys.execute()
		set_child_name_search_keys.execute()  # idempotent
		row = frappe.db.get_value(
			"Child", self.own.name, ["child_name_pinyin", "child_name_initials", "modified"], as_dict=True
		)
		self.assertEqual((row.child_name_pinyin, row.child_name_initials), ("zhangsanfeng", "zsf"))
		self.assertEqual(row.modified, modified)
