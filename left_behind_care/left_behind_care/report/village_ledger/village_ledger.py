# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt
"""Village Ledger (台账): one row per child, with the columns of the ledger offices keep.

Plan 3 §二(一): each village keeps a ledger of its left-behind children (number,
names, guardian situation, parents' whereabouts, study situation); plan 4 §三3: one
file per child, kept up to date. The first columns are those of the Excel ledgers
(shared/samples), in the same order and, in the .xlsx export, with the same Chinese
headers, so an exported ledger reads like the one the office keeps. The system's
grading follows. Choosing a township or a county lists every village below it.

Identity numbers and phones are masked for users who may not read them (plan 4
§四5): permission level 1 on Child and on Guardian.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import getdate, nowdate

from left_behind_care import privacy, rules
from left_behind_care.permissions import Scope, get_scope
from left_behind_care.reporting import (
	Area,
	can_read_sensitive,
	in_subtree,
	resolve_area,
	where_scoped,
)
from left_behind_care.rules import mask_id_number, mask_phone

YES_NO = {1: "是", 0: "否"}
GENDER_WORDS = {"Male": "男", "Female": "女"}
PARENT_STATUS_WORDS = {
	"At Home": "在家",
	"Deceased": "已故",
	"Without Guardianship Capacity": "无监护能力",
	"Unknown": "不详",
}
RELATIONSHIP_WORDS = {
	"Father": "父亲",
	"Mother": "母亲",
	"Paternal Grandfather": "祖父",
	"Paternal Grandmother": "祖母",
	"Maternal Grandfather": "外祖父",
	"Maternal Grandmother": "外祖母",
	"Uncle": "叔叔",
	"Aunt": "姑姑",
	"Adult Sibling": "哥哥",
	"Other Relative": "其他亲属",
	"Neighbour": "邻居",
	"Designated by Village Committee": "村委会指定监护人",
	"Other Non-relative": "其他",
	"None": "无",
}


def execute(filters=None):
	"""Script Report entry point.

	Args:
	    filters: area (any Administrative Area; default the user's own), status,
	        left_behind ("Yes", "No"; empty for all), guardianship_category,
	        risk_level. The form opens on Active left-behind children.

	Returns:
	    columns, data (one row per child), None, chart (children by risk level).
	"""
	return _execute(frappe._dict(filters or {}))


@frappe.read_only()
def _execute(filters):
	area = resolve_area(filters)
	if not area:
		return get_columns(), [], None, None
	data = get_data(area, filters)
	return get_columns(), data, None, get_chart(data)


def get_columns() -> list[dict]:
	"""Ledger columns (``export_label``: the Chinese header of the Excel ledger), then the grading."""

	def col(fieldname, label, export_label=None, fieldtype="Data", width=100, **extra):
		column = {"fieldname": fieldname, "label": label, "fieldtype": fieldtype, "width": width, **extra}
		if export_label:
			column["export_label"] = export_label
		return column

	return [
		col("seq", _("No."), "序号", "Int", 50),
		# Data: a Link to the township (above a village officer) could make Frappe drop the row
		col("township", _("Township"), "乡镇(街道)", "Data", 120),
		col("village", _("Village"), "村(社区)", "Link", 120, options="Administrative Area"),
		col("child_name", _("Child Name"), "儿童姓名", width=90),
		col("gender", _("Gender"), "性别", width=60, export_map=GENDER_WORDS),
		col("ethnicity", _("Ethnicity"), "民族", width=60),
		col("id_number", _("Identity Number"), "身份证号码", width=170, text=1),
		col("birth_date", _("Birth Date"), "出生日期", "Date", 95),
		col("school", _("School"), "就读学校", width=110),
		col("grade", _("Grade"), "年级", width=70),
		col("father_name", _("Father"), "父亲姓名", width=80),
		col("father_place", _("Father's Workplace"), "父亲务工地", width=120, export_map=PARENT_STATUS_WORDS),
		col("father_away_since", _("Father Away Since"), "父亲外出时间", "Date", 95),
		col("mother_name", _("Mother"), "母亲姓名", width=80),
		col("mother_place", _("Mother's Workplace"), "母亲务工地", width=120, export_map=PARENT_STATUS_WORDS),
		col("mother_away_since", _("Mother Away Since"), "母亲外出时间", "Date", 95),
		col("guardian_name", _("Guardian"), "监护人姓名", width=90),
		col(
			"guardian_relationship", _("Relationship"), "与儿童关系", width=110, export_map=RELATIONSHIP_WORDS
		),
		col("guardian_phone", _("Guardian Phone"), "监护人联系电话", width=120, text=1),
		col("low_income", _("Low-income Family"), "是否低保", "Check", 80, export_map=YES_NO),
		col("disabled", _("Disabled"), "是否残疾", "Check", 70, export_map=YES_NO),
		col("mentor_name", _("Mentor"), "帮扶责任人", width=110),
		col("mentor_phone", _("Mentor Phone"), "帮扶人联系电话", width=120, text=1),
		col("notes", _("Notes"), "备注", width=120),
		col("age", _("Age"), fieldtype="Int", width=50),
		col("status", _("Status"), width=110),
		col("is_left_behind", _("Left Behind"), fieldtype="Check", width=80),
		col("guardianship_category", _("Guardianship Category"), width=70),
		col("risk_level", _("Risk Level"), width=70),
		col("guardian_assessment", _("Guardian Assessment"), width=90),
		col("last_visit_date", _("Last Visit"), fieldtype="Date", width=95),
		col("child", _("Child"), fieldtype="Link", width=120, options="Child"),
	]


def get_data(area: Area, filters, scope: Scope | None = None, mask: bool | None = None) -> list[dict]:
	"""The ledger rows of an area's subtree, in tree order then by name.

	Args:
	    area: any Administrative Area; every village below it is included.
	    filters: status, left_behind, guardianship_category, risk_level (see execute).
	    scope: defaults to the session user's; built into the query.
	    mask: mask identity numbers and phones; by default for users without
	        permission level 1 on Child / Guardian.

	Returns:
	    list of dicts keyed by the column fieldnames.
	"""
	scope = scope or get_scope()
	child = frappe.qb.DocType("Child").as_("child")
	village = frappe.qb.DocType("Administrative Area").as_("village_area")
	father = frappe.qb.DocType("Child Parent").as_("father")
	mother = frappe.qb.DocType("Child Parent").as_("mother")
	guardian = frappe.qb.DocType("Guardian").as_("guardian")

	def parent_join(query, table, relation):
		return query.left_join(table).on(
			(table.parent == child.name)
			& (table.parenttype == "Child")
			& (table.parentfield == "parents")
			& (table.relation == relation)
		)

	query = frappe.qb.from_(child).join(village).on(village.name == child.village)
	query = parent_join(query, father, "Father")
	query = parent_join(query, mother, "Mother")
	query = query.left_join(guardian).on(guardian.name == child.guardian)
	query = query.select(
		child.name.as_("child"),
		village.parent_administrative_area.as_("township"),
		child.village,
		child.child_name,
		child.gender,
		child.ethnicity,
		child.id_number,
		child.birth_date,
		child.school,
		child.grade,
		father.parent_name.as_("father_name"),
		father.status.as_("father_status"),
		father.destination.as_("father_destination"),
		father.away_since.as_("father_away_since"),
		mother.parent_name.as_("mother_name"),
		mother.status.as_("mother_status"),
		mother.destination.as_("mother_destination"),
		mother.away_since.as_("mother_away_since"),
		child.guardian_name,
		guardian.guardian_name.as_("guardian_record_name"),
		child.guardian_relationship,
		guardian.phone.as_("guardian_phone"),
		guardian.village.as_("guardian_village"),
		child.low_income_family.as_("low_income"),
		child.health_status,
		child.disability_category,
		child.notes,
		child.status,
		child.is_left_behind,
		child.guardianship_category,
		child.risk_level,
		child.guardian_assessment,
		child.last_visit_date,
	)
	query = query.where((village.lft >= area.lft) & (village.rgt <= area.rgt))
	status = filters.get("status")
	if status:
		query = query.where(child.status == status)
	left_behind = filters.get("left_behind")
	if left_behind in ("Yes", "No"):
		query = query.where(child.is_left_behind == (1 if left_behind == "Yes" else 0))
	for fieldname in ("guardianship_category", "risk_level"):
		if filters.get(fieldname):
			query = query.where(child[fieldname] == filters.get(fieldname))
	query = (
		where_scoped(query, "Child", child, scope)
		.orderby(village.lft)
		.orderby(child.child_name)
		.orderby(child.name)
	)
	rows = query.run(as_dict=True)

	mentors = _active_mentors(area, scope) if rows else {}
	mask_ids = (not can_read_sensitive("Child")) if mask is None else mask
	mask_phones = (not can_read_sensitive("Guardian")) if mask is None else mask
	# the Guardian record's own values (its phone; its name where the child has none) come
	# only from a guardian the user's Guardian scope reaches: an officer scoped for
	# children only sees what the child's file holds
	guardians = get_scope(scope.user, "Guardian") if not scope.unrestricted else scope
	guardian_villages: dict[str | None, bool] = {}  # village → reached (one lookup each)
	today = getdate(nowdate())
	# an export (not the screen) carries no identifiable value of a child whose guardian has
	# not consented to sharing, whoever exports it (plan 4 §四5; privacy.children_lacking_consent)
	lacking = (
		set(privacy.children_lacking_consent([row.child for row in rows]))
		if frappe.flags.lbc_exporting and rows
		else set()
	)
	data = []
	for seq, row in enumerate(rows, start=1):
		names, phones = mentors.get(row.child, ((), ()))
		if not guardians.unrestricted:
			if row.guardian_village not in guardian_villages:
				guardian_villages[row.guardian_village] = guardians.allows_area(row.guardian_village)
			if not guardian_villages[row.guardian_village]:
				row.guardian_phone = row.guardian_record_name = None
		if row.child in lacking:
			row.id_number = mask_id_number(row.id_number) or None
			row.guardian_phone = mask_phone(row.guardian_phone) or None
			phones = [mask_phone(phone) for phone in phones]
		data.append(
			{
				"seq": seq,
				"township": row.township,
				"village": row.village,
				"child_name": row.child_name,
				"gender": row.gender,
				"ethnicity": row.ethnicity,
				"id_number": (mask_id_number(row.id_number) or None) if mask_ids else row.id_number,
				"birth_date": row.birth_date,
				"school": row.school,
				"grade": row.grade,
				"father_name": row.father_name,
				"father_place": _place(row.father_status, row.father_destination),
				"father_away_since": row.father_away_since,
				"mother_name": row.mother_name,
				"mother_place": _place(row.mother_status, row.mother_destination),
				"mother_away_since": row.mother_away_since,
				"guardian_name": row.guardian_name or row.guardian_record_name,
				"guardian_relationship": row.guardian_relationship,
				"guardian_phone": (mask_phone(row.guardian_phone) or None)
				if mask_phones
				else row.guardian_phone,
				"low_income": row.low_income,
				"disabled": int(row.health_status == "Disabled" or bool(row.disability_category)),
				"mentor_name": "、".join(names),
				"mentor_phone": "、".join(phones),
				"notes": row.notes,
				"age": rules.age_on(getdate(row.birth_date), today) if row.birth_date else None,
				"status": row.status,
				"is_left_behind": row.is_left_behind,
				"guardianship_category": row.guardianship_category,
				"risk_level": row.risk_level,
				"guardian_assessment": row.guardian_assessment,
				"last_visit_date": row.last_visit_date,
				"child": row.child,
			}
		)
	return data


def _place(status: str | None, destination: str | None) -> str | None:
	"""The ledger's workplace column: where an away parent works, else their situation."""
	if status and rules.ParentStatus(status).is_away:
		return destination or None
	return status or None


def _active_mentors(area: Area, scope: Scope) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
	"""{child: (mentor names, mentor phones)} of the active pairings in the area's subtree."""
	pairing = frappe.qb.DocType("Mentor Assignment").as_("pairing")
	query = (
		frappe.qb.from_(pairing)
		.select(pairing.child, pairing.mentor_name, pairing.mentor_phone)
		.where(pairing.is_active == 1)
		.where(in_subtree(pairing.village, area))
		.orderby(pairing.from_date)
		.orderby(pairing.name)
	)
	rows = where_scoped(query, "Mentor Assignment", pairing, scope).run(as_dict=True)
	result: dict[str, tuple[list[str], list[str]]] = {}
	for row in rows:
		names, phones = result.setdefault(row.child, ([], []))
		names.append(row.mentor_name or "")
		phones.append(row.mentor_phone or "")
	return {child: (tuple(n), tuple(p)) for child, (n, p) in result.items()}


def get_chart(data: list[dict]) -> dict | None:
	"""Bar chart: the listed children by risk level."""
	if not data:
		return None
	levels = [level.value for level in rules.RiskLevel]
	counts = dict.fromkeys(levels, 0)
	for row in data:
		counts[row["risk_level"] if row["risk_level"] in counts else rules.RiskLevel.NORMAL.value] += 1
	return {
		"data": {
			"labels": levels,
			"datasets": [{"name": _("Children"), "values": [counts[x] for x in levels]}],
		},
		"type": "bar",
	}


def get_export_title(filters) -> str:
	"""Title of the .xlsx export, as the ledgers head it: area, 台账 and date."""
	area = resolve_area(filters)
	year, quarter = rules.quarter_of(getdate(nowdate()))
	return _("{0} Left-behind Children Ledger ({1} Q{2})").format(
		area.area_name if area else "", year, quarter
	)
