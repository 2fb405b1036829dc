# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt
"""Chinese for the officers who use the app: every string it shows has a zh translation,
and a zh user gets form labels, report columns and error messages in Chinese."""

import datetime
import json
from pathlib import Path

import frappe
from frappe.utils import add_days, nowdate

from left_behind_care import i18n
from left_behind_care.testing import LBCTestCase, make_child, make_id_number, make_user

ZH_USER = "lbc-zh-director@example.com"
MODULE_PATH = Path(frappe.get_app_path("left_behind_care", "left_behind_care"))


class TestTranslations(LBCTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		# what `bench build` does on a deployment: the .po compiled to the .mo Frappe reads
		i18n.compile_catalog()
		cls.messages = i18n.all_messages()
		make_user(ZH_USER, ["Village Child Director"], ["东一村"])
		frappe.db.set_value("User", ZH_USER, "language", "zh")
		frappe.db.commit()

	def tearDown(self):
		frappe.local.lang = "en"
		super().tearDown()

	def as_zh_user(self):
		"""Act as the zh user, in the language a login gives them."""
		frappe.set_user(ZH_USER)
		frappe.flags.lbc_scope_cache = None
		frappe.local.lang = frappe.translate.get_user_lang(ZH_USER)
		self.assertEqual(frappe.local.lang, "zh")

	# ------------------------------------------------------------------ the catalog

	def test_every_string_has_a_zh_translation(self):
		missing = i18n.untranslated(self.messages)
		listing = "\n".join(
			f"  {msgid!r} ({', '.join(self.messages[(msgid, ctx)][:2])})" for msgid, ctx in missing
		)
		self.assertEqual(
			missing,
			[],
			f"{len(missing)} of {len(self.messages)} strings have no zh translation in locale/zh.po:\n{listing}\n"
			"Run `bench --site <site> execute left_behind_care.i18n.update_catalogs` and translate them.",
		)

	def test_every_message_the_desk_scripts_translate_is_in_the_catalog(self):
		"""Every ``__("…")`` literal in the app's JavaScript is in the catalog: Frappe's
		extractor misses a call written inside a template literal's ``${…}``."""
		import re

		from left_behind_care.i18n import read_catalog

		catalog = {message.id for message in read_catalog() if message.id and message.string}
		app = Path(frappe.get_app_path("left_behind_care"))
		missing = []
		for path in app.rglob("*.js"):
			if "node_modules" in path.parts:
				continue
			source = path.read_text("utf-8")
			for match in re.finditer(r"""__\(\s*(["'])((?:(?!\1)[^\\]|\\.)*)\1""", source):
				text = match.group(2).replace('\\"', '"').replace("\\'", "'")
				if text not in catalog:
					missing.append(f"{path.relative_to(app)}: {text}")
		self.assertEqual(missing, [])

	def test_translations_keep_their_placeholders(self):
		self.assertEqual(i18n.placeholder_mismatches(), [])

	def test_the_compiled_catalog_translates_every_string(self):
		"""What the desk and the server read at run time (the .mo), not only the .po."""
		translations = frappe.translate.get_all_translations("zh")
		untranslated = sorted(msgid for msgid, _ctx in self.messages if not translations.get(msgid))
		self.assertEqual(untranslated, [])

	def test_extraction_covers_every_kind_of_string(self):
		found = {msgid for msgid, _ctx in self.messages}
		expected = {
			"Guardianship Category": "a DocType field label",
			"Away for Work (Out of Province)": "a Select option",
			"Filled from the identity number": "a field description",
			"Mentor Assignment": "a DocType name",
			"Village Child Director": "a role",
			"Left Behind Care": "the module",
			"Birth date {0} is in the future.": "a Python message",
			"Not Left Behind": "a JavaScript message",
			"A parent lives at home": "a rules enum value shown translated",
			"Identity number {0} has a wrong check character: check it against the identity card.": "a rules message",
			"Mandatory Report Registration Form": "a print format",
			"Village Ledger": "a report name",
			"Father's Workplace": "a report column",
			"A township or county lists every village below it; empty: your own area": "a report filter",
		}
		self.assertEqual({text: kind for text, kind in expected.items() if text not in found}, {})
		# every label of the module's workspaces and number cards, every workflow state and action
		for path in MODULE_PATH.glob("workspace/*/*.json"):
			data = json.loads(path.read_text())
			labels = [data.get("label")] + [
				row.get("label")
				for key in ("links", "shortcuts", "number_cards", "charts")
				for row in data.get(key, [])
			]
			self.assertEqual(
				{label for label in labels if i18n.is_translatable(label)} - found, set(), path.name
			)
		for path in MODULE_PATH.glob("number_card/*/*.json"):
			self.assertIn(json.loads(path.read_text())["label"], found, path.name)
		for msgid, _ctx in i18n.site_messages():
			self.assertIn(msgid, found)

	# ------------------------------------------------------------------ a zh user

	def test_form_labels_come_back_in_chinese(self):
		from frappe.desk.form.load import getdoctype
		from frappe.translate import get_messages_for_boot

		self.as_zh_user()
		getdoctype("Child")  # the zh user may open the form
		messages = get_messages_for_boot()  # what the desk receives at login to draw every form
		expected = {
			"Child": "儿童",
			"Child Name": "儿童姓名",
			"Resident Identity Number": "居民身份证号码",
			"Guardianship Category": "监护类别",
			"Risk Level": "风险等级",
			"Guardian Assessment": "监护评估",
			"Away for Work (Out of Province)": "外出务工（省外）",
			"Paternal Grandmother": "祖母",
		}
		self.assertEqual({key: messages.get(key) for key in expected}, expected)
		labels = {df.fieldname: frappe._(df.label) for df in frappe.get_meta("Child").fields if df.label}
		self.assertEqual(labels["guardian"], "委托监护人")
		self.assertTrue(all(i18n.has_chinese(label) for label in labels.values()), labels)

	def test_report_columns_come_back_in_chinese(self):
		from frappe.desk.query_report import run

		make_child(child_name="李小红")
		self.as_zh_user()
		result = run("Village Ledger", filters={"status": "Active", "left_behind": "Yes"})
		labels = {column["fieldname"]: column["label"] for column in result["columns"]}
		self.assertEqual(labels["child_name"], "儿童姓名")
		self.assertEqual(labels["father_place"], "父亲务工地")
		self.assertEqual(labels["risk_level"], "风险等级")
		self.assertTrue(all(i18n.has_chinese(label) for label in labels.values()), labels)
		self.assertIn("李小红", [row.get("child_name") for row in result["result"] if isinstance(row, dict)])

	def test_error_messages_come_back_in_chinese(self):
		self.as_zh_user()
		child = frappe.get_doc(
			{
				"doctype": "Child",
				"child_name": "王小明",
				"village": frappe.db.get_value("Administrative Area", {"area_name": "东一村"}),
				"birth_date": add_days(nowdate(), 10),
			}
		)
		with self.assertRaises(frappe.ValidationError) as caught:
			child.insert()
		self.assertIn("是将来的日期", str(caught.exception))
		# a rules message (framework-free module, translated by the Frappe layer)
		valid = make_id_number(datetime.date(2015, 3, 5))
		child.birth_date = None
		child.id_number = valid[:17] + ("0" if valid[17] != "0" else "1")
		with self.assertRaises(frappe.ValidationError) as caught:
			child.insert()
		self.assertIn("校验码错误", str(caught.exception))

	def test_determination_is_explained_in_chinese(self):
		self.as_zh_user()
		child = make_child(child_name="赵小刚", left_behind=False, as_user=True)
		# stored as the Select's source value whoever saved it, shown in the reader's language
		self.assertEqual(child.determination_reason, "A parent lives at home")
		self.assertEqual(frappe._(child.determination_reason), "父母一方在家")
		self.assertEqual(frappe._(child.status), "在册")

	def test_frappes_desk_strings_read_right_in_chinese(self):
		"""Frappe v15's zh catalog leaves these in English or gets them wrong ("{0} m" as
		metres, "Reports & Masters" as masters in the sense of experts): the app's wins."""
		expected = {
			"{0} m": "{0} 分钟",
			"Reports & Masters": "报表与基础资料",
			"Tools": "工具",
			"Build": "开发",
			"You haven't created a {0} yet": "您还没有创建{0}",
			"Try the new Print Designer": "试用新版打印设计器",
			"Search or type a command ({0})": "搜索或输入命令（{0}）",
			"Connections": "关联记录",
			"This is a background report. Please set the appropriate filters and then generate a new one.": "这是一份后台报表。请设置适当的筛选条件，然后重新生成。",
		}
		for msgid, text in expected.items():
			self.assertEqual(frappe._(msgid, lang="zh"), text, msgid)
