# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt
"""One child, one file (一人一档): identity, parents, guardian and the server's grading."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, nowdate

from left_behind_care import pinyin, privacy, rules
from left_behind_care.utils import (
	GradingError,
	IdentityNumberError,
	LeftBehindCareValidationError,
	apply_identity_number,
	get_determination_rule,
	rule_message,
	throw_rule_error,
	to_date,
	validate_selects_first,
)

# Fields only the server writes; whatever a client sends for them is replaced.
COMPUTED_FIELDS = (
	"is_left_behind",
	"determination_reason",
	"determined_on",
	"age_out_date",
	"guardianship_category",
)
# Fields only the visit-duty job writes (left_behind_care.care).
CARE_FIELDS = (
	"next_visit_due",
	"visit_overdue_days",
	"has_active_mentor",
	"no_mentor_since",
	"visit_escalation",
	"visit_escalated_on",
)
# Fields only a submitted Risk Assessment (or a Home Visit) writes.
GRADING_FIELDS = ("risk_level", "guardian_assessment", "last_risk_assessment", "last_visit_date")
# Records that carry the child's village; kept in step when the child moves.
LINKED_DOCTYPES = (
	"Mentor Assignment",
	"Home Visit",
	"Incident Report",
	"Risk Assessment",
	"Child Status Log",
)

STATUS_ACTIVE = "Active"
STATUS_NO_LONGER = "No Longer Left Behind"
STATUS_AGED_OUT = "Aged Out"
STATUS_MOVED = "Moved Away"


class ParentRowError(LeftBehindCareValidationError):
	"""The parents table is inconsistent."""


class Child(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from left_behind_care.left_behind_care.doctype.child_parent.child_parent import ChildParent

		address: DF.SmallText | None
		address_masked: DF.Data | None
		age_out_date: DF.Date | None
		birth_date: DF.Date | None
		child_name: DF.Data
		child_name_initials: DF.Data | None
		child_name_pinyin: DF.Data | None
		consent_attachment: DF.Attach | None
		consent_date: DF.Date | None
		consent_given: DF.Check
		consent_given_by: DF.Literal["", "Guardian", "Parent", "Child (aged 14 or over)"]
		determination_reason: DF.Literal[
			"",
			"Left behind",
			"A parent lives at home",
			"Parents away less than the minimum period",
			"Reached the age limit",
			"Not yet born on the evaluation date",
			"Parents' situation not recorded",
		]
		determined_on: DF.Date | None
		disability_category: DF.Literal[
			"", "Visual", "Hearing", "Speech", "Physical", "Intellectual", "Mental", "Multiple"
		]
		ethnicity: DF.Data | None
		gender: DF.Literal["", "Male", "Female"]
		grade: DF.Data | None
		guardian: DF.Link | None
		guardian_assessment: DF.Literal["", "\u8f83\u597d", "\u4e00\u822c", "\u5dee"]
		guardian_name: DF.Data | None
		guardian_relationship: DF.Literal[
			"",
			"Paternal Grandfather",
			"Paternal Grandmother",
			"Maternal Grandfather",
			"Maternal Grandmother",
			"Uncle",
			"Aunt",
			"Adult Sibling",
			"Other Relative",
			"Neighbour",
			"Designated by Village Committee",
			"Other Non-relative",
			"Father",
			"Mother",
			"None",
		]
		guardianship_category: DF.Literal["", "\u4e00\u7c7b", "\u4e8c\u7c7b", "\u4e09\u7c7b"]
		has_active_mentor: DF.Check
		health_notes: DF.SmallText | None
		health_status: DF.Literal["Healthy", "Ill", "Disabled"]
		household_registration: DF.Literal["Rural", "Non-rural"]
		id_number: DF.Data | None
		id_number_masked: DF.Data | None
		in_hardship: DF.Check
		is_left_behind: DF.Check
		last_risk_assessment: DF.Link | None
		last_visit_date: DF.Date | None
		low_income_family: DF.Check
		naming_series: DF.Literal["LBC-CH-.#####"]
		next_visit_due: DF.Date | None
		no_mentor_since: DF.Date | None
		notes: DF.SmallText | None
		orphan: DF.Check
		parents: DF.Table[ChildParent]
		risk_level: DF.Literal["\u6b63\u5e38", "\u4e00\u7ea7", "\u4e8c\u7ea7", "\u4e09\u7ea7", "\u56db\u7ea7"]
		school: DF.Data | None
		schooling_status: DF.Literal["In School", "Dropped Out", "Not Yet in School"]
		single_parent: DF.Check
		status: DF.Literal["Active", "No Longer Left Behind", "Aged Out", "Moved Away"]
		status_date: DF.Date | None
		status_reason: DF.SmallText | None
		village: DF.Link
		visit_escalated_on: DF.Date | None
		visit_escalation: DF.Literal["", "Village", "Township"]
		visit_overdue_days: DF.Int
	# end: auto-generated types

	def validate(self):
		validate_selects_first(self)
		self.protect_computed_fields()
		self.set_name_search_keys()
		self.validate_identity()
		self.validate_birth_date()
		self.validate_parents()
		self.validate_guardian()
		self.validate_village()
		self.set_flags_from_parents()
		self.set_determination()
		self.set_category()
		self.set_status()
		self.protect_care_fields()
		self.set_masked_fields()
		self.validate_consent()

	def on_update(self):
		self.log_changes()
		self.propagate_village()

	# ------------------------------------------------------------------ care and privacy

	def protect_care_fields(self):
		"""Visit and mentor fields are written by the duty job only (left_behind_care.care)."""
		before = self.get_doc_before_save()
		for fieldname in CARE_FIELDS:
			self.set(fieldname, before.get(fieldname) if before else None)

	def set_masked_fields(self):
		"""Masked identity number, address and parents' phones for other roles (plan 4 §四5)."""
		privacy.set_masked_fields(self)

	def validate_consent(self):
		"""Who consented to recording and sharing, when (below 14: a guardian), plan 4 §四5."""
		privacy.validate_consent(self)

	# ------------------------------------------------------------------ checks

	def protect_computed_fields(self):
		"""A client can never write a computed field (form, REST or import)."""
		before = self.get_doc_before_save()
		if self.flags.grading_update:
			return
		for fieldname in GRADING_FIELDS:
			self.set(fieldname, before.get(fieldname) if before else None)
		if not self.risk_level:
			self.risk_level = rules.RiskLevel.NORMAL.value

	def set_name_search_keys(self):
		"""Pinyin and initials of the name (zhangsan, zs), for the list and Link search."""
		self.child_name_pinyin, self.child_name_initials = pinyin.name_search_keys(self.child_name)

	def validate_identity(self):
		"""Normalise the identity number; birth date and gender must agree with it."""
		info = apply_identity_number(self)
		if not info:
			return
		duplicate = frappe.db.get_value(
			"Child", {"id_number": info.number, "name": ("!=", self.name or "")}, "name"
		)
		if duplicate:
			frappe.throw(
				_("A child with identity number {0} is already registered ({1}).").format(
					frappe.bold(info.number), duplicate
				),
				exc=frappe.DuplicateEntryError,
			)

	def validate_birth_date(self):
		if not self.birth_date:
			frappe.throw(_("Enter the birth date or the identity number."), exc=frappe.MandatoryError)
		if getdate(self.birth_date) > getdate(nowdate()):
			frappe.throw(_("Birth date {0} is in the future.").format(frappe.bold(self.birth_date)))

	def validate_parents(self):
		"""At most one father and one mother; dates not in the future; phones normalised."""
		seen = set()
		today = getdate(nowdate())
		for row in self.parents:
			label = _("Parents row {0}").format(row.idx)
			if row.relation in seen:
				frappe.throw(
					_("{0}: the child already has a {1} in the table.").format(label, _(row.relation)),
					exc=ParentRowError,
				)
			seen.add(row.relation)
			if row.away_since and getdate(row.away_since) > today:
				frappe.throw(
					_("{0}: away since {1} is in the future.").format(label, frappe.bold(row.away_since)),
					exc=ParentRowError,
				)
			if row.status and not rules.ParentStatus(row.status).is_away:
				row.away_since = None
			if row.phone:
				try:
					row.phone = rules.normalize_phone(row.phone)
				except rules.RuleError as error:
					throw_rule_error(error, ParentRowError, prefix=label)

	def validate_guardian(self):
		"""The guardian's relationship is required with a guardian, and 'None' without one."""
		if self.guardian and self.guardian_relationship in (None, "", rules.Relationship.NONE.value):
			frappe.throw(
				_("Set the guardian's relationship to the child."),
				exc=LeftBehindCareValidationError,
			)
		if not self.guardian and self.guardian_relationship not in (None, "", rules.Relationship.NONE.value):
			# A relationship without a guardian record: keep it (a ledger may name the relative only).
			return

	def validate_village(self):
		tier = frappe.db.get_value("Administrative Area", self.village, "tier")
		if tier and tier != "Village/Community":
			frappe.throw(
				_("{0} is a {1}: a child is registered in a village or community.").format(
					frappe.bold(self.village), _(tier)
				),
				exc=LeftBehindCareValidationError,
			)

	def set_flags_from_parents(self):
		statuses = [row.status for row in self.parents]
		if len(statuses) == 2 and all(s == rules.ParentStatus.DECEASED.value for s in statuses):
			self.orphan = 1

	# ------------------------------------------------------------------ computed

	def evaluation_date(self):
		"""The date the rules are evaluated at: a ledger's date when importing, else today."""
		return getdate(self.flags.evaluation_date or nowdate())

	def parent_situations(self) -> list[rules.ParentSituation]:
		situations = []
		for relation in ("Father", "Mother"):
			row = next((r for r in self.parents if r.relation == relation), None)
			if row is None:
				situations.append(rules.ParentSituation(rules.ParentStatus.UNKNOWN))
			else:
				situations.append(
					rules.ParentSituation(rules.ParentStatus(row.status), to_date(row.away_since))
				)
		return situations

	def set_determination(self):
		"""Left-behind determination by the server (plan 3 §一 or 国发〔2016〕13号)."""
		rule = get_determination_rule()
		on = self.evaluation_date()
		result = rules.determine_left_behind(getdate(self.birth_date), self.parent_situations(), on, rule)
		self.is_left_behind = int(result.left_behind)
		# stored untranslated (a Select): each user reads it in their own language
		self.determination_reason = result.reason.value if result.reason else "Left behind"
		self.determined_on = on
		self.age_out_date = rules.age_out_date(getdate(self.birth_date), rule)
		self.flags.determination = result

	def set_category(self):
		"""Guardianship category from the guardian's relationship (plan 3 §二(二))."""
		relationship = None
		if self.guardian_relationship:
			relationship = rules.Relationship(self.guardian_relationship)
		if not self.guardian and relationship in (None, rules.Relationship.NONE):
			relationship = None
		category = rules.guardianship_category(relationship, bool(self.is_left_behind))
		self.guardianship_category = category.value if category else None

	def set_status(self):
		"""Active / No Longer Left Behind / Aged Out, from the determination; Moved Away is kept."""
		result = self.flags.determination
		before = self.get_doc_before_save()
		if self.status == STATUS_MOVED:
			if before is None or before.status != STATUS_MOVED:
				self.status_date = self.status_date or nowdate()
				if not self.status_reason:
					frappe.throw(_("Give the reason the child moved away."), exc=frappe.MandatoryError)
			return
		was_left_behind = bool(before and before.is_left_behind)
		if result.reason == rules.NotLeftBehindReason.AGED_OUT:
			new_status = STATUS_AGED_OUT
		elif result.left_behind:
			new_status = STATUS_ACTIVE
		elif was_left_behind or (before and before.status == STATUS_NO_LONGER):
			new_status = STATUS_NO_LONGER
		else:
			new_status = STATUS_ACTIVE
		if new_status != (before.status if before else None) or new_status != self.status:
			if new_status != STATUS_ACTIVE:
				self.status_reason = _(result.reason.value) if result.reason else self.status_reason
				self.status_date = self.evaluation_date()
			else:
				self.status_reason = None
				self.status_date = None
		self.status = new_status

	# ------------------------------------------------------------------ history

	def log_changes(self):
		"""Keep the history of determination, grading and status (Child Status Log)."""
		before = self.get_doc_before_save()
		on = self.determined_on or nowdate()
		if before is None:
			self.add_status_log("Registered", on, None, reason=self.determination_reason)
			return
		if bool(before.is_left_behind) != bool(self.is_left_behind):
			event = "Became Left Behind" if self.is_left_behind else "No Longer Left Behind"
			self.add_status_log(event, on, before, reason=self.determination_reason)
		elif (
			(before.guardianship_category or "") != (self.guardianship_category or "")
			or (before.risk_level or "") != (self.risk_level or "")
			or (before.guardian_assessment or "") != (self.guardian_assessment or "")
		):
			self.add_status_log("Grading Changed", on, before)
		if (before.status or "") != (self.status or ""):
			self.add_status_log("Status Changed", self.status_date or on, before, reason=self.status_reason)

	def add_status_log(self, event, on, before, reason=None):
		log = frappe.get_doc(
			{
				"doctype": "Child Status Log",
				"child": self.name,
				"child_name": self.child_name,
				"village": self.village,
				"event_date": on,
				"event": event,
				"reason": reason,
				"was_left_behind": int(bool(before and before.is_left_behind)),
				"is_left_behind": int(bool(self.is_left_behind)),
				"old_category": before.guardianship_category if before else None,
				"new_category": self.guardianship_category,
				"old_risk_level": before.risk_level if before else None,
				"new_risk_level": self.risk_level,
				"old_guardian_assessment": before.guardian_assessment if before else None,
				"new_guardian_assessment": self.guardian_assessment,
				"old_status": before.status if before else None,
				"new_status": self.status,
			}
		)
		log.insert(ignore_permissions=True)

	def propagate_village(self):
		"""When a child moves village, the records that belong to it move with it."""
		before = self.get_doc_before_save()
		if before is None or before.village == self.village:
			return
		for doctype in LINKED_DOCTYPES:
			table = frappe.qb.DocType(doctype)
			frappe.qb.update(table).set(table.village, self.village).where(table.child == self.name).run()


def apply_grading(child: str, risk_level: str, guardian_assessment: str, risk_assessment: str | None):
	"""Write a child's current grading from a Risk Assessment, keeping the history.

	Saves the Child through the ORM (so the change is logged and versioned) with
	``flags.grading_update`` set; the child's ``modified`` is kept so an officer who
	has the form open can still save it.

	Args:
	    child: Child name.
	    risk_level: 一级…四级 or 正常.
	    guardian_assessment: 较好/一般/差.
	    risk_assessment: the Risk Assessment that set it (None after a cancel without
	        an earlier assessment).
	"""
	doc = frappe.get_doc("Child", child)
	doc.risk_level = risk_level
	doc.guardian_assessment = guardian_assessment
	doc.last_risk_assessment = risk_assessment
	doc.flags.grading_update = True
	doc.flags.ignore_permissions = True
	modified = doc.modified
	doc.save()
	frappe.db.set_value("Child", child, "modified", modified, update_modified=False)


@frappe.whitelist()
def read_identity_number(id_number: str | None = None) -> dict:
	"""What a resident identity number says, for the form to fill in as it is typed (the
	server sets the same on save; rule: GB 11643-1999, via rules.parse_id_number).

	Args:
	    id_number: the number as typed (spaces, a lower-case x and full-width digits are fine).

	Returns:
	    dict(id_number, gender: "Male"/"Female", birth_date: ISO date), or dict(error:
	    the translated reason the number is not valid). Reads no record.

	Raises:
	    frappe.PermissionError for a user who may neither register nor edit a child.
	"""
	if not (frappe.has_permission("Child", "create") or frappe.has_permission("Child", "write")):
		frappe.throw(_("You may not register or edit children."), frappe.PermissionError)
	if not isinstance(id_number, str) or not id_number.strip() or len(id_number) > 40:
		return {"error": _("Type the child's 18-character resident identity number.")}
	try:
		info = rules.parse_id_number(id_number)
	except rules.RuleError as error:
		return {"error": rule_message(error)}
	return {"id_number": info.number, "gender": info.gender, "birth_date": info.birth_date.isoformat()}


@frappe.whitelist()
def preview_determination(child: str) -> dict:
	"""What the server decides for a saved child today (for the form's indicator).

	Args:
	    child: Child name.

	Returns:
	    dict(left_behind: bool, reason: str, age: int, category: str|None).

	Raises:
	    frappe.PermissionError when the user may not read the child.
	"""
	doc = frappe.get_doc("Child", child)
	doc.check_permission("read")
	rule = get_determination_rule()
	result = rules.determine_left_behind(
		getdate(doc.birth_date), doc.parent_situations(), getdate(nowdate()), rule
	)
	return {
		"left_behind": result.left_behind,
		"reason": _(result.reason.value) if result.reason else _("Left behind"),
		"age": result.age,
		"category": doc.guardianship_category,
	}
