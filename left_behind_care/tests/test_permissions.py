# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt
"""Who sees which child: village, township, county officers, a mentor, unscoped users."""

import frappe
from frappe.utils import now

from left_behind_care.permissions import get_scope
from left_behind_care.testing import LBCTestCase, call_api, make_child, make_user

VILLAGE = "lbc-perm-village@example.com"
TOWNSHIP = "lbc-perm-township@example.com"
COUNTY = "lbc-perm-county@example.com"
MENTOR = "lbc-perm-mentor@example.com"
UNSCOPED = "lbc-perm-unscoped@example.com"
MANAGER = "lbc-perm-manager@example.com"


class TestPermissions(LBCTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_user(VILLAGE, ["Village Child Director"], ["东一村"])
		make_user(TOWNSHIP, ["Township Officer"], ["东乡镇"])
		make_user(COUNTY, ["County Officer"], ["测试区"])
		make_user(MENTOR, ["School Mentor"])
		make_user(UNSCOPED, ["Village Child Director"])
		make_user(MANAGER, ["Left Behind Care Manager"])
		frappe.db.commit()

	def setUp(self):
		super().setUp()
		self.children = {
			village: make_child(village=village, child_name=f"{village}儿童")
			for village in ("东一村", "东二村", "西一村", "西二村")
		}
		# a record whose area is empty (e.g. written by an old import): only unrestricted users see it
		orphan = make_child(village="西二村", child_name="无村儿童")
		frappe.db.set_value("Child", orphan.name, "village", None)
		self.orphan = orphan.name
		frappe.get_doc(
			{
				"doctype": "Mentor Assignment",
				"child": self.children["西一村"].name,
				"mentor": MENTOR,
				"mentor_type": "Mentor Teacher",
				"from_date": "2026-01-01",
			}
		).insert(ignore_permissions=True)
		for child in self.children.values():
			frappe.get_doc(
				{
					"doctype": "Home Visit",
					"child": child.name,
					"visit_type": "Home Visit",
					"visit_datetime": now(),
				}
			).insert(ignore_permissions=True)

	def visible(self, user, doctype="Child", field="child_name"):
		frappe.set_user(user)
		frappe.flags.lbc_scope_cache = None
		try:
			return sorted(frappe.get_list(doctype, pluck=field, limit_page_length=0))
		finally:
			frappe.set_user("Administrator")

	def names(self, *villages, doctype="Child", field="child_name"):
		"""What the given villages hold, read unrestricted (other tests may have left records)."""
		areas = [frappe.db.get_value("Administrative Area", {"area_name": v}) for v in villages]
		return sorted(frappe.get_all(doctype, filters={"village": ("in", areas)}, pluck=field))

	def test_village_officer_sees_only_their_village(self):
		self.assertEqual(self.visible(VILLAGE), self.names("东一村"))
		frappe.set_user(VILLAGE)
		# the whitelisted method as REST calls it (/api/method/frappe.client.get_count)
		self.assertEqual(call_api("frappe.client.get_count", doctype="Child"), len(self.names("东一村")))
		self.assertEqual(
			call_api(
				"frappe.client.get_count",
				doctype="Child",
				filters={"village": self.children["西一村"].village},
			),
			0,
		)
		other = self.children["西一村"].name
		self.assertFalse(frappe.has_permission("Child", "read", other))
		with self.assertRaises(frappe.PermissionError):
			frappe.client.get("Child", other)
		# get_value reads through get_list: another village's child simply is not there
		self.assertFalse(
			call_api(
				"frappe.client.get_value", doctype="Child", fieldname="child_name", filters={"name": other}
			)
		)
		own = self.children["东一村"].name
		self.assertEqual(frappe.client.get("Child", own)["name"], own)

	def test_township_sees_villages_below_and_none_beside(self):
		self.assertEqual(self.visible(TOWNSHIP), self.names("东一村", "东二村"))
		frappe.set_user(TOWNSHIP)
		self.assertFalse(frappe.has_permission("Child", "read", self.children["西二村"].name))

	def test_county_sees_every_village_but_not_empty_area(self):
		self.assertEqual(self.visible(COUNTY), self.names("东一村", "东二村", "西一村", "西二村"))
		frappe.set_user(COUNTY)
		self.assertFalse(frappe.has_permission("Child", "read", self.orphan))

	def test_mentor_sees_only_paired_children_and_their_visits(self):
		paired = self.children["西一村"]
		self.assertEqual(self.visible(MENTOR, field="name"), [paired.name])
		self.assertEqual(
			self.visible(MENTOR, "Home Visit", "child"),
			sorted(frappe.get_all("Home Visit", filters={"child": paired.name}, pluck="child")),
		)
		frappe.set_user(MENTOR)
		self.assertFalse(frappe.has_permission("Child", "read", self.children["东一村"].name))

	def test_unscoped_officer_sees_nothing_manager_sees_all(self):
		self.assertEqual(self.visible(UNSCOPED), [])
		self.assertIn("无村儿童", self.visible(MANAGER))
		self.assertTrue(get_scope("Administrator").unrestricted)

	def test_linked_records_follow_the_child_scope(self):
		self.assertEqual(
			self.visible(VILLAGE, "Home Visit", "name"),
			self.names("东一村", doctype="Home Visit", field="name"),
		)
		self.assertEqual(
			self.visible(TOWNSHIP, "Home Visit", "name"),
			self.names("东一村", "东二村", doctype="Home Visit", field="name"),
		)

	def test_typed_in_link_to_another_village_child_is_refused(self):
		frappe.set_user(VILLAGE)
		visit = frappe.get_doc(
			{
				"doctype": "Home Visit",
				"child": self.children["西一村"].name,
				"visit_type": "Home Visit",
				"visit_datetime": now(),
			}
		)
		with self.assertRaises(frappe.PermissionError):
			visit.insert()
		own = frappe.get_doc(
			{
				"doctype": "Home Visit",
				"child": self.children["东一村"].name,
				"visit_type": "Phone Call",
				"visit_datetime": now(),
			}
		).insert()
		self.assertEqual(own.village, self.children["东一村"].village)

	def test_link_search_and_report_view_are_scoped(self):
		from frappe.desk.reportview import get as reportview_get
		from frappe.desk.search import search_link

		frappe.set_user(VILLAGE)
		results = search_link("Child", "", page_length=100)
		self.assertEqual(sorted(r["value"] for r in results), self.names("东一村", field="name"))
		frappe.local.form_dict = frappe._dict(
			doctype="Child", fields=["`tabChild`.`name`"], filters=[], order_by="`tabChild`.`name` asc"
		)
		data = reportview_get()
		self.assertEqual([row[0] for row in data["values"]], self.names("东一村", field="name"))

	def test_link_title_of_another_village_child_is_not_revealed(self):
		frappe.set_user(VILLAGE)
		other = self.children["西一村"]
		self.assertEqual(
			call_api("frappe.desk.search.get_link_title", doctype="Child", docname=other.name), other.name
		)
		own = self.children["东一村"]
		self.assertEqual(
			call_api("frappe.desk.search.get_link_title", doctype="Child", docname=own.name), own.child_name
		)
		self.assertEqual(
			call_api("frappe.desk.search.get_link_title", doctype="Child", docname="LBC-CH-NOPE"),
			"LBC-CH-NOPE",
		)

	def test_village_officer_cannot_register_a_child_elsewhere(self):
		frappe.set_user(VILLAGE)
		with self.assertRaises(frappe.PermissionError):
			make_child(village="西一村", as_user=True)
		child = make_child(village="东一村", as_user=True, child_name="新登记")
		self.assertEqual(child.is_left_behind, 1)

	def test_township_campaign_is_read_by_its_villages_not_beside(self):
		campaign = frappe.get_doc(
			{
				"doctype": "Holiday Safety Screening",
				"title": "寒假安全排查",
				"holiday": "Winter Holiday",
				"administrative_area": frappe.db.get_value("Administrative Area", {"area_name": "东乡镇"}),
				"starts_on": "2027-01-10",
				"due_by": "2027-01-20",
			}
		).insert(ignore_permissions=True)
		frappe.set_user(VILLAGE)  # 东一村, under 东乡镇
		self.assertIn(campaign.name, frappe.get_list("Holiday Safety Screening", pluck="name"))
		self.assertTrue(frappe.has_permission("Holiday Safety Screening", "read", campaign.name))
		self.assertFalse(frappe.has_permission("Holiday Safety Screening", "write", campaign.name))
		frappe.set_user("Administrator")
		make_user("lbc-perm-xi@example.com", ["Village Child Director"], ["西一村"])
		frappe.set_user("lbc-perm-xi@example.com")
		self.assertNotIn(campaign.name, frappe.get_list("Holiday Safety Screening", pluck="name"))
		self.assertFalse(frappe.has_permission("Holiday Safety Screening", "read", campaign.name))

	def test_a_prepared_report_is_read_by_its_owner_not_by_another_officer(self):
		"""With Village Ledger switched to a prepared report, each officer reads the result
		they generated (their own scope); the county's result is refused to the village
		officer by name, by owner and as its attached file."""
		from unittest.mock import patch

		from frappe.core.doctype.prepared_report.prepared_report import generate_report, make_prepared_report
		from frappe.desk.query_report import run

		report = "Village Ledger"
		frappe.db.set_value("Report", report, "prepared_report", 1)
		filters = {"area": self.children["东一村"].village}
		county_filters = {}
		results = {}
		for user, user_filters in ((VILLAGE, filters), (COUNTY, county_filters)):
			frappe.set_user(user)
			frappe.flags.lbc_scope_cache = None
			with patch("frappe.core.doctype.prepared_report.prepared_report.enqueue"):
				name = make_prepared_report(report, user_filters)["name"]
			with patch.object(frappe.db, "commit"):  # the job commits; the test rolls back
				generate_report(name)
			self.assertEqual(frappe.db.get_value("Prepared Report", name, "status"), "Completed")
			results[user] = name
		# the village officer reads their own result: their village only
		frappe.set_user(VILLAGE)
		frappe.flags.lbc_scope_cache = None
		own = run(report, filters=dict(filters))
		names = {row.get("child_name") for row in own["result"] if isinstance(row, dict)}
		self.assertIn("东一村儿童", names)
		self.assertNotIn("东二村儿童", names)
		# ... and never the county's, however it is asked for (Frappe shows the refusal as
		# "Prepared report render failed: …" and returns no result)
		for asked in (
			lambda: run(report, filters={"prepared_report_name": results[COUNTY]}),
			lambda: run(report, filters=dict(county_filters), user=COUNTY),
		):
			frappe.local.message_log = []
			refused = asked()
			self.assertFalse(refused.get("result"))
			self.assertIsNone(refused["doc"])
			self.assertIn("generated by another user", str(frappe.local.message_log))
		county_doc = frappe.get_doc("Prepared Report", results[COUNTY])
		self.assertFalse(frappe.has_permission("Prepared Report", "read", doc=county_doc, user=VILLAGE))
		for file_name in frappe.get_all(
			"File",
			filters={"attached_to_doctype": "Prepared Report", "attached_to_name": results[COUNTY]},
			pluck="name",
		):
			self.assertFalse(frappe.has_permission("File", "read", doc=file_name, user=VILLAGE))
		# the county officer still reads theirs
		frappe.set_user(COUNTY)
		frappe.flags.lbc_scope_cache = None
		county = run(report, filters={"prepared_report_name": results[COUNTY]})
		self.assertIn(
			"东二村儿童", {row.get("child_name") for row in county["result"] if isinstance(row, dict)}
		)

	def test_another_officers_uploads_are_not_listed(self):
		"""Frappe lists every file attached to a DocType the user may read; the files on the
		app's records (ledgers, consent forms) are listed to their uploader only."""
		frappe.set_user(TOWNSHIP)
		mine = (
			frappe.get_doc(
				{
					"doctype": "File",
					"file_name": "东乡镇台账.xlsx",
					"content": b"ledger",
					"is_private": 1,
					"attached_to_doctype": "Child",
					"attached_to_name": self.children["东一村"].name,
				}
			)
			.insert(ignore_permissions=True)
			.name
		)
		frappe.set_user(VILLAGE)
		frappe.flags.lbc_scope_cache = None
		listed = frappe.get_list("File", filters={"attached_to_doctype": "Child"}, pluck="name")
		self.assertNotIn(mine, listed)
		# the file is still there for whoever may read the child it is attached to
		self.assertTrue(frappe.has_permission("File", "read", doc=mine))
		frappe.set_user(TOWNSHIP)
		frappe.flags.lbc_scope_cache = None
		self.assertIn(mine, frappe.get_list("File", filters={"attached_to_doctype": "Child"}, pluck="name"))

	def test_an_officer_of_one_area_has_it_as_default(self):
		"""New forms start with the officer's village (Frappe fills a Link from the default
		User Permission); an officer of several areas has none (the area is chosen)."""
		one = make_user("lbc-perm-default@example.com", ["Village Child Director"], ["东一村"])
		two = make_user("lbc-perm-default-2@example.com", ["Village Child Director"], ["东一村", "东二村"])

		def defaults(user):
			return frappe.get_all(
				"User Permission",
				filters={"user": user, "allow": "Administrative Area"},
				fields=["for_value", "is_default"],
				order_by="creation asc",
			)

		self.assertEqual([d.is_default for d in defaults(one)], [1])
		self.assertEqual([d.is_default for d in defaults(two)], [0, 0])
		frappe.set_user(one)
		frappe.flags.lbc_scope_cache = None
		self.assertEqual(frappe.new_doc("Child").village, defaults(one)[0].for_value)

	def test_a_file_record_cannot_be_pointed_at_a_file_the_user_may_not_read(self):
		"""Frappe serves a private file to whoever owns one of its File records: a File made
		with another file's URL (directly, or by an Attach field Frappe copies on save)
		would hand over another area's ledger."""
		frappe.set_user(TOWNSHIP)
		secret = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": "dong-er-ledger.xlsx",
				"content": b"names and identity numbers",
				"is_private": 1,
				"attached_to_doctype": "Child",
				"attached_to_name": self.children["东二村"].name,
			}
		).insert(ignore_permissions=True)
		frappe.set_user(VILLAGE)
		frappe.flags.lbc_scope_cache = None
		self.assertFalse(frappe.has_permission("File", "read", doc=secret.name))
		with self.assertRaises(frappe.PermissionError):  # as REST inserts it: refused
			frappe.get_doc({"doctype": "File", "file_url": secret.file_url, "is_private": 1}).insert()
		# made past the permission check (as Frappe's own code may), it still gives nothing
		claim = frappe.get_doc({"doctype": "File", "file_url": secret.file_url, "is_private": 1}).insert(
			ignore_permissions=True
		)
		self.assertFalse(frappe.has_permission("File", "read", doc=claim.name))
		from left_behind_care.left_behind_care.doctype.lbc_ledger_import.importer import check_file_access

		with self.assertRaises(frappe.PermissionError):
			check_file_access(secret.file_url)
		own = frappe.get_doc("Child", self.children["东一村"].name)
		own.consent_attachment = secret.file_url
		with self.assertRaises(frappe.PermissionError):
			own.save(ignore_permissions=True)
		# nor through an Attach field of a DocType of Frappe's own (the user's picture)
		me = frappe.get_doc("User", VILLAGE)
		me.user_image = secret.file_url
		with self.assertRaises(frappe.PermissionError):
			me.save(ignore_permissions=True)
		# the original and the claim made past the permission check above, no copy
		self.assertEqual(frappe.db.count("File", {"file_url": secret.file_url}), 2)

	def test_file_counts_follow_the_file_list(self):
		"""frappe.client.get_count counted every File (and could spell out a file's address
		one character at a time); it counts what the user may list."""
		from left_behind_care.overrides.client import get_count

		frappe.set_user(TOWNSHIP)
		frappe.get_doc(
			{
				"doctype": "File",
				"file_name": "count-ledger.xlsx",
				"content": b"ledger to count",
				"is_private": 1,
				"attached_to_doctype": "Child",
				"attached_to_name": self.children["东二村"].name,
			}
		).insert(ignore_permissions=True)
		filters = {"file_url": ["like", "/private/files/count-ledger%"]}
		self.assertEqual(get_count("File", filters), 1)
		frappe.set_user(VILLAGE)
		frappe.flags.lbc_scope_cache = None
		self.assertEqual(get_count("File", filters), 0)
