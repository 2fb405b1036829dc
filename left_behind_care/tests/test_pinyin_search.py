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
		# uncommon names, so that records other tests or a dev site left do not match
		self.own = make_child(village="东一村", child_name="闻人语嫣")
		self.shan = make_child(village="东一村", child_name="单雄信")
		# the same name in another village: never found by the village officer
		self.other = make_child(village="西一村", child_name="闻人语嫣")

	def link_search(self, txt):
		from frappe.desk.search import search_link

		frappe.set_user(VILLAGE)
		frappe.flags.lbc_scope_cache = None
		try:
			return sorted(row["value"] for row in search_link("Child", txt, page_length=100))
		finally:
			frappe.set_user("Administrator")

	def list_search(self, txt):
		"""The list view's request when the name filter holds ``txt`` (child_list.js turns a
		Latin search into an OR over the name, its pinyin and its initials): (names, count)."""
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
			result = reportview_get()  # compressed rows; an empty list when nothing matches
			names = sorted(row[0] for row in (result["values"] if result else []))
			frappe.local.form_dict = frappe._dict(args)
			return names, get_count()
		finally:
			frappe.set_user("Administrator")

	def assertFinds(self, search, txt, *expected, absent=()):
		"""``search(txt)`` finds the expected children and none of the absent ones."""
		found = search(txt)
		names = found[0] if isinstance(found, tuple) else found
		for doc in expected:
			self.assertIn(doc.name, names, f"{txt!r} does not find {doc.child_name}")
		for doc in absent:
			self.assertNotIn(doc.name, names, f"{txt!r} finds {doc.child_name} ({doc.village})")
		if isinstance(found, tuple):
			self.assertEqual(found[1], len(names), f"the list count for {txt!r}")

	def test_keys_are_set_by_the_server(self):
		self.assertEqual(self.own.child_name_pinyin, "wenrenyuyan")
		self.assertEqual(self.own.child_name_initials, "wryy")
		# a surname read as a surname, and the ordinary reading too
		self.assertEqual(self.shan.child_name_pinyin, "shanxiongxin danxiongxin")
		# whatever a client sends is replaced
		self.own.child_name_pinyin = "lisi"
		self.own.save(ignore_permissions=True)
		self.assertEqual(frappe.db.get_value("Child", self.own.name, "child_name_pinyin"), "wenrenyuyan")

	def test_link_search_by_characters_pinyin_and_initials(self):
		for txt in ("闻人语嫣", "闻人", "wenrenyuyan", "WenRen", "wryy", "wry"):
			self.assertFinds(self.link_search, txt, self.own, absent=(self.other, self.shan))
		self.assertFinds(self.link_search, "shanxiong", self.shan, absent=(self.own,))
		self.assertFinds(self.link_search, "dxx", self.shan, absent=(self.own,))

	def test_list_search_by_characters_pinyin_and_initials(self):
		for txt in ("闻人", "wenrenyu", "wenren yuyan", "wryy"):
			self.assertFinds(self.list_search, txt, self.own, absent=(self.other, self.shan))
		self.assertFinds(self.list_search, "sxx", self.shan, absent=(self.own,))

	def test_keys_follow_a_renamed_child(self):
		self.own.child_name = "司马相如"
		self.own.save(ignore_permissions=True)
		self.assertFinds(self.link_search, "smxr", self.own)
		self.assertFinds(self.link_search, "simaxiangru", self.own)
		self.assertFinds(self.link_search, "wryy", absent=(self.own,))
		self.assertFinds(self.list_search, "wenren", absent=(self.own,))

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
		self.assertEqual((row.child_name_pinyin, row.child_name_initials), ("wenrenyuyan", "wryy"))
		self.assertEqual(row.modified, modified)
