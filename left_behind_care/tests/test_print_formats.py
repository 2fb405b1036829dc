# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt
"""The four official printed forms: they render in Chinese through Frappe's print path
(HTML, and PDF with wkhtmltopdf where it is installed), and mask sensitive values for a
user who may not read them."""

import datetime
import functools
import http.server
import os
import shutil
import threading
import unicodedata
import unittest

import frappe
from frappe.utils import add_days, now_datetime

from left_behind_care.testing import LBCTestCase, make_child, make_guardian, make_id_number, make_user

DIRECTOR = "lbc-print-director@example.com"
CITY = "lbc-print-city@example.com"  # reads children but not their permlevel-1 fields

ID_GUARDIAN = make_id_number(datetime.date(1960, 1, 1), "Female")
PHONE = "13812345678"
ADDRESS = "贵州省遵义市测试区东乡镇东一村3组12号"
DESCRIPTION = "儿童独自在家，监护人外出三日未归。"

FORMS = {
	"Child": "一人一档登记表",
	"Guardian": "委托监护责任书",
	"Home Visit": "家访记录表",
	"Incident Report": "强制报告登记表",
}


class TestPrintFormats(LBCTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_user(DIRECTOR, ["Village Child Director"], ["东一村"])
		make_user(CITY, ["City Officer"], ["测试市"])
		frappe.db.commit()

	def setUp(self):
		super().setUp()
		self.guardian = make_guardian(
			guardian_name="王秀英",
			id_number=ID_GUARDIAN,
			phone=PHONE,
			address=ADDRESS,
			agreement_signed_on="2026-03-01",
		)
		self.child = make_child(
			child_name="张小明",
			guardian=self.guardian.name,
			guardian_relationship="Paternal Grandmother",
			address=ADDRESS,
			school="东乡镇中心小学",
			grade="三年级",
		)
		self.child.parents[0].phone = PHONE
		self.child.save(ignore_permissions=True)
		self.visit = frappe.get_doc(
			{
				"doctype": "Home Visit",
				"child": self.child.name,
				"visit_type": "Home Visit",
				"visit_datetime": now_datetime(),
				"findings_study": "成绩中等，数学偏弱。",
				"follow_up_actions": "每周两次辅导作业。",
			}
		).insert(ignore_permissions=True)
		found = add_days(now_datetime(), -1)
		self.incident = frappe.get_doc(
			{
				"doctype": "Incident Report",
				"child": self.child.name,
				"incident_type": "Living Alone Without Guardianship",
				"occurred_on": found,
				"found_on": found,
				"reported_to_police_on": now_datetime(),
				"police_station": "东乡派出所",
				"description": DESCRIPTION,
			}
		).insert(ignore_permissions=True)
		self.docs = {
			"Child": self.child.name,
			"Guardian": self.guardian.name,
			"Home Visit": self.visit.name,
			"Incident Report": self.incident.name,
		}

	def tearDown(self):
		frappe.local.lang = "en"
		super().tearDown()

	def render(self, doctype, user, as_pdf=False):
		"""The form as the print view makes it for ``user``, in Chinese."""
		frappe.set_user(user)
		frappe.flags.lbc_scope_cache = None
		frappe.local.lang = "zh"
		try:
			return frappe.get_print(doctype, self.docs[doctype], print_format=FORMS[doctype], as_pdf=as_pdf)
		finally:
			frappe.set_user("Administrator")

	def assertShows(self, html, *texts):
		"""Each text is on the printed form (failure messages name the text, not the page)."""
		for text in texts:
			self.assertTrue(text in html, f"{text!r} is not on the form")

	def assertHides(self, html, *texts):
		for text in texts:
			self.assertFalse(text in html, f"{text!r} is on the form")

	def test_forms_are_standard_chinese_jinja_formats(self):
		for doctype, name in FORMS.items():
			pf = frappe.get_doc("Print Format", name)
			self.assertEqual(
				(pf.doc_type, pf.standard, pf.print_format_type, pf.custom_format, pf.default_print_language),
				(doctype, "Yes", "Jinja", 1, "zh"),
			)
			# the desk's print button opens the official form
			self.assertEqual(frappe.get_meta(doctype).default_print_format, name)

	def test_child_registration_form(self):
		html = self.render("Child", DIRECTOR)
		self.assertShows(
			html,
			"留守儿童“一人一档”登记表",
			"居民身份证号码",
			"张小明",
			"东乡镇中心小学",
			"测试市 测试区 东乡镇 东一村",
		)
		# values in Chinese: the gender, the parents' situation, the guardian's relation
		self.assertShows(html, "男", "外出务工（省外）", "祖母", "委托监护人")
		self.assertShows(html, self.child.id_number)
		self.assertShows(html, PHONE)
		self.assertShows(html, ADDRESS)
		self.assertHides(html, "Child Name")

	def test_guardianship_agreement(self):
		html = self.render("Guardian", DIRECTOR)
		self.assertShows(html, "委托监护责任书", "王秀英", "张小明", "本责任书一式三份", "2026-03-01")
		self.assertShows(html, ID_GUARDIAN)

	def test_home_visit_record(self):
		html = self.render("Home Visit", DIRECTOR)
		self.assertShows(
			html, "家访记录表", "张小明", "成绩中等，数学偏弱。", "每周两次辅导作业。", "家访人签字"
		)

	def test_mandatory_report_form(self):
		html = self.render("Incident Report", DIRECTOR)
		self.assertShows(html, "强制报告登记表", "独自居住", "东乡派出所", "未成年人保护法", DESCRIPTION)

	def test_sensitive_values_are_masked_for_a_user_who_may_not_read_them(self):
		masked_child_id = self.child.id_number[:4] + "*" * 10 + self.child.id_number[-4:]
		child = self.render("Child", CITY)
		self.assertShows(child, "张小明")
		self.assertShows(child, masked_child_id)
		self.assertShows(child, "138****5678")
		self.assertShows(child, "贵州省遵义市测试区东乡镇****")
		self.assertHides(child, self.child.id_number, PHONE, ADDRESS, ID_GUARDIAN)

		agreement = self.render("Guardian", CITY)
		self.assertShows(agreement, ID_GUARDIAN[:4] + "*" * 10 + ID_GUARDIAN[-4:])
		self.assertShows(agreement, masked_child_id)
		self.assertHides(agreement, ID_GUARDIAN, PHONE, ADDRESS, self.child.id_number)

		visit = self.render("Home Visit", CITY)
		self.assertShows(visit, "成绩中等，数学偏弱。")  # permlevel 0: shown
		self.assertHides(visit, PHONE, ADDRESS)

		report = self.render("Incident Report", CITY)
		self.assertShows(report, "（无权查看）")
		self.assertHides(report, DESCRIPTION, self.child.id_number, PHONE, ADDRESS)

	def test_a_user_outside_the_area_cannot_print(self):
		make_user("lbc-print-west@example.com", ["Village Child Director"], ["西一村"])
		for doctype in FORMS:
			with self.assertRaises(frappe.PermissionError):
				self.render(doctype, "lbc-print-west@example.com")

	@unittest.skipUnless(shutil.which("wkhtmltopdf"), "wkhtmltopdf is not installed: PDF not tested")
	def test_forms_print_as_pdf(self):
		from io import BytesIO

		from pypdf import PdfReader

		with _assets_server() as host:
			frappe.local.conf.host_name = host
			try:
				for doctype, name in FORMS.items():
					for user in (DIRECTOR, CITY):
						pdf = self.render(doctype, user, as_pdf=True)
						self.assertTrue(pdf.startswith(b"%PDF"), (doctype, user))
						# NFKC: the PDF's text layer spells some characters as Kangxi radicals (⼀ for 一)
						text = unicodedata.normalize(
							"NFKC", "".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
						)
						text = "".join(text.split())
						self.assertIn(name[:2], text, (doctype, user))
						self.assertIn("张小明", text, (doctype, user))
			finally:
				frappe.local.conf.pop("host_name", None)


class _assets_server:
	"""Serve the bench's ``sites/`` folder over HTTP, as a deployment's web server serves
	``/assets``, so that wkhtmltopdf can fetch the print stylesheet of the page it renders."""

	def __enter__(self) -> str:
		handler = functools.partial(
			_QuietHandler, directory=os.path.abspath(frappe.utils.get_bench_path() + "/sites")
		)
		self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
		threading.Thread(target=self.server.serve_forever, daemon=True).start()
		return f"http://127.0.0.1:{self.server.server_address[1]}"

	def __exit__(self, *exc):
		self.server.shutdown()
		self.server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
	def log_message(self, *args):
		pass
