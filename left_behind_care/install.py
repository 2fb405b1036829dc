"""Install, migrate and test-setup hooks."""

from __future__ import annotations

import json
import os
from pathlib import Path

import frappe
from frappe import _

from left_behind_care import constants

MODULE = "Left Behind Care"
DOCTYPE_DIR = Path(__file__).parent / "left_behind_care" / "doctype"


class DocTypeNameClashError(frappe.ValidationError):
	"""Another installed app already owns a DocType name this app needs."""


def app_doctype_names() -> list[str]:
	"""The names of the DocTypes this app ships, read from their JSON files.

	Returns:
	    list of DocType names, sorted.
	"""
	names = []
	for path in sorted(DOCTYPE_DIR.glob("*/*.json")):
		if path.stem == path.parent.name:
			names.append(json.loads(path.read_text(encoding="utf-8"))["name"])
	return sorted(names)


def find_doctype_clashes() -> list[tuple[str, str]]:
	"""DocTypes on this site with one of our names but owned by another module.

	Returns:
	    list of (doctype name, owning module).
	"""
	rows = frappe.get_all("DocType", filters={"name": ["in", app_doctype_names()]}, fields=["name", "module"])
	return [(row.name, row.module) for row in rows if row.module != MODULE]


def before_install():
	"""Refuse to install, before anything is written, where a DocType name is taken.

	frappe/education, for one, ships a "Guardian"; installing over it would silently
	take that DocType over.

	Raises:
	    DocTypeNameClashError naming each clash and its owner.
	"""
	clashes = find_doctype_clashes()
	if not clashes:
		return
	owners = ", ".join(
		_("{0} (owned by module {1})").format(frappe.bold(name), frappe.bold(module))
		for name, module in clashes
	)
	frappe.throw(
		_(
			"Left Behind Care cannot be installed on this site: these DocType names are already used on this site, by another app or as custom DocTypes: {0}. Install it on a site without them."
		).format(owners),
		exc=DocTypeNameClashError,
		title=_("DocType name clash"),
	)


ROLES = {
	constants.MANAGER_ROLE: "Administers the registry: areas, settings, officers' scopes",
	constants.VILLAGE_ROLE: "儿童主任 / 留守儿童报告员 of a village or residents' committee",
	constants.MENTOR_ROLE: "Mentor teacher or proxy parent paired with children",
	constants.TOWNSHIP_ROLE: "Social affairs office of a township, street or community service centre",
	constants.COUNTY_ROLE: "Social affairs or civil affairs bureau of a county or district",
	constants.CITY_ROLE: "Civil affairs or education bureau of a city",
	constants.POLICE_ROLE: "Police station receiving mandatory reports",
}
assert tuple(ROLES) == constants.LBC_ROLES


def after_install():
	"""Seed what the app needs: roles and default settings (plan 3 definition), and the
	care setup: visit duty defaults, the Incident Report workflow, care settings."""
	ensure_roles()
	ensure_default_settings()
	setup_care()
	# the Chinese catalog, for a bench that never ran `bench build` after get-app (Frappe
	# compiles it only there; after_migrate does the same for a pulled translation)
	from left_behind_care.i18n import ensure_compiled

	ensure_compiled()
	ensure_assets_linked()
	enable_chinese()


def enable_chinese() -> bool:
	"""Enable the Language 简体中文 (``zh``), in which the app is written for its users.

	Frappe v16 ships most languages disabled (``frappe/geo/languages.csv``): a disabled
	language is offered nowhere and the login page, shown in the browser's language, stays
	English for every officer. v15 has every language enabled (nothing changes there). An
	administrator may disable it again; the app does not enable it a second time.

	Returns:
	    True when it was enabled now.
	"""
	if not frappe.db.exists("Language", "zh") or frappe.db.get_value("Language", "zh", "enabled"):
		return False
	frappe.db.set_value("Language", "zh", "enabled", 1)
	frappe.cache.delete_value("languages_with_name")
	frappe.clear_cache()
	return True


def ensure_assets_linked() -> bool:
	"""Link the app's ``public/`` as ``sites/assets/left_behind_care`` when it is missing,
	as ``bench build`` does (Frappe's own ``link_assets_dir``).

	On a bench where the app was installed without a build, the desk asked for the app's
	scripts, styles and logo at /assets/left_behind_care/… and got 404s: a broken "App
	Logo" on every page, and no banners on the forms.

	Returns:
	    True when the link was made now.
	"""
	from frappe.build import link_assets_dir
	from frappe.utils import get_bench_path

	target = os.path.join(get_bench_path(), "sites", "assets", "left_behind_care")
	if os.path.exists(target):
		return False
	os.makedirs(os.path.dirname(target), exist_ok=True)
	link_assets_dir(frappe.get_app_path("left_behind_care", "public"), target)
	return os.path.exists(target)


def setup_care():
	"""Create what is missing of the care setup (left_behind_care/care_setup.py). Not run on
	every migrate: an administrator may edit or delete the seeded duties and workflow."""
	from left_behind_care.care_setup import setup_care as create_care_setup

	create_care_setup()


def after_migrate():
	"""Keep roles and defaults present after every migrate (idempotent: creates only what is
	missing), and the app's assets reachable."""
	ensure_roles()
	ensure_default_settings()
	ensure_assets_linked()


def ensure_roles():
	"""Create the app's roles where missing; never change an existing role."""
	for role_name in ROLES:
		if frappe.db.exists("Role", role_name):
			continue
		frappe.get_doc({"doctype": "Role", "role_name": role_name, "desk_access": 1}).insert(
			ignore_permissions=True
		)


def ensure_default_settings():
	"""Fill the Settings single with the plan 3 defaults where it is still empty."""
	settings = frappe.get_single("Left Behind Care Settings")
	if settings.age_limit:
		return
	settings.determination_rule = "Plan 3 (both parents away 3+ months, under 18)"
	settings.age_limit = 18
	settings.min_months_away = 3
	settings.one_away_other_incapable = 0
	settings.flags.ignore_permissions = True
	settings.save()


def before_tests():
	"""Prepare a test site: complete the setup wizard so that desk defaults exist.

	Where another installed app (ERPNext) has a wizard of its own, its own ``before_tests``
	completes it (with its test company); otherwise Frappe's wizard runs with English,
	China, Asia/Shanghai. The field-level backport (``overrides.db_query``) is applied to
	the test process, which serves no request.
	"""
	from left_behind_care.overrides.db_query import backport_fieldlevel_read_fix

	backport_fieldlevel_read_fix()
	# the suite makes well over Frappe's 60 users an hour, and v16's test runner inserts
	# Frappe's own test users (test records of linked DocTypes) past that throttle: lifted
	# for this test process only (frappe.local.conf, not the site's config)
	frappe.local.conf.throttle_user_limit = max(
		int(frappe.local.conf.get("throttle_user_limit") or 60), 100_000
	)
	frappe.clear_cache()
	if not frappe.db.get_single_value("System Settings", "setup_complete"):
		others = [
			hook
			for app in frappe.get_installed_apps()
			if app not in ("frappe", "left_behind_care")
			for hook in frappe.get_hooks("before_tests", app_name=app)
		]
		if others and (frappe.get_hooks("setup_wizard_stages") or frappe.get_hooks("setup_wizard_complete")):
			for hook in others:
				frappe.get_attr(hook)()
	if not frappe.db.get_single_value("System Settings", "setup_complete"):
		from frappe.desk.page.setup_wizard.setup_wizard import setup_complete

		setup_complete(
			{
				"language": "English",
				"country": "China",
				"timezone": "Asia/Shanghai",
				"currency": "CNY",
				"full_name": "Test Administrator",
				"email": "test-admin@example.com",
				"password": "test",
			}
		)
	ensure_default_settings()
	frappe.db.commit()
