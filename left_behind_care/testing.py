"""Shared helpers for the Frappe integration tests (not a test module itself).

One base class for Frappe v15 (``FrappeTestCase``) and v16 (``IntegrationTestCase``),
and factories that build a small invented world: a city, a district, two townships
with two villages each, children, guardians and users scoped by User Permission.
"""

from __future__ import annotations

import datetime
import random

import frappe
from frappe.utils import add_months, getdate, nowdate

try:  # Frappe v16
	from frappe.tests import IntegrationTestCase as BaseTestCase
except ImportError:  # Frappe v15
	from frappe.tests.utils import FrappeTestCase as BaseTestCase

from left_behind_care import rules
from left_behind_care.utils import insert_desk_user


class LBCTestCase(BaseTestCase):
	"""Base class: each test runs as Administrator and is rolled back afterwards."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_world()
		frappe.db.commit()

	def setUp(self):
		frappe.set_user("Administrator")
		frappe.flags.lbc_scope_cache = None

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.flags.lbc_scope_cache = None
		frappe.db.rollback()


# The invented world. Names are fictional and say so.
WORLD = {
	"测试市": ("City", None),
	"测试区": ("County/District", "测试市"),
	"东乡镇": ("Township/Street", "测试区"),
	"西乡镇": ("Township/Street", "测试区"),
	"东一村": ("Village/Community", "东乡镇"),
	"东二村": ("Village/Community", "东乡镇"),
	"西一村": ("Village/Community", "西乡镇"),
	"西二村": ("Village/Community", "西乡镇"),
}


def make_area(area_name: str, tier: str, parent: str | None = None) -> str:
	"""Create an Administrative Area unless it exists; returns its name."""
	existing = frappe.db.get_value(
		"Administrative Area",
		{"area_name": area_name, "parent_administrative_area": parent or ("is", "not set")},
		"name",
	)
	if existing:
		return existing
	doc = frappe.get_doc(
		{
			"doctype": "Administrative Area",
			"area_name": area_name,
			"tier": tier,
			"parent_administrative_area": parent,
			"is_group": 0 if tier == "Village/Community" else 1,
		}
	).insert(ignore_permissions=True)
	return doc.name


def make_world() -> dict[str, str]:
	"""Create the test area tree (idempotent). Returns {area_name: name}."""
	names = {}
	for area_name, (tier, parent) in WORLD.items():
		names[area_name] = make_area(area_name, tier, names.get(parent) if parent else None)
	return names


_ID_SEQUENCE = [random.randrange(500)]


def make_id_number(birth_date: datetime.date, gender: str = "Male", region: str = "520302") -> str:
	"""A valid, invented 18-digit identity number for a birth date and gender.

	Sequence numbers run on from a random start, so numbers made in one run never repeat
	(up to 500 per birth date and gender).
	"""
	from stdnum.cn import ric

	_ID_SEQUENCE[0] += 1
	seq = (_ID_SEQUENCE[0] % 500) * 2 + (1 if gender == "Male" else 0)
	body = f"{region}{birth_date:%Y%m%d}{seq:03d}"
	return body + ric.calc_check_digit(body + "0")


def away(months: int = 12) -> str:
	"""A date ``months`` months before today."""
	return add_months(nowdate(), -months)


def make_child(village: str = "东一村", left_behind: bool = True, **kwargs):
	"""Insert a Child (as Administrator unless ``as_user``), with sensible defaults.

	Args:
	    village: area_name of a village of the test world (or an area name).
	    left_behind: both parents away 12 months (True) or the mother at home (False).
	    kwargs: Child fields; ``parents`` overrides the parents table.

	Returns:
	    the inserted Child document.
	"""
	village_name = frappe.db.get_value("Administrative Area", {"area_name": village}, "name") or village
	birth_date = getdate(kwargs.pop("birth_date", None) or add_months(nowdate(), -12 * 9))
	gender = kwargs.pop("gender", "Male")
	parents = kwargs.pop(
		"parents",
		[
			{
				"relation": "Father",
				"status": "Away for Work (Out of Province)",
				"away_since": away(),
				"destination": "广东省东莞市",
			},
			{
				"relation": "Mother",
				"status": "Away for Work (Out of Province)" if left_behind else "At Home",
				"away_since": away() if left_behind else None,
			},
		],
	)
	as_user = kwargs.pop("as_user", False)
	doc = frappe.get_doc(
		{
			"doctype": "Child",
			"child_name": kwargs.pop("child_name", "测试儿童"),
			"gender": gender,
			"birth_date": birth_date,
			"id_number": kwargs.pop("id_number", None) or make_id_number(birth_date, gender),
			"village": village_name,
			"parents": parents,
			**kwargs,
		}
	)
	if as_user:
		doc.insert()
	else:
		doc.insert(ignore_permissions=True)
	return doc


def make_guardian(village: str = "东一村", **kwargs):
	"""Insert a Guardian in a test-world village."""
	village_name = frappe.db.get_value("Administrative Area", {"area_name": village}, "name") or village
	return frappe.get_doc(
		{
			"doctype": "Guardian",
			"guardian_name": kwargs.pop("guardian_name", "测试监护人"),
			"village": village_name,
			**kwargs,
		}
	).insert(ignore_permissions=True)


def make_user(email: str, roles: list[str], areas: list[str] | None = None) -> str:
	"""Create (or reset) a desk user with roles, scoped to areas by User Permission.

	Args:
	    email: the user id.
	    roles: role names.
	    areas: area_names (or names) the user is scoped to; none → no User Permission.

	Returns:
	    the user id.
	"""
	if not frappe.db.exists("User", email):
		insert_desk_user(email, email.split("@")[0], roles=roles)
	user = frappe.get_doc("User", email)
	user.set("roles", [])
	user.add_roles(*roles)
	frappe.db.delete("User Permission", {"user": email})
	for area in areas or []:
		name = frappe.db.get_value("Administrative Area", {"area_name": area}, "name") or area
		frappe.get_doc(
			{
				"doctype": "User Permission",
				"user": email,
				"allow": "Administrative Area",
				"for_value": name,
				"apply_to_all_doctypes": 1,
			}
		).insert(ignore_permissions=True)
	frappe.clear_cache(user=email)
	frappe.flags.lbc_scope_cache = None
	return email


def call_api(cmd: str, **kwargs):
	"""Call a whitelisted method as ``/api/method/<cmd>`` would, as the session user.

	Applies ``override_whitelisted_methods`` and the whitelist check like
	``frappe.handler.execute_cmd`` (which needs an HTTP request object).
	"""
	from frappe.handler import get_attr

	for hook in reversed(frappe.get_hooks("override_whitelisted_methods", {}).get(cmd, [])):
		cmd = hook
		break
	method = get_attr(cmd)
	frappe.is_whitelisted(method)
	return frappe.call(method, **kwargs)


def parent_rows(father: str, mother: str, months: int = 12) -> list[dict]:
	"""Parents table rows from two statuses (rules.ParentStatus values)."""
	rows = []
	for relation, status in (("Father", father), ("Mother", mother)):
		row = {"relation": relation, "status": status}
		if rules.ParentStatus(status).is_away:
			row["away_since"] = away(months)
		rows.append(row)
	return rows
