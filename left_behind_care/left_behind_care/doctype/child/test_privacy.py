# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt
"""Privacy (plan 4 §四5): a restricted role sees identity numbers, phones and addresses
masked in forms, lists, report views, exports and prints, and not in the Version
timeline; identifiable exports need the guardian's consent."""

import json

import frappe
from frappe.utils import add_days, nowdate

from left_behind_care import privacy
from left_behind_care.overrides import exports, form
from left_behind_care.testing import LBCTestCase, make_child, make_guardian, make_user

CITY = "lbc-care-privacy-city@example.com"  # City Officer: level 0 only
COUNTY = "lbc-care-privacy-county@example.com"  # County Officer: reads level 1
ADDRESS = "贵州省遵义市测试区东乡镇东一村3组12号"
PHONE = "13812345678"


class TestPrivacy(LBCTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_user(CITY, ["City Officer"], ["测试市"])
		make_user(COUNTY, ["County Officer"], ["测试区"])
		frappe.db.commit()

	def setUp(self):
		super().setUp()
		self.child = make_child(
			village="东一村",
			child_name="隐私测试",
			address=ADDRESS,
			parents=[
				{
					"relation": "Father",
					"status": "Away for Work (Out of Province)",
					"away_since": "2025-01-01",
					"phone": PHONE,
				},
				{
					"relation": "Mother",
					"status": "Away for Work (Out of Province)",
					"away_since": "2025-01-01",
				},
			],
		)
		self.id_number = self.child.id_number

	def as_user(self, user):
		frappe.set_user(user)
		frappe.flags.lbc_scope_cache = None
		frappe.local.response = frappe._dict(docs=[])

	def give_consent(self, child=None):
		doc = frappe.get_doc("Child", (child or self.child).name)
		doc.update(
			{
				"consent_given": 1,
				"consent_given_by": "Guardian",
				"consent_date": nowdate(),
				"consent_attachment": "/private/files/consent.pdf",
			}
		)
		doc.save(ignore_permissions=True, ignore_version=False)

	def export_csv(self, fields, filters=None):
		frappe.local.form_dict = frappe._dict(
			doctype="Child",
			fields=json.dumps(fields),
			filters=json.dumps(filters or {"name": self.child.name}),
			file_format_type="CSV",
			title="Child",
		)
		exports.export_query()
		return frappe.response["filecontent"].decode("utf-8")

	def test_masked_copies_are_kept_on_save(self):
		self.assertEqual(self.child.id_number_masked, self.id_number[:4] + "*" * 10 + self.id_number[-4:])
		self.assertEqual(self.child.address_masked, "贵州省遵义市测试区东乡镇****")
		self.assertEqual(self.child.parents[0].phone_masked, "138****5678")
		guardian = make_guardian(village="东一村", phone="0851-86812345", address=ADDRESS)
		self.assertEqual(
			(guardian.phone_masked, guardian.address_masked),
			("0851-****2345", "贵州省遵义市测试区东乡镇****"),
		)
		# a client cannot write a masked copy
		doc = frappe.get_doc("Child", self.child.name)
		doc.id_number_masked = "forged"
		doc.save(ignore_permissions=True)
		self.assertNotEqual(doc.id_number_masked, "forged")

	def test_form_shows_the_restricted_role_masked_values_only(self):
		self.as_user(CITY)
		form.getdoc("Child", self.child.name)
		doc = frappe.response.docs[0]
		self.assertIsNone(doc.get("id_number"))
		self.assertIsNone(doc.get("address"))
		self.assertEqual(doc.id_number_masked, self.child.id_number_masked)
		self.assertEqual(doc.parents[0].phone_masked, "138****5678")
		self.assertIsNone(doc.parents[0].get("phone"))
		self.as_user(COUNTY)
		form.getdoc("Child", self.child.name)
		self.assertEqual(frappe.response.docs[0].id_number, self.id_number)

	def test_lists_and_report_view(self):
		self.as_user(CITY)
		rows = frappe.get_list(
			"Child",
			filters={"name": self.child.name},
			fields=["name", "id_number", "id_number_masked", "address"],
		)
		self.assertEqual(rows, [{"name": self.child.name, "id_number_masked": self.child.id_number_masked}])
		# consecutive restricted fields (Frappe before frappe/frappe#32192 skipped the second)
		rows = frappe.get_list(
			"Child",
			filters={"name": self.child.name},
			fields=["name", "id_number", "address", "health_notes"],
		)
		self.assertEqual(list(rows[0]), ["name"])
		from frappe.desk.reportview import execute

		rows = execute(
			"Child",
			fields=["`tabChild`.`name`", "`tabChild Parent`.`phone`", "`tabChild Parent`.`phone_masked`"],
			filters={"name": self.child.name},
			as_list=True,
		)
		self.assertNotIn(PHONE, json.dumps(rows, default=str))
		self.assertIn("138****5678", json.dumps(rows, default=str))

	def test_report_rows_masked_by_the_helper(self):
		rows = [
			{"name": self.child.name, "id_number": self.id_number, "address": ADDRESS, "health_notes": "哮喘"}
		]
		self.as_user(CITY)
		privacy.mask_rows("Child", rows)
		self.assertEqual(rows[0]["id_number"], self.child.id_number_masked)
		self.assertEqual(rows[0]["address"], "贵州省遵义市测试区东乡镇****")
		self.assertIsNone(rows[0]["health_notes"])
		parent_rows = privacy.mask_rows("Child Parent", [{"phone": PHONE}], parenttype="Child")
		self.assertEqual(parent_rows[0]["phone"], "138****5678")

	def test_print_shows_the_masked_values(self):
		self.as_user(CITY)
		html = frappe.get_print("Child", self.child.name, print_format="Standard", doc=None)
		self.assertNotIn(self.id_number, html)
		self.assertNotIn(ADDRESS, html)
		self.assertIn(self.child.id_number_masked, html)
		self.as_user(COUNTY)
		html = frappe.get_print("Child", self.child.name, print_format="Standard")
		self.assertIn(self.id_number, html)

	def test_report_view_export(self):
		self.as_user(CITY)
		csv = self.export_csv(
			["`tabChild`.`name`", "`tabChild`.`id_number`", "`tabChild`.`id_number_masked`"]
		)
		self.assertNotIn(self.id_number, csv)
		self.assertIn(self.child.id_number_masked, csv)
		# a county officer may read identity numbers, but not send them out without consent
		self.as_user(COUNTY)
		with self.assertRaises(privacy.ConsentRequiredError):
			self.export_csv(["`tabChild`.`name`", "`tabChild`.`id_number`"])
		# masked columns need no consent
		csv = self.export_csv(["`tabChild`.`name`", "`tabChild`.`id_number_masked`"])
		self.assertIn(self.child.id_number_masked, csv)
		self.give_consent()
		self.as_user(COUNTY)
		self.assertIn(self.id_number, self.export_csv(["`tabChild`.`name`", "`tabChild`.`id_number`"]))

	def test_data_import_and_data_export_downloads(self):
		self.as_user(CITY)
		exports.download_template(
			"Child",
			export_fields=json.dumps(
				{"Child": ["name", "id_number", "id_number_masked"], "parents": ["phone", "phone_masked"]}
			),
			export_records="by_filter",
			export_filters=json.dumps({"name": self.child.name}),
		)
		content = frappe.response["result"]
		self.assertNotIn(self.id_number, content)
		self.assertNotIn(PHONE, content)
		self.assertIn("138****5678", content)
		self.as_user(CITY)
		exports.export_data(
			doctype="Child", all_doctypes=1, with_data=1, filters=json.dumps({"name": self.child.name})
		)
		content = frappe.response["result"]
		self.assertIn(self.child.id_number_masked, content)
		self.assertNotIn(self.id_number, content)
		self.assertNotIn(PHONE, content)
		self.as_user(COUNTY)
		with self.assertRaises(privacy.ConsentRequiredError):
			exports.export_data(
				doctype="Child", all_doctypes=1, with_data=1, filters=json.dumps({"name": self.child.name})
			)

	def test_version_timeline_hides_restricted_changes(self):
		doc = frappe.get_doc("Child", self.child.name)
		doc.address = "贵州省遵义市测试区东乡镇东一村5组1号"
		doc.parents[0].phone = "13987654321"
		doc.school = "东乡中心小学"
		doc.save(ignore_permissions=True, ignore_version=False)
		self.as_user(CITY)
		form.getdoc("Child", self.child.name)
		timeline = " ".join(
			json.dumps(json.loads(v["data"]), ensure_ascii=False) for v in frappe.response.docinfo.versions
		)
		self.assertIn("东乡中心小学", timeline)
		self.assertNotIn("5组1号", timeline)
		self.assertNotIn("13987654321", timeline)
		self.as_user(COUNTY)
		form.get_docinfo(doctype="Child", name=self.child.name)
		timeline = " ".join(
			json.dumps(json.loads(v["data"]), ensure_ascii=False) for v in frappe.response.docinfo.versions
		)
		self.assertIn("5组1号", timeline)

	def test_consent_is_recorded_with_date_and_form_and_checked(self):
		self.assertFalse(privacy.can_export_identifiable(self.child.name))
		doc = frappe.get_doc("Child", self.child.name)
		# the child is 9: only a guardian or parent can consent
		doc.update(
			{"consent_given": 1, "consent_given_by": "Child (aged 14 or over)", "consent_date": nowdate()}
		)
		with self.assertRaises(privacy.ConsentError):
			doc.save(ignore_permissions=True)
		doc = frappe.get_doc("Child", self.child.name)
		doc.update(
			{"consent_given": 1, "consent_given_by": "Guardian", "consent_date": add_days(nowdate(), 1)}
		)
		with self.assertRaises(privacy.ConsentError):
			doc.save(ignore_permissions=True)
		self.give_consent()
		self.assertTrue(privacy.can_export_identifiable(self.child.name))
		other = make_child(village="东一村", child_name="未同意")
		self.assertEqual(privacy.children_lacking_consent([self.child.name, other.name]), [other.name])
		self.assertFalse(privacy.can_export_identifiable({"name": ("in", [self.child.name, other.name])}))
		self.assertTrue(frappe.db.exists("Version", {"ref_doctype": "Child", "docname": self.child.name}))
