# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt
"""Export any area's ledger (台账) as .xlsx, in the layout the offices keep.

A village's ledger, or everything under a township or county, one row per child:
the title, the office/date row, the Chinese headers of the sample ledgers (plus
家庭住址), identity numbers and phones as text cells. Children are read with
``frappe.get_list``, so a user exports exactly the children they may see. Users
without permission level 1 on Child (identity number, address) get those columns,
and the phones, masked (``rules.mask_id_number`` …); so does every child whose guardian
has not consented to sharing (plan 4 §四5, ``privacy.children_lacking_consent``).
Importing an unmasked export changes nothing (the round trip is tested).
"""

from __future__ import annotations

import datetime

import frappe
from frappe import _
from frappe.utils import cint, getdate, nowdate

from left_behind_care import privacy, rules
from left_behind_care.constants import AREA_DOCTYPE, VILLAGE
from left_behind_care.ledger.columns import BY_KEY, EXPORT_KEYS
from left_behind_care.ledger.normalize import place_for_export, relationship_word
from left_behind_care.ledger.writer import LedgerWriter

AREA = AREA_DOCTYPE
VILLAGE_TIER = VILLAGE
INACTIVE_STATUSES = ("Aged Out", "Moved Away")
BATCH = 1000
SENSITIVE_KEYS = tuple(key for key in EXPORT_KEYS if BY_KEY[key].sensitive)
# The ledger is a Chinese document format (like its headers): these stay Chinese in every language.
LEDGER_TITLE_SUFFIX = "农村留守儿童信息台账"
MASKED_SUFFIX = "（身份证号、电话、住址已隐去）"
WIDTHS = {"id_number": 21, "guardian_phone": 15, "mentor_phone": 15, "address": 24, "birth_date": 12}


def can_see_sensitive(user: str | None = None) -> bool:
	"""Whether a user may read Child's permission-level-1 fields (identity number, address)."""
	return 1 in frappe.get_meta("Child").get_permlevel_access("read", user=user)


def ledger_title(area: str) -> str:
	"""The export's title: the area's path from the county down, then 农村留守儿童信息台账.

	``青山村`` under 双龙社区服务中心 under 红桥区 → 红桥区双龙社区服务中心青山村农村留守儿童信息台账.
	"""
	table = frappe.qb.DocType(AREA)
	lft, rgt = frappe.db.get_value(AREA, area, ["lft", "rgt"])
	path = (
		frappe.qb.from_(table)
		.select(table.area_name)
		.where((table.lft <= lft) & (table.rgt >= rgt) & (table.tier != "City"))
		.orderby(table.lft)
		.run(as_dict=True)
	)
	names = "".join(row.area_name for row in path) or frappe.db.get_value(AREA, area, "area_name")
	return f"{names}{LEDGER_TITLE_SUFFIX}"


def office_name(area: str) -> str:
	"""The reporting office: a village's 村民委员会, a community's 居民委员会, else the area itself."""
	area_name, tier = frappe.db.get_value(AREA, area, ["area_name", "tier"])
	if tier == VILLAGE_TIER:
		return f"{area_name}{'居民委员会' if area_name.endswith('社区') else '村民委员会'}"
	return area_name


def chinese_date(day: datetime.date) -> str:
	"""``2026年9月30日``, as the ledgers write the date."""
	return f"{day.year}年{day.month}月{day.day}日"


def _villages(area: str) -> list:
	"""The villages under an area (itself if a village), in tree order, with their township.

	The tree is reference data, read with ``frappe.qb``; which children a user sees is
	decided by ``frappe.get_list`` on Child.
	"""
	table = frappe.qb.DocType(AREA)
	parent = frappe.qb.DocType(AREA).as_("parent_area")
	lft, rgt = frappe.db.get_value(AREA, area, ["lft", "rgt"])
	return (
		frappe.qb.from_(table)
		.left_join(parent)
		.on(parent.name == table.parent_administrative_area)
		.select(table.name, table.area_name, parent.area_name.as_("township"))
		.where((table.lft >= lft) & (table.rgt <= rgt) & (table.tier == VILLAGE_TIER))
		.orderby(table.lft)
		.run(as_dict=True)
	)


CHILD_FIELDS = [
	"name",
	"child_name",
	"gender",
	"ethnicity",
	"id_number",
	"birth_date",
	"school",
	"grade",
	"guardian",
	"guardian_name",
	"guardian_relationship",
	"low_income_family",
	"health_status",
	"address",
	"notes",
]


def _children(village: str, include_inactive: bool):
	"""The village's children the user may see, in registration order, in batches."""
	filters = {"village": village}
	if not include_inactive:
		filters["status"] = ["not in", INACTIVE_STATUSES]
	last = ""
	while True:
		batch = frappe.get_list(
			"Child",
			filters={**filters, "name": [">", last]},
			fields=CHILD_FIELDS,
			order_by="name asc",
			limit_page_length=BATCH,
		)
		if not batch:
			return
		last = batch[-1].name
		yield batch


def _related(children: list) -> tuple[dict, dict, dict]:
	names = [child.name for child in children]
	parents: dict[str, dict] = {}
	for row in frappe.get_all(
		"Child Parent",
		filters={"parenttype": "Child", "parent": ["in", names]},
		fields=["parent", "relation", "parent_name", "status", "destination", "away_since"],
		order_by="idx asc",
	):
		parents.setdefault(row.parent, {}).setdefault(row.relation, row)
	guardian_names = list({child.guardian for child in children if child.guardian})
	guardians = (
		{
			row.name: row
			for row in frappe.get_list(
				"Guardian",
				filters={"name": ["in", guardian_names]},
				fields=["name", "guardian_name", "phone", "gender"],
				limit_page_length=0,
			)
		}
		if guardian_names
		else {}
	)
	mentors: dict[str, dict] = {}
	for row in frappe.get_list(
		"Mentor Assignment",
		filters={"child": ["in", names], "is_active": 1},
		fields=["child", "mentor_name", "mentor_phone", "from_date", "creation"],
		order_by="from_date desc, creation desc",
		limit_page_length=0,
	):
		mentors.setdefault(row.child, row)
	return parents, guardians, mentors


def _yes_no(value) -> str:
	return "是" if value else "否"


def ledger_row(seq: int, village, child, parents: dict, guardian, mentor) -> dict:
	"""One export row (column key → value) for a child."""
	row = {
		"seq": seq,
		"township": village.township,
		"village": village.area_name,
		"child_name": child.child_name,
		"gender": {"Male": "男", "Female": "女"}.get(child.gender),
		"ethnicity": child.ethnicity,
		"id_number": child.id_number,
		"birth_date": getdate(child.birth_date) if child.birth_date else None,
		"school": child.school,
		"grade": child.grade,
		"guardian_name": guardian.guardian_name if guardian else child.guardian_name,
		"guardian_relationship": relationship_word(
			child.guardian_relationship, guardian.gender if guardian else None
		),
		"guardian_phone": guardian.phone if guardian else None,
		"low_income": _yes_no(child.low_income_family),
		"disabled": _yes_no(child.health_status == "Disabled"),
		"mentor_name": mentor.mentor_name if mentor else None,
		"mentor_phone": mentor.mentor_phone if mentor else None,
		"address": child.address,
		"notes": child.notes,
	}
	for relation, key in (("Father", "father"), ("Mother", "mother")):
		parent = parents.get(relation)
		if not parent:
			continue
		away = bool(parent.status) and rules.ParentStatus(parent.status).is_away
		row[f"{key}_name"] = parent.parent_name
		row[f"{key}_place"] = place_for_export(parent.status, parent.destination)
		row[f"{key}_since"] = getdate(parent.away_since) if away and parent.away_since else None
	return row


def _mask(row: dict) -> dict:
	row["id_number"] = rules.mask_id_number(row.get("id_number")) or None
	row["guardian_phone"] = rules.mask_phone(row.get("guardian_phone")) or None
	row["mentor_phone"] = rules.mask_phone(row.get("mentor_phone")) or None
	row["address"] = rules.mask_address(row.get("address")) or None
	return row


def build_ledger(
	area: str, include_inactive: bool = False, on: datetime.date | None = None
) -> tuple[bytes, int]:
	"""The ledger of an area as .xlsx, for the session user.

	Args:
	    area: an Administrative Area (village, township, county or city).
	    include_inactive: also the children who aged out or moved away.
	    on: the date written as 填报日期 (today by default).

	Returns:
	    (xlsx bytes, number of children written).
	"""
	on = getdate(on or nowdate())
	unmasked = can_see_sensitive()
	title = ledger_title(area)
	if not unmasked:
		title = f"{title}{MASKED_SUFFIX}"
	writer = LedgerWriter()
	text_columns = {index for index, key in enumerate(EXPORT_KEYS) if BY_KEY[key].text}
	sheet = writer.add_sheet(
		"台账",
		title,
		f"填报单位：{office_name(area)}",
		f"填报日期：{chinese_date(on)}",
		[BY_KEY[key].label for key in EXPORT_KEYS],
		text_columns=text_columns,
		widths={index: WIDTHS.get(key, 11) for index, key in enumerate(EXPORT_KEYS)},
	)
	seq = 0
	for village in _villages(area):
		for children in _children(village.name, include_inactive):
			parents, guardians, mentors = _related(children)
			# plan 4 §四5: no child's identifiable information leaves the system without
			# the guardian's consent, whoever exports it
			lacking = set(privacy.children_lacking_consent([child.name for child in children]))
			for child in children:
				seq += 1
				row = ledger_row(
					seq,
					village,
					child,
					parents.get(child.name, {}),
					guardians.get(child.guardian),
					mentors.get(child.name),
				)
				if not unmasked or child.name in lacking:
					row = _mask(row)
				sheet.append([row.get(key) for key in EXPORT_KEYS])
	return writer.to_bytes(), seq


@frappe.whitelist()
def export_ledger(area: str, include_inactive: int = 0) -> None:
	"""Download an area's ledger as .xlsx (the desk's "Export Ledger" button).

	Args:
	    area: the Administrative Area (a village, or a township/county for all villages under it).
	    include_inactive: 1 to include children who aged out or moved away.

	Raises:
	    frappe.PermissionError without read access to Child or to the area.
	"""
	frappe.has_permission("Child", "read", throw=True)
	if not frappe.db.exists(AREA, area):
		frappe.throw(
			_("Administrative Area {0} does not exist.").format(frappe.bold(area)),
			exc=frappe.DoesNotExistError,
		)
	frappe.has_permission(AREA, "read", doc=area, throw=True)
	content, _count = build_ledger(area, include_inactive=bool(cint(include_inactive)))
	area_name = frappe.db.get_value(AREA, area, "area_name") or area
	frappe.response["filename"] = f"{area_name}台账-{getdate(nowdate()):%Y%m%d}.xlsx"
	frappe.response["filecontent"] = content
	frappe.response["type"] = "binary"


@frappe.whitelist()
def export_notice(area: str, include_inactive: int = 0) -> dict:
	"""What the ledger export of ``area`` will hide, and why, for the desk to say before
	the download (plan 4 §四5): the children without a recorded guardian consent, whose
	identity numbers, phones and addresses are starred; or every child's, for a user who
	may not read them at all.

	Args:
	    area: the Administrative Area exported.
	    include_inactive: 1 to count the children who aged out or moved away too.

	Returns:
	    {"children": int, "lacking_consent": int, "masked_for_role": bool, "message": str or None}.

	Raises:
	    frappe.PermissionError without read access to Child or to the area;
	    frappe.DoesNotExistError for an area that does not exist.
	"""
	frappe.has_permission("Child", "read", throw=True)
	if not area or not frappe.db.exists(AREA, area):
		frappe.throw(
			_("Administrative Area {0} does not exist.").format(
				frappe.bold(frappe.utils.escape_html(str(area)))
			),
			exc=frappe.DoesNotExistError,
		)
	frappe.has_permission(AREA, "read", doc=area, throw=True)
	names = [
		child.name
		for village in _villages(area)
		for children in _children(village.name, bool(cint(include_inactive)))
		for child in children
	]
	lacking = len(privacy.children_lacking_consent(names)) if names else 0
	masked_for_role = not can_see_sensitive()
	message = None
	if masked_for_role:
		message = _(
			"Your role may not read identity numbers, phones and addresses: they are starred in this export."
		)
	elif lacking:
		message = _(
			"{0} of the {1} children in this export have no recorded guardian consent to sharing: their identity numbers, phones and addresses are starred. Record the consent on each child's form to export them in full."
		).format(lacking, len(names))
	return {
		"children": len(names),
		"lacking_consent": lacking,
		"masked_for_role": masked_for_role,
		"message": message,
	}
