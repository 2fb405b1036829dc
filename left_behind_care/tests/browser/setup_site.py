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


# Script payloads: each pushes its number onto ``top.__x`` (an array the walkthrough puts
# on every page) if it ever runs; ``ssti:{{7*7}}`` must never show as ``ssti:49``.
PAYLOADS = (
	"<img src=x onerror=top.__x.push({n})>",
	'"><svg onload=top.__x.push({n})>',
	"<script>top.__x.push({n})</script>",
	"<a href=javascript:top.__x.push({n})>链接</a>",
)


def payload(n: int, extra: str = " ssti:{{{{7*7}}}}") -> str:
	"""Script payload number ``n`` (vectors rotate), with a template-injection marker."""
	return (PAYLOADS[n % len(PAYLOADS)] + extra).format(n=n)


def plant_ledger(user: str, village: str = "东一村") -> dict:
	"""Import, as the officer, a ledger whose sheet name and cells carry script payloads.

	The sheet is named with a payload; one row has payloads in its free-text cells (and
	is created), one has a payload as the child's name and one as the identity number
	(both refused, so their messages and log rows carry the payload).

	Returns:
	    dict(import_name, sheet, numbers: the payload numbers planted).
	"""
	from left_behind_care.ledger.columns import BY_KEY, EXPORT_KEYS
	from left_behind_care.ledger.writer import LedgerWriter
	from left_behind_care.left_behind_care.doctype.lbc_ledger_import.lbc_ledger_import import run_import
	from left_behind_care.left_behind_care.doctype.lbc_ledger_import.test_lbc_ledger_import import (
		ledger_row,
		make_import,
	)

	if not frappe.conf.allow_tests:
		frappe.throw("Payloads are planted only on a test site (allow_tests in site_config.json).")
	areas = make_world()
	sheet_name = "<svg onload=top.__x.push(900)>"  # 30 characters: Excel allows 31
	planted = [900]
	good = ledger_row(child_name="台账符号测试", township="东乡镇", village=village)
	for n, key in enumerate(
		("address", "school", "grade", "notes", "guardian_name", "father_place"), start=901
	):
		if key in BY_KEY:
			good[key] = payload(n, "")
			planted.append(n)
	bad_name = ledger_row(child_name=payload(920, ""), township="东乡镇", village=village)
	bad_id = ledger_row(
		child_name="台账符号测试二", id_number=payload(921, ""), township="东乡镇", village=village
	)
	planted += [920, 921]
	writer = LedgerWriter()
	sheet = writer.add_sheet(
		sheet_name,
		f"测试区东乡镇{village}农村留守儿童信息台账",
		f"填报单位：{village}村民委员会",
		"填报日期：2026年9月30日",
		[BY_KEY[key].label for key in EXPORT_KEYS],
		text_columns={i for i, key in enumerate(EXPORT_KEYS) if BY_KEY[key].text},
	)
	for row in (good, bad_name, bad_id):
		sheet.append([row.get(key) for key in EXPORT_KEYS])
	frappe.set_user(user)
	try:
		doc = make_import(writer.to_bytes(), "符号测试台账.xlsx", area=areas[village])
		run_import(doc.name, commit=True, publish=False)
	finally:
		frappe.set_user("Administrator")
	frappe.db.commit()
	return {"import_name": doc.name, "sheet": sheet_name, "numbers": planted}


def prepare_demo(password: str) -> dict:
	"""The demo (``bench lbc-demo``) on this site, small, with ``password`` for its logins.

	Returns:
	    {"logins": [[user, role, area_name], …]} as the command prints them.
	"""
	from left_behind_care.demo import build_demo

	# the test site's language stays as the suite expects it: no setup wizard here
	summary = build_demo(
		children=100, visits_per_child=1, echo=lambda _line: None, password=password, setup=False
	)
	frappe.db.commit()
	return {"logins": [list(login) for login in summary.logins]}
