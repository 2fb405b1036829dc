# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt

import frappe

from left_behind_care.install import (
	DocTypeNameClashError,
	after_migrate,
	app_doctype_names,
	before_install,
	find_doctype_clashes,
)
from left_behind_care.testing import LBCTestCase


class TestInstall(LBCTestCase):
	def test_no_clash_on_this_site(self):
		self.assertEqual(find_doctype_clashes(), [])
		self.assertIn("Guardian", app_doctype_names())
		before_install()

	def test_refuses_when_another_app_owns_a_doctype_name(self):
		# as if frappe/education were installed: its "Guardian" belongs to module "Education"
		frappe.db.set_value("DocType", "Guardian", "module", "Education", update_modified=False)
		try:
			self.assertEqual(find_doctype_clashes(), [("Guardian", "Education")])
			with self.assertRaises(DocTypeNameClashError) as ctx:
				before_install()
			self.assertIn("Guardian", str(ctx.exception))
		finally:
			frappe.db.rollback()

	def test_roles_and_settings_installed(self):
		for role in (
			"Village Child Director",
			"Township Officer",
			"County Officer",
			"City Officer",
			"School Mentor",
			"Police Liaison",
			"Left Behind Care Manager",
		):
			self.assertTrue(frappe.db.exists("Role", role), role)
		self.assertEqual(frappe.db.get_single_value("Left Behind Care Settings", "age_limit"), 18)

	def test_chinese_is_enabled_for_the_login_page(self):
		"""v16 ships 中文 disabled: the app's install enables it (once), so that an officer
		whose browser asks for zh-CN gets the login page in Chinese."""
		from left_behind_care.install import enable_chinese

		self.assertEqual(frappe.db.get_value("Language", "zh", "enabled"), 1)
		frappe.db.set_value("Language", "zh", "enabled", 0)
		self.assertTrue(enable_chinese())
		self.assertFalse(enable_chinese())
		self.assertIn("zh", frappe.get_all("Language", filters={"enabled": 1}, pluck="name"))

	def test_migrate_hook_is_idempotent_and_keeps_admin_edits(self):
		frappe.db.set_value("Role", "Police Liaison", "desk_access", 0)
		before = frappe.db.get_value("Role", "Police Liaison", ["modified", "desk_access"])
		settings_before = frappe.db.get_single_value("Left Behind Care Settings", "age_limit")
		after_migrate()
		after_migrate()
		self.assertEqual(frappe.db.get_value("Role", "Police Liaison", ["modified", "desk_access"]), before)
		self.assertEqual(
			frappe.db.get_single_value("Left Behind Care Settings", "age_limit"), settings_before
		)


class TestAssets(LBCTestCase):
	def test_the_apps_assets_are_linked_on_a_bench_that_never_built_it(self):
		import os
		import tempfile
		from unittest.mock import patch

		from left_behind_care.install import ensure_assets_linked

		with tempfile.TemporaryDirectory() as bench:
			with patch("frappe.utils.get_bench_path", return_value=bench):
				self.assertTrue(ensure_assets_linked())
				self.assertFalse(ensure_assets_linked())  # once
			link = os.path.join(bench, "sites", "assets", "left_behind_care")
			self.assertTrue(os.path.isfile(os.path.join(link, "images", "logo.svg")))
			self.assertTrue(os.path.isfile(os.path.join(link, "js", "form_messages.js")))
