# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt
"""The permission-leak matrix: every role-user × every scoped DocType × every access path.

A small world (a city; a district with two townships of two villages each; a second
district with one village) holds children, guardians, pairings, visits, incidents,
risk assessments in every village, plus records whose area is empty. One user per
role and area, a mentor, an unscoped officer, a Website User and Guest then try every
path Frappe offers to reach a record: list, count, get, get_value, REST, report view
and its sidebar counts, list export, Link search, link titles, print view, every
Script Report of the app, Number Cards, Dashboard Charts, and every whitelisted
method of the app. A "leak" is any record, title or marker of a record outside the
user's area that comes back by any path. The oracle is computed from the world's own
definition (which village each record was made in), not from the code under test.

The matrix enumerates DocTypes, reports, cards, charts and methods from the site, so
what is added later is covered without editing this file. It prints its size and the
leak count, and fails on any leak.
"""

from __future__ import annotations

import inspect
import json
import threading
from collections import defaultdict
from unittest.mock import patch

import frappe
from frappe.utils import add_to_date, now_datetime, nowdate

from left_behind_care.scoping import scoped_doctypes
from left_behind_care.testing import LBCTestCase, call_api, make_area, make_id_number, make_user

MARK = "矩阵"
TREE = {
	# area_name: (tier, parent area_name)
	"测试市": ("City", None),
	"测试区": ("County/District", "测试市"),
	"东乡镇": ("Township/Street", "测试区"),
	"西乡镇": ("Township/Street", "测试区"),
	"东一村": ("Village/Community", "东乡镇"),
	"东二村": ("Village/Community", "东乡镇"),
	"西一村": ("Village/Community", "西乡镇"),
	"西二村": ("Village/Community", "西乡镇"),
	"邻区": ("County/District", "测试市"),
	"邻镇": ("Township/Street", "邻区"),
	"邻村": ("Village/Community", "邻镇"),
}
VILLAGES = [a for a, (tier, _p) in TREE.items() if tier == "Village/Community"]

# user: (roles, scoped areas (area_name), kind)
USERS = {
	"lbc-matrix-vcd-dongyi@example.com": (["Village Child Director"], ["东一村"]),
	"lbc-matrix-vcd-lincun@example.com": (["Village Child Director"], ["邻村"]),
	"lbc-matrix-police-dongyi@example.com": (["Police Liaison"], ["东一村"]),
	"lbc-matrix-township-dong@example.com": (["Township Officer"], ["东乡镇"]),
	"lbc-matrix-county-ceshi@example.com": (["County Officer"], ["测试区"]),
	"lbc-matrix-city@example.com": (["City Officer"], ["测试市"]),
	"lbc-matrix-manager-xi@example.com": (["Left Behind Care Manager"], ["西乡镇"]),
	"lbc-matrix-mentor@example.com": (["School Mentor"], []),
	"lbc-matrix-unscoped@example.com": (["Village Child Director", "Township Officer"], []),
}
WEBSITE_USER = "lbc-matrix-website@example.com"
MENTOR = "lbc-matrix-mentor@example.com"
MENTOR_VILLAGE = "西一村"


def values_given(kwargs: dict) -> list:
	return [v for v in kwargs.values() if isinstance(v, str)]


def descendants(area_name: str) -> set[str]:
	out = {area_name}
	changed = True
	while changed:
		changed = False
		for name, (_tier, parent) in TREE.items():
			if parent in out and name not in out:
				out.add(name)
				changed = True
	return out


class Leaks:
	"""Collects checks and leaks: (user, target, path, detail)."""

	def __init__(self):
		self.checks = 0
		self.leaks: list[tuple[str, str, str, str]] = []
		self.errors: list[tuple[str, str, str, str]] = []
		self.cells: set[tuple[str, str, str]] = set()

	def check(self, user, target, path, ok, detail=""):
		self.checks += 1
		self.cells.add((user, target, path))
		if not ok:
			self.leaks.append((user, target, path, detail))

	def error(self, user, target, path, detail):
		self.errors.append((user, target, path, detail))


class TestLeakMatrix(LBCTestCase):
	"""Builds the world once (committed, removed afterwards) and runs every path."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		cls.area = {}
		for area_name, (tier, parent) in TREE.items():
			cls.area[area_name] = make_area(area_name, tier, cls.area.get(parent))
		cls.records: dict[str, dict[str, str | None]] = defaultdict(dict)  # doctype -> name -> village
		cls.child_of: dict[str, dict[str, str | None]] = defaultdict(dict)  # doctype -> name -> child
		cls.markers: dict[str, str | None] = {}  # text -> village it belongs to
		cls.user_areas = {}
		for user, (roles, areas) in USERS.items():
			make_user(user, roles, areas)
			allowed = set()
			for area in areas:
				allowed |= {cls.area[a] for a in descendants(area)}
			cls.user_areas[user] = allowed
		make_user(WEBSITE_USER, [])
		frappe.db.set_value("User", WEBSITE_USER, "user_type", "Website User")
		cls.remove_world()
		cls.build_world()
		cls.api_keys = {}
		for user in [*USERS, WEBSITE_USER]:
			doc = frappe.get_doc("User", user)
			doc.api_key = frappe.generate_hash(length=15)
			secret = frappe.generate_hash(length=15)
			doc.api_secret = secret
			doc.flags.ignore_permissions = True
			doc.save()
			cls.api_keys[user] = f"{doc.api_key}:{secret}"
		frappe.db.commit()
		cls.leaks = Leaks()

	@classmethod
	def build_world(cls):
		for village_area in VILLAGES:
			village = cls.area[village_area]
			guardian = frappe.get_doc(
				{
					"doctype": "Guardian",
					"guardian_name": f"{MARK}{village_area}监护人",
					"village": village,
					"phone": "13800000000",
				}
			).insert(ignore_permissions=True)
			cls.note("Guardian", guardian.name, village, None, guardian.guardian_name)
			for letter, left_behind in (("甲", True), ("乙", False)):
				child = cls.make_child(
					village, f"{MARK}{village_area}儿童{letter}", left_behind, guardian.name
				)
				cls.note("Child", child.name, village, child.name, child.child_name, child.id_number)
			child = frappe.get_all(
				"Child", filters={"village": village, "child_name": ("like", f"{MARK}%甲")}, pluck="name"
			)[0]
			cls.add_records(child, village, mentor=MENTOR if village_area == MENTOR_VILLAGE else None)
		# a township's holiday safety screening (read from below, written within the subtree)
		if frappe.db.table_exists("Holiday Safety Screening"):
			campaign = frappe.get_doc(
				{
					"doctype": "Holiday Safety Screening",
					"title": f"{MARK}西乡镇寒假排查",
					"holiday": "Winter Holiday",
					"administrative_area": cls.area["西乡镇"],
					"starts_on": "2027-01-10",
					"due_by": "2027-01-20",
				}
			).insert(ignore_permissions=True)
			cls.note("Holiday Safety Screening", campaign.name, cls.area["西乡镇"], None, campaign.title)
		# records whose area is empty: only unrestricted users may see them
		stray = cls.make_child(cls.area["西二村"], f"{MARK}无村儿童", True, None)
		cls.add_records(stray.name, None)
		frappe.db.set_value("Child", stray.name, "village", None)
		for doctype in scoped_doctypes():
			if not frappe.db.table_exists(doctype):
				continue
			if (
				doctype != "Child"
				and frappe.db.has_column(doctype, "child")
				and frappe.db.has_column(doctype, "village")
			):
				frappe.db.sql(f"update `tab{doctype}` set village = NULL where child = %s", stray.name)
		cls.note("Child", stray.name, None, stray.name, stray.child_name, stray.id_number)
		for doctype, child_field in (("Child Status Log", "child"),):
			for name in frappe.get_all(
				doctype, filters={child_field: ("in", list(cls.records["Child"]))}, pluck="name"
			):
				child = frappe.db.get_value(doctype, name, child_field)
				cls.records[doctype][name] = cls.records["Child"][child]
				cls.child_of[doctype][name] = child

	@classmethod
	def make_child(cls, village, child_name, left_behind, guardian):
		birth = frappe.utils.getdate("2014-05-01")
		away = frappe.utils.add_months(nowdate(), -12)
		return frappe.get_doc(
			{
				"doctype": "Child",
				"child_name": child_name,
				"birth_date": birth,
				"gender": "Female",
				"id_number": make_id_number(birth, "Female"),
				"village": village,
				"address": f"{child_name}家庭住址",
				"guardian": guardian,
				"guardian_relationship": "Paternal Grandmother" if guardian else None,
				"parents": [
					{"relation": "Father", "status": "Away for Work (Out of Province)", "away_since": away},
					{
						"relation": "Mother",
						"status": "Away for Work (Out of Province)" if left_behind else "At Home",
						"away_since": away if left_behind else None,
					},
				],
			}
		).insert(ignore_permissions=True)

	@classmethod
	def add_records(cls, child, village, mentor=None):
		found = add_to_date(now_datetime(), hours=-2)
		docs = [
			{
				"doctype": "Mentor Assignment",
				"child": child,
				"mentor": mentor,
				"mentor_name": None if mentor else f"{MARK}老师",
				"mentor_type": "Mentor Teacher",
				"from_date": "2026-01-01",
			},
			{
				"doctype": "Home Visit",
				"child": child,
				"visit_type": "Home Visit",
				"visit_datetime": found,
				"problems_found": f"{MARK}{child}家访问题",
			},
			{
				"doctype": "Incident Report",
				"child": child,
				"incident_type": "Suspected Domestic Violence",
				"found_on": found,
				"description": f"{MARK}{child}事件经过",
			},
			{
				"doctype": "Risk Assessment",
				"child": child,
				"assessment_date": nowdate(),
				"withdrawn_personality": 1,
			},
		]
		for data in docs:
			doc = frappe.get_doc(data)
			doc.flags.ignore_permissions = True
			doc.insert()
			if doc.meta.is_submittable:
				doc.submit()
				if doc.doctype == "Risk Assessment":
					doc.cancel()  # a cancelled record another area might try to amend
			cls.note(
				doc.doctype, doc.name, village, child, data.get("problems_found") or data.get("description")
			)

	@classmethod
	def note(cls, doctype, name, village, child, *markers):
		cls.records[doctype][name] = village
		cls.child_of[doctype][name] = child
		for marker in markers:
			if marker:
				cls.markers[str(marker)] = village

	@classmethod
	def tearDownClass(cls):
		frappe.set_user("Administrator")
		cls.remove_world()
		frappe.db.commit()
		super().tearDownClass()

	@classmethod
	def remove_world(cls):
		"""Delete every record of the matrix world (also one left by an interrupted run)."""
		children = frappe.get_all("Child", filters={"child_name": ("like", f"{MARK}%")}, pluck="name")
		for doctype in scoped_doctypes():
			if doctype == "Child" or not frappe.db.table_exists(doctype):
				continue
			if children and frappe.db.has_column(doctype, "child"):
				frappe.db.delete(doctype, {"child": ("in", children)})
		frappe.db.delete("Guardian", {"guardian_name": ("like", f"{MARK}%")})
		if frappe.db.table_exists("Holiday Safety Screening"):
			for name in frappe.get_all(
				"Holiday Safety Screening", filters={"title": ("like", f"{MARK}%")}, pluck="name"
			):
				frappe.delete_doc("Holiday Safety Screening", name, force=True, ignore_permissions=True)
		for name in children:
			frappe.db.delete("Child Parent", {"parent": name})
			frappe.db.delete("Child", name)
		if children:
			frappe.db.delete("Version", {"ref_doctype": "Child", "docname": ("in", children)})

	# ------------------------------------------------------------------ oracle

	def allowed(self, user, doctype, name) -> bool:
		"""Whether ``user`` may reach record ``name`` of ``doctype``, by the world's definition."""
		if user not in USERS:
			return False
		village = self.records[doctype].get(name)
		child = self.child_of[doctype].get(name)
		if user == MENTOR:
			return (
				bool(child)
				and self.records["Child"].get(child) == self.area[MENTOR_VILLAGE]
				and village is not None
			)
		return village is not None and village in self.user_areas[user]

	def outside_markers(self, user) -> list[str]:
		return [
			m
			for m, village in self.markers.items()
			if not (village and village in self.user_areas.get(user, set()))
			and not (user == MENTOR and village == self.area[MENTOR_VILLAGE])
		]

	def forbidden_names(self, user, doctype) -> list[str]:
		return [name for name in self.records.get(doctype, {}) if not self.allowed(user, doctype, name)]

	def scan(self, user, target, path, payload, given=()):
		"""A payload (any JSON-able result) must hold no marker or record name from outside.

		Names the user typed in (``given``) may come back: echoing an input reveals nothing.
		"""
		text = json.dumps(payload, default=str, ensure_ascii=False)
		found = [m for m in self.outside_markers(user) if m in text]
		for doctype, names in self.records.items():
			found += [
				n
				for n in names
				if not self.allowed(user, doctype, n) and n in text and len(n) > 8 and n not in given
			]
		self.leaks.check(user, target, path, not found, ", ".join(found[:5]))

	# ------------------------------------------------------------------ paths

	def as_user(self, user):
		frappe.set_user(user)
		frappe.flags.lbc_scope_cache = None

	def attempt(self, user, target, path, fn):
		"""Run ``fn``; refusals count as no leak; unexpected errors are recorded."""
		try:
			return True, fn()
		except (
			frappe.PermissionError,
			frappe.DoesNotExistError,
			frappe.ValidationError,
			frappe.AuthenticationError,
			frappe.exceptions.FrappeTypeError,  # the framework refusing a malformed call
		):
			frappe.clear_last_message()
			frappe.local.message_log = []
			return False, None
		except Exception as exc:
			self.leaks.error(user, target, path, f"{type(exc).__name__}: {exc}"[:300])
			return False, None

	def doc_paths(self, user, doctype):
		from frappe.desk.listview import get_group_by_count
		from frappe.desk.reportview import get as reportview_get
		from frappe.desk.search import search_link

		spec = scoped_doctypes()[doctype]
		forbidden = self.forbidden_names(user, doctype)
		t = doctype

		ok, rows = self.attempt(
			user,
			t,
			"get_list",
			lambda: call_api("frappe.client.get_list", doctype=doctype, fields=["name"], limit_page_length=0),
		)
		if ok:
			self.leaks.check(
				user,
				t,
				"get_list",
				not ({r["name"] for r in rows} & set(forbidden)),
				str(set(r["name"] for r in rows) & set(forbidden)),
			)
			self.scan(user, t, "get_list", rows)
		if forbidden:
			ok, count = self.attempt(
				user,
				t,
				"get_count",
				lambda: call_api(
					"frappe.client.get_count", doctype=doctype, filters={"name": ("in", forbidden)}
				),
			)
			self.leaks.check(user, t, "get_count", not ok or count == 0, f"count={count}")
			for name in forbidden[:4]:
				ok, doc = self.attempt(
					user,
					t,
					"get",
					lambda name=name: call_api("frappe.client.get", doctype=doctype, name=name),
				)
				self.leaks.check(user, t, "get", not ok, name)
				ok, value = self.attempt(
					user,
					t,
					"get_value",
					lambda name=name: call_api(
						"frappe.client.get_value", doctype=doctype, fieldname="name", filters={"name": name}
					),
				)
				self.leaks.check(user, t, "get_value", not ok or not value, name)
				ok, title = self.attempt(
					user,
					t,
					"get_link_title",
					lambda name=name: call_api(
						"frappe.desk.search.get_link_title", doctype=doctype, docname=name
					),
				)
				if ok:
					self.scan(user, t, "get_link_title", title, given={name})
				ok, html = self.attempt(
					user,
					t,
					"print_view",
					lambda name=name: call_api(
						"frappe.www.printview.get_html_and_style", doc=doctype, name=name
					),
				)
				self.leaks.check(user, t, "print_view", not ok, name)
				ok, docinfo = self.attempt(
					user,
					t,
					"form_load",
					lambda name=name: call_api("frappe.desk.form.load.getdoc", doctype=doctype, name=name),
				)
				self.leaks.check(user, t, "form_load", not ok, name)
		self.write_paths(user, doctype, forbidden)
		frappe.local.form_dict = frappe._dict(
			doctype=doctype,
			fields=[f"`tab{doctype}`.`name`"],
			filters=[],
			order_by=f"`tab{doctype}`.`name` asc",
			start=0,
			page_length=500,
		)
		ok, data = self.attempt(user, t, "reportview", lambda: reportview_get())
		if ok:
			self.scan(user, t, "reportview", data)
		group_field = spec["area"] or "owner"
		ok, counts = self.attempt(
			user, t, "group_by_count", lambda: get_group_by_count(doctype, "[]", group_field)
		)
		if ok:
			visible = sum(c.get("count", 0) for c in counts)
			allowed_total = len(self.records.get(doctype, {})) - len(forbidden)
			extra = frappe.db.count(doctype) - len(self.records.get(doctype, {}))  # records of other tests
			self.leaks.check(
				user,
				t,
				"group_by_count",
				visible <= allowed_total + max(extra, 0),
				f"{visible}>{allowed_total}",
			)
			self.scan(user, t, "group_by_count", counts)
		ok, results = self.attempt(user, t, "search_link", lambda: search_link(doctype, "", page_length=500))
		if ok:
			self.scan(user, t, "search_link", results)
			self.leaks.check(user, t, "search_link", not ({r["value"] for r in results} & set(forbidden)))
		for marker in self.outside_markers(user)[:3]:
			ok, results = self.attempt(
				user,
				t,
				"search_link_text",
				lambda marker=marker: search_link(doctype, marker, page_length=50),
			)
			if ok:
				self.scan(user, t, "search_link_text", results)
		ok, exported = self.attempt(user, t, "export", lambda: self.export(doctype))
		if ok:
			self.scan(user, t, "export", exported)

	def write_paths(self, user, doctype, forbidden):
		"""Pulling another area's record into one's own by writing its area or child is refused."""
		spec = scoped_doctypes()[doctype]
		own_child = next((n for n in self.records["Child"] if self.allowed(user, "Child", n)), None)
		own_village = next(
			(v for v in self.user_areas.get(user, set()) if v in [self.area[x] for x in VILLAGES]), None
		)
		field, value = (None, None)
		if doctype == "Child":
			field, value = "village", own_village
		elif spec["child"] and spec["child"] != "name":
			field, value = spec["child"], own_child
		elif spec["area"]:
			field, value = spec["area"], own_village
		if not field or not value:
			return
		for name in forbidden[:2]:
			ok, _doc = self.attempt(
				user,
				doctype,
				"set_value",
				lambda name=name: call_api(
					"frappe.client.set_value", doctype=doctype, name=name, fieldname=field, value=value
				),
			)
			self.leaks.check(user, doctype, "set_value_pull_in", not ok, f"{name}.{field}={value}")
			frappe.db.rollback()
			self.as_user(user)

	def child_table_paths(self, user):
		"""Child tables listed directly keep to parents in scope."""
		from left_behind_care.scoping import child_tables

		for table, parents in child_tables().items():
			for parent in parents:
				if not frappe.db.table_exists(table):
					continue
				ok, rows = self.attempt(
					user,
					table,
					"get_list_child_table",
					lambda table=table, parent=parent: call_api(
						"frappe.client.get_list",
						doctype=table,
						parent=parent,
						fields=["parent"],
						limit_page_length=0,
					),
				)
				if ok:
					bad = {r["parent"] for r in rows} & set(self.forbidden_names(user, parent))
					self.leaks.check(user, table, "get_list_child_table", not bad, str(list(bad)[:3]))

	def amend_paths(self, user):
		"""Naming another area's cancelled record as ``amended_from`` is refused."""
		cancelled = [
			n
			for n in self.records.get("Risk Assessment", {})
			if frappe.db.get_value("Risk Assessment", n, "docstatus") == 2
		]
		own_child = next((n for n in self.records["Child"] if self.allowed(user, "Child", n)), None)
		for name in [n for n in cancelled if not self.allowed(user, "Risk Assessment", n)][:1]:
			ok, _doc = self.attempt(
				user,
				"Risk Assessment",
				"amend_hijack",
				lambda name=name: call_api(
					"frappe.client.insert",
					doc={
						"doctype": "Risk Assessment",
						"child": own_child,
						"assessment_date": nowdate(),
						"amended_from": name,
					},
				),
			)
			self.leaks.check(user, "Risk Assessment", "amend_hijack", not ok, name)
			frappe.db.rollback()
			self.as_user(user)

	def export(self, doctype):
		frappe.local.form_dict = frappe._dict(
			doctype=doctype,
			file_format_type="CSV",
			fields=json.dumps([f"`tab{doctype}`.`name`"]),
			filters="[]",
			title=doctype,
		)
		frappe.response["filecontent"] = None
		call_api("frappe.desk.reportview.export_query")  # as the desk calls it (with the app's override)
		return frappe.response.get("filecontent") or ""

	def rest_paths(self, user, doctype):
		from frappe.utils import get_test_client

		forbidden = self.forbidden_names(user, doctype)
		site = frappe.local.site
		token = self.api_keys.get(user)
		headers = {"Authorization": f"token {token}"} if token else {}

		def request(path):
			box = {}

			def run():
				with patch("frappe.app.get_site_name", return_value=site):
					client = get_test_client(use_cookies=False)
					box["response"] = client.get(path, headers=headers)

			thread = threading.Thread(target=run)
			thread.start()
			thread.join()
			return box["response"]

		response = request(f'/api/resource/{doctype}?fields=["name"]&limit_page_length=0')
		body = response.get_data(as_text=True)
		self.leaks.check(
			user, doctype, "rest_list", not any(n in body for n in forbidden), f"HTTP {response.status_code}"
		)
		for name in forbidden[:2]:
			response = request(f"/api/resource/{doctype}/{name}")
			self.leaks.check(
				user,
				doctype,
				"rest_get",
				response.status_code in (403, 404, 401),
				f"{name}: HTTP {response.status_code}",
			)

	def report_paths(self, user):
		from frappe.desk.query_report import run

		for report in frappe.get_all(
			"Report", filters={"module": "Left Behind Care", "report_type": "Script Report"}, pluck="name"
		):
			for filters in self.report_filters(report, user):
				ok, result = self.attempt(
					user,
					report,
					"script_report",
					lambda filters=filters: run(report, filters=filters, ignore_prepared_report=True),
				)
				if ok:
					self.scan(user, f"report:{report}", "script_report", result.get("result"))

	def report_filters(self, report, user):
		meta = frappe.get_doc("Report", report)
		filters_list = [{}]
		area_filters = [f for f in (meta.filters or []) if f.options == "Administrative Area"]
		fieldnames = [f.fieldname for f in area_filters] or ["area", "administrative_area", "village"]
		for area in ("测试市", "邻村", "西二村"):
			for fieldname in fieldnames[:1]:
				filters_list.append(
					{fieldname: self.area[area], "from_date": "2026-01-01", "to_date": nowdate()}
				)
		return filters_list

	def card_paths(self, user):
		from frappe.desk.doctype.number_card.number_card import get_result

		for card in frappe.get_all(
			"Number Card",
			filters={"module": "Left Behind Care", "type": "Document Type"},
			fields=["name", "document_type", "function", "filters_json"],
		):
			if card.document_type not in scoped_doctypes() or card.function != "Count":
				continue
			doc = frappe.get_doc("Number Card", card.name)
			ok, value = self.attempt(
				user,
				f"card:{card.name}",
				"number_card",
				lambda doc=doc: get_result(doc.as_dict(), doc.filters_json or "[]"),
			)
			if not ok:
				continue
			frappe.set_user("Administrator")
			matching = set(
				frappe.get_all(
					card.document_type, filters=frappe.parse_json(doc.filters_json or "[]"), pluck="name"
				)
			)
			self.as_user(user)
			ours = {n for n in self.records.get(card.document_type, {}) if n in matching}
			allowed = {n for n in ours if self.allowed(user, card.document_type, n)}
			other_tests = len(matching - set(self.records.get(card.document_type, {})))
			self.leaks.check(
				user,
				f"card:{card.name}",
				"number_card",
				(value or 0) <= len(allowed) + other_tests,
				f"{value} > {len(allowed)}",
			)

	def chart_paths(self, user):
		from frappe.desk.doctype.dashboard_chart.dashboard_chart import get

		# Report-type charts are drawn in the desk from query_report.run: covered by report_paths
		for chart in frappe.get_all(
			"Dashboard Chart",
			filters={"module": "Left Behind Care", "chart_type": ("!=", "Report")},
			pluck="name",
		):
			ok, data = self.attempt(
				user,
				f"chart:{chart}",
				"dashboard_chart",
				lambda chart=chart: get(chart_name=chart, refresh=1),
			)
			if ok:
				self.scan(user, f"chart:{chart}", "dashboard_chart", data)
				labels = json.dumps((data or {}).get("labels") or [], ensure_ascii=False)
				outside_areas = [
					a
					for a, name in self.area.items()
					if name not in self.user_areas.get(user, set())
					and TREE[a][0] == "Village/Community"
					and a in labels
				]
				self.leaks.check(
					user, f"chart:{chart}", "dashboard_chart_labels", not outside_areas, str(outside_areas)
				)

	def method_paths(self, user):
		"""Every whitelisted method of the app, called with another area's records.

		Module functions are called as ``/api/method`` would; methods of a DocType's
		controller as ``run_doc_method`` would, on each record outside the user's area.
		"""
		from frappe.handler import run_doc_method

		for method in [
			m for m in frappe.whitelisted if getattr(m, "__module__", "").startswith("left_behind_care")
		]:
			target = f"method:{method.__module__}.{method.__qualname__}"
			if method in frappe.guest_methods:
				self.leaks.check(user, target, "allow_guest", False, "whitelisted for Guest")
			doctype = self.controller_doctype(method)
			if doctype:
				for name in self.forbidden_names(user, doctype)[:2]:
					ok, _result = self.attempt(
						user,
						target,
						"run_doc_method",
						lambda name=name: run_doc_method(method.__name__, dt=doctype, dn=name),
					)
					self.leaks.check(user, target, "run_doc_method", not ok, name)
					frappe.db.rollback()
					self.as_user(user)
				continue
			for kwargs, form in self.method_arguments(method, user):
				given = {str(v) for v in [*form.values(), *values_given(kwargs)] if v}
				# methods that read the request (export_query, …) see the same values in form_dict
				frappe.local.form_dict = frappe._dict(form)
				frappe.response["filecontent"] = None
				ok, result = self.attempt(user, target, "whitelisted", lambda kwargs=kwargs: method(**kwargs))
				if ok:
					payload = [result, frappe.response.get("filecontent")]
					if user in USERS:
						self.scan(user, target, "whitelisted", payload, given=given)
					else:
						echoed = result in (None, "", [], {}) or str(result) in given
						self.leaks.check(
							user,
							target,
							"whitelisted",
							echoed and not frappe.response.get("filecontent"),
							"a Guest or Website User got data",
						)
				frappe.db.rollback()
				self.as_user(user)

	@staticmethod
	def controller_doctype(method):
		"""The DocType whose controller class defines ``method`` (None for module functions)."""
		owner = method.__qualname__.rsplit(".", 1)[0] if "." in method.__qualname__ else None
		if not owner:
			return None
		for doctype in scoped_doctypes():
			if owner == doctype.replace(" ", ""):
				return doctype
		return None

	def method_arguments(self, method, user):
		try:
			params = inspect.signature(inspect.unwrap(method)).parameters
		except (TypeError, ValueError):
			return [({}, {})]
		outside_village = next(
			(self.area[v] for v in VILLAGES if self.area[v] not in self.user_areas.get(user, set())), None
		)
		calls = []
		for doctype in [d for d in scoped_doctypes() if self.forbidden_names(user, d)] or ["Child"]:
			outside = next(iter(self.forbidden_names(user, doctype)), None)
			outside_child = next(iter(self.forbidden_names(user, "Child")), None)
			values = {
				"child": outside_child,
				"children": json.dumps([outside_child]),
				"village": outside_village,
				"area": outside_village,
				"administrative_area": outside_village,
				"doctype": doctype,
				"dt": doctype,
				"reference_doctype": doctype,
				"name": outside,
				"docname": outside,
				"dn": outside,
				"source_name": outside,
				"reference_name": outside,
				"campaign": next(iter(self.forbidden_names(user, "Holiday Safety Screening")), None),
				"fields": json.dumps([f"`tab{doctype}`.`name`"]),
				"file_format_type": "CSV",
				"export_fields": json.dumps({doctype: ["name"]}),
				"export_records": "all",
				"select_columns": json.dumps({doctype: ["name"]}),
				"with_data": 1,
				"file_type": "CSV",
				"title": doctype,
			}
			area_field = scoped_doctypes()[doctype]["area"]
			values["filters"] = json.dumps({area_field: outside_village} if area_field else {})
			kwargs = {}
			for pname, param in params.items():
				if param.kind in (param.VAR_KEYWORD, param.VAR_POSITIONAL):
					continue
				if pname in values:
					kwargs[pname] = values[pname]
				elif param.default is inspect.Parameter.empty:
					kwargs[pname] = None
			# what a request that reads form_dict (report view export) would carry
			form = {k: values[k] for k in ("doctype", "fields", "filters", "file_format_type", "title")}
			form.update(kwargs)
			if (kwargs, form) not in calls:
				calls.append((kwargs, form))
		return calls

	# ------------------------------------------------------------------ the matrix

	def test_permission_leak_matrix(self):
		users = [*USERS, WEBSITE_USER, "Guest"]
		doctypes = [d for d in scoped_doctypes() if frappe.db.table_exists(d)]
		for user in users:
			self.as_user(user)
			for doctype in doctypes:
				self.doc_paths(user, doctype)
			self.child_table_paths(user)
			self.amend_paths(user)
			self.report_paths(user)
			self.card_paths(user)
			self.chart_paths(user)
			self.method_paths(user)
			frappe.set_user("Administrator")
		frappe.set_user("Administrator")
		for user in users:
			for doctype in doctypes:
				self.rest_paths(user, doctype)
		leaks = self.leaks
		print(
			f"\nleak matrix: {len(users)} users x {len(doctypes)} DocTypes + reports, cards, charts, methods; "
			f"{len(leaks.cells)} cells, {leaks.checks} checks, {len(leaks.leaks)} leaks, {len(leaks.errors)} errors"
		)
		by_cell = defaultdict(int)
		for _user, target, path, _detail in leaks.leaks:
			by_cell[(target, path)] += 1
		for (target, path), count in sorted(by_cell.items()):
			print(f"LEAKS {count:4d}  {target} / {path}")
		for leak in leaks.leaks[:40]:
			print("LEAK", leak)
		for error in leaks.errors[:40]:
			print("ERROR", error)
		self.assertEqual(leaks.leaks, [], f"{len(leaks.leaks)} leaks")
		# a path that crashes (rather than refusing) for a restricted user is a bug too
		self.assertEqual(leaks.errors, [], f"{len(leaks.errors)} paths crashed")
		# reach: scoped users do see their own records (a matrix that sees nothing proves nothing)
		self.as_user("lbc-matrix-township-dong@example.com")
		own = frappe.get_list("Child", filters={"child_name": ("like", f"{MARK}%")}, pluck="child_name")
		frappe.set_user("Administrator")
		self.assertEqual(
			sorted(own), sorted(f"{MARK}{v}儿童{x}" for v in ("东一村", "东二村") for x in "甲乙")
		)
		self.assertGreater(leaks.checks, 1000)
