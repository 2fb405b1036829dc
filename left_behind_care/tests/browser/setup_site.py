# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt
"""Site setup for the browser walkthrough (``walkthrough.py``), run inside the site with
``bench --site <site> execute left_behind_care.tests.browser.setup_site.prepare``.

Like ``run-tests``, it refuses a site without ``allow_tests``: it adds the invented test
world of :mod:`left_behind_care.testing` and a desk user with a known password.
"""

from __future__ import annotations

import frappe
from frappe.utils.password import update_password

from left_behind_care.i18n import ensure_compiled
from left_behind_care.install import before_tests
from left_behind_care.testing import make_user, make_world


def prepare(user: str, password: str, village: str = "东一村", full_name: str = "李红梅") -> dict:
	"""Make the walkthrough's officer: a Village Child Director of one village, in Chinese.

	Completes the setup wizard when needed (as the test suite does), compiles the zh
	catalog when it is missing or stale, builds the invented area tree, and gives the user the role, the language ``zh``, a password and one User
	Permission on ``village`` (the default of every Administrative Area field).

	Args:
	    user: the user id (an e-mail address).
	    password: the password to log in with.
	    village: ``area_name`` of a village of the test world.
	    full_name: the officer's name as the desk shows it.

	Returns:
	    dict(user, village: the Administrative Area name, village_path: city … village).
	"""
	if not frappe.conf.allow_tests:
		frappe.throw(
			"The browser walkthrough is set up only on a test site (allow_tests in site_config.json)."
		)
	before_tests()
	ensure_compiled()  # the zh catalog the desk reads, in case no `bench build` ran
	areas = make_world()
	make_user(user, ["Village Child Director"], [village])
	first_name, last_name = full_name[:1], full_name[1:]
	frappe.db.set_value(
		"User",
		user,
		{
			"enabled": 1,
			"language": "zh",
			"first_name": first_name,
			"last_name": last_name,
			"full_name": full_name,
		},
	)
	frappe.db.set_value("User Permission", {"user": user, "allow": "Administrative Area"}, "is_default", 1)
	update_password(user, password)
	frappe.db.commit()
	frappe.clear_cache(user=user)
	return {"user": user, "village": areas[village], "village_path": ["测试市", "测试区", "东乡镇", village]}
