# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt
"""The demo's people and records: mentors who are desk users, their contacts, incidents.

(``TestDemoSite`` runs ``build_demo`` as a whole, as ``bench lbc-demo`` does, and logs in
as the users it prints.)
"""

from __future__ import annotations

import json
from unittest.mock import patch

import frappe
from frappe.utils import get_datetime, getdate, nowdate

from left_behind_care import demo
from left_behind_care.testing import LBCTestCase, make_child


def purge() -> None:
	"""Remove what these tests made that outlived their rollback (seen: the children stayed
	after a rolled-back run, although frappe.db.commit is patched out; something on the
	way commits): the children 演示…, their records and the demo mentors' users."""
	frappe.db.rollback()
	children = frappe.get_all("Child", filters={"child_name": ["like", "演示%"]}, pluck="name")
	for doctype in ("Home Visit", "Incident Report", "Mentor Assignment", "Child Status Log"):
		frappe.db.delete(doctype, {"child": ["in", children or [""]]})
	for name in children:
		frappe.db.delete("Child Parent", {"parent": name})
		frappe.db.delete("Child", name)
	for user in frappe.get_all("User", filters={"name": ["like", "%.1234@example.invalid"]}, pluck="name"):
		frappe.delete_doc("User", user, force=True, ignore_permissions=True)
	frappe.db.commit()


class TestDemo(LBCTestCase):
	def tearDown(self):
		super().tearDown()
		purge()

	def setUp(self):
		super().setUp()
		purge()
		self.children = [make_child(village="东一村", child_name=f"演示{i}").name for i in range(2)]
		for child in self.children:
			frappe.get_doc(
				{
					"doctype": "Mentor Assignment",
					"child": child,
					"mentor_type": "Mentor Teacher",
					"mentor_name": "吕兰英老师",  # 吕 reads lü: pinyin with more than one reading
					"mentor_phone": "13900001234",
					"from_date": "2026-01-01",
				}
			).insert(ignore_permissions=True)

	def test_mentors_become_users_and_log_the_contacts_in_chinese(self):
		factory = demo.PersonFactory(7)
		today = getdate(nowdate())
		with patch.object(frappe.db, "commit"):
			mentors = demo.make_mentor_users(self.children, factory)
			visits = demo.make_visits(self.children, factory, 3, today)
			incidents = demo.make_incidents(self.children, factory, 1.0, today)
		# one teacher, one desk user, on both pairings, in Chinese, as a School Mentor
		self.assertEqual(len(set(mentors.values())), 1)
		user = next(iter(mentors.values()))
		self.assertEqual(frappe.db.get_value("User", user, "language"), "zh")
		self.assertIn("School Mentor", frappe.get_roles(user))
		self.assertEqual(demo.make_mentor_users(self.children, factory), mentors)  # idempotent
		rows = frappe.get_all(
			"Home Visit",
			filters={"child": ["in", self.children]},
			fields=["visitor", "visit_datetime", "findings_study", "visit_type"],
		)
		self.assertEqual(len(rows), visits)
		self.assertEqual(visits, 6)
		for row in rows:
			self.assertEqual(row.visitor, user)  # the contacts count for the mentor's duties
			self.assertLessEqual((get_datetime(today) - get_datetime(row.visit_datetime)).days, 28)
			self.assertIn(row.findings_study, demo.FINDINGS["findings_study"])
		reports = frappe.get_all(
			"Incident Report",
			filters={"child": ["in", self.children]},
			fields=["incident_type", "description"],
		)
		self.assertEqual(len(reports), incidents)
		for report in reports:
			self.assertEqual(report.description, demo.INCIDENT_DESCRIPTIONS[report.incident_type])

	def test_a_ledger_goes_in_as_the_desk_attaches_it(self):
		"""demo.import_ledger uploads the file, saves the import with its URL and runs it."""
		from left_behind_care.left_behind_care.doctype.lbc_ledger_import.test_lbc_ledger_import import (
			build_workbook,
			ledger_row,
			make_ledger_areas,
		)

		areas = make_ledger_areas()
		with patch.object(frappe.db, "commit"):
			name, result = demo.import_ledger(
				build_workbook([ledger_row(child_name="演示台账")]), "demo-test.xlsx", area=areas["青山村"]
			)
		self.assertEqual((result["status"], result["Created"]), ("Success", 1), result)
		self.assertEqual(
			frappe.db.get_value(
				"File", {"attached_to_doctype": "LBC Ledger Import", "attached_to_name": name}, "file_name"
			),
			"demo-test.xlsx",
		)

	def test_diligent_mentors_keep_every_duty_the_rules_ask(self):
		"""keep_duties logs, by the rules' own evaluation, what the duties owe: afterwards no
		duty of the child is overdue, and the contacts are the mentor's."""
		from left_behind_care import care

		factory = demo.PersonFactory(11)
		today = getdate(nowdate())
		with patch.object(frappe.db, "commit"):
			demo.make_mentor_users(self.children, factory)
			logged = demo.keep_duties(self.children, factory, today, share=1.0)
		self.assertGreater(logged, 0)
		for child_care in care.evaluate(self.children, today):
			self.assertTrue(
				child_care.obligations, "the demo child owes no duty: the check would prove little"
			)
			self.assertEqual([o.duty.name for o in child_care.obligations if o.status.overdue], [])
		mentor = frappe.db.get_value("Mentor Assignment", {"child": self.children[0]}, "mentor")
		visitors = set(
			frappe.get_all("Home Visit", filters={"child": ["in", self.children]}, pluck="visitor")
		)
		self.assertIn(mentor, visitors)


class TestDemoSite(LBCTestCase):
	"""``build_demo`` as ``bench lbc-demo`` runs it, on this fresh site (no setup wizard),
	then a login over HTTP as each user it printed. It commits its invented city, as the
	command does; the city's names (云溪市（虚构）…) meet no other test's."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		cls.password = frappe.generate_hash(length=12)
		cls.summary = demo.build_demo(
			children=100, visits_per_child=2, echo=lambda _line: None, password=cls.password, setup=False
		)

	@classmethod
	def tearDownClass(cls):
		"""``lbc-demo --remove``: the invented city goes, with everything in it and its
		logins, so that the tests after this one (the ledger import's, whose sample areas
		the demo shares by name) find the site as it was."""
		frappe.set_user("Administrator")
		city = frappe.db.get_value(
			"Administrative Area", {"area_name": demo.CITY}, ["lft", "rgt"], as_dict=True
		)
		areas = frappe.get_all(
			"Administrative Area", filters={"lft": [">=", city.lft], "rgt": ["<=", city.rgt]}, pluck="name"
		)
		removed = demo.remove_demo(echo=lambda _line: None)
		left = {
			"areas": frappe.db.count("Administrative Area", {"name": ["in", areas]}),
			"children": frappe.db.count("Child", {"village": ["in", areas]}),
			"logins": frappe.db.count("User", {"name": ["in", [row[0] for row in demo.LOGINS]]}),
			"imports": frappe.db.count("LBC Ledger Import", {"area": ["in", areas]}),
			"visits": frappe.db.count("Home Visit", {"village": ["in", areas]})
			if frappe.db.has_column("Home Visit", "village")
			else 0,
		}
		super().tearDownClass()
		if any(left.values()) or not removed.get("Child"):
			raise AssertionError(f"lbc-demo --remove left {left} (removed {removed})")

	def login(self, user: str, password: str) -> tuple[int, str, str]:
		"""POST /api/method/login, then the user's own view of the Child count."""
		import threading

		from frappe.utils import get_test_client

		site, box = frappe.local.site, {}

		def run():
			with patch("frappe.app.get_site_name", return_value=site):
				client = get_test_client()
				response = client.post("/api/method/login", data={"usr": user, "pwd": password})
				box["login"] = response.status_code
				count = client.get("/api/method/frappe.client.get_count?doctype=Child")
				box["count"] = count.get_data(as_text=True)
				box["me"] = client.get("/api/method/frappe.auth.get_logged_user").get_data(as_text=True)

		thread = threading.Thread(target=run)
		thread.start()
		thread.join()
		return box["login"], box["count"], box["me"]

	def test_every_printed_login_works_and_sees_its_area(self):
		roles = {role for _user, role, _area in self.summary.logins}
		self.assertEqual(
			roles,
			{
				"Village Child Director",
				"Township Officer",
				"County Officer",
				"City Officer",
				"Police Liaison",
				"Left Behind Care Manager",
				"School Mentor",
			},
		)
		self.assertEqual(self.summary.password, self.password)
		counts = {}
		for user, role, _area in self.summary.logins:
			# made as the desk makes a user: enabled, with the desk's defaults
			enabled, search_bar, notifications = frappe.db.get_value(
				"User", user, ["enabled", "search_bar", "notifications"]
			)
			self.assertEqual((enabled, search_bar, notifications), (1, 1, 1), user)
			status, count, me = self.login(user, self.password)
			self.assertEqual(status, 200, f"{user} cannot log in")
			self.assertIn(user, me)
			counts[role] = json.loads(count)["message"]
			self.assertGreater(counts[role], 0, f"{role} {user} sees no child")
		# the village sees its own village, the city everything the county sees and more
		self.assertLess(counts["Village Child Director"], counts["County Officer"])
		self.assertLessEqual(counts["County Officer"], counts["City Officer"])
		self.assertEqual(self.login(self.summary.logins[0][0], "admin")[0], 401)  # never a fixed default

	def test_the_demo_runs_the_round_and_the_jobs(self):
		self.assertEqual(self.summary.submissions.get("青山村"), "Accepted")
		self.assertEqual(self.summary.submissions.get("石桥村"), "Submitted")
		mentor = self.summary.logins[-1][0]
		self.assertTrue(
			frappe.db.count("ToDo", {"allocated_to": mentor, "status": "Open"}), "no ToDo from the duty job"
		)
		village = frappe.db.get_value("Administrative Area", {"area_name": "青山村"}, "name")
		self.assertTrue(
			frappe.db.exists(
				"Incident Report",
				{"village": village, "is_mandatory": 1, "reported_to_police_on": ("is", "not set")},
			)
		)

	def test_the_setup_wizard_is_completed_with_the_demos_answers(self):
		"""On a brand-new site Frappe sends every desk user to its setup wizard: the demo runs
		it (Frappe's own code) with 中文, China and Asia/Shanghai, unless it is done already
		or another app asks questions of its own there. (The suite's site keeps its
		language, so Frappe's function is observed, not run.)"""
		calls = []
		with (
			patch("frappe.desk.page.setup_wizard.setup_wizard.setup_complete", calls.append),
			patch.object(frappe.db, "commit"),
		):
			done = frappe.db.get_single_value("System Settings", "setup_complete")
			frappe.db.set_single_value("System Settings", "setup_complete", 0)
			try:
				self.assertTrue(demo.complete_setup(echo=lambda _line: None))
				with patch(
					"frappe.get_hooks",
					lambda hook=None, *a, **k: ["erpnext.setup"] if hook == "setup_wizard_stages" else [],
				):
					self.assertFalse(demo.complete_setup(echo=lambda _line: None))
				frappe.db.set_single_value("System Settings", "setup_complete", 1)
				self.assertFalse(demo.complete_setup(echo=lambda _line: None))
			finally:
				frappe.db.set_single_value("System Settings", "setup_complete", done)
		self.assertEqual(len(calls), 1)
		self.assertEqual(
			{key: calls[0][key] for key in ("country", "timezone", "currency")},
			{"country": "China", "timezone": "Asia/Shanghai", "currency": "CNY"},
		)
		self.assertEqual(calls[0]["language"], frappe.db.get_value("Language", "zh", "language_name"))
