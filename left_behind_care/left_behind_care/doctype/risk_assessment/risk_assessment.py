# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt
"""Risk assessment (风险评估): indicators in, risk level and guardian assessment out.

Submitted assessments are the grading history; submitting one updates the child's
current grading, cancelling it restores the previous one (plan 3 §二(二), 动态管理).
"""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, nowdate

from left_behind_care import rules
from left_behind_care.left_behind_care.doctype.child.child import apply_grading
from left_behind_care.utils import GradingError, set_area_from_child, throw_rule_error, validate_selects_first

INDICATOR_FIELDS = tuple(rules.RISK_INDICATORS)


class RiskAssessment(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		amended_from: DF.Link | None
		assessment_date: DF.Date
		assessor: DF.Link | None
		bad_behaviour: DF.Check
		behavioural_deviation: DF.Check
		cannot_live_normally: DF.Check
		child: DF.Link
		child_name: DF.Data | None
		corporal_punishment: DF.Check
		discrimination_or_indifference: DF.Check
		dropped_out: DF.Check
		guardian_assessment: DF.Literal["", "\u8f83\u597d", "\u4e00\u822c", "\u5dee"]
		guardian_not_performing: DF.Check
		guardian_performs_poorly: DF.Check
		has_guardian: DF.Check
		naming_series: DF.Literal["LBC-RA-.YYYY.-.#####"]
		no_guardian: DF.Check
		notes: DF.SmallText | None
		occasional_truancy: DF.Check
		psychological_problems: DF.Check
		risk_level: DF.Literal["\u6b63\u5e38", "\u4e00\u7ea7", "\u4e8c\u7ea7", "\u4e09\u7ea7", "\u56db\u7ea7"]
		serious_psychological_harm: DF.Check
		unfair_treatment: DF.Check
		vagrancy_begging: DF.Check
		village: DF.Link | None
		withdrawn_personality: DF.Check
	# end: auto-generated types

	def validate(self):
		validate_selects_first(self)
		set_area_from_child(self)
		self.validate_date()
		self.set_has_guardian()
		self.validate_indicators()
		self.set_risk_level()
		self.set_guardian_assessment()

	def on_submit(self):
		apply_grading(self.child, self.risk_level, self.guardian_assessment, self.name)

	def on_cancel(self):
		previous = frappe.get_all(
			"Risk Assessment",
			filters={"child": self.child, "docstatus": 1, "name": ("!=", self.name)},
			fields=["name", "risk_level", "guardian_assessment"],
			order_by="assessment_date desc, creation desc",
			limit=1,
		)
		if previous:
			apply_grading(
				self.child, previous[0].risk_level, previous[0].guardian_assessment, previous[0].name
			)
		else:
			apply_grading(self.child, rules.RiskLevel.NORMAL.value, None, None)

	def validate_date(self):
		if getdate(self.assessment_date) > getdate(nowdate()):
			frappe.throw(_("The assessment date cannot be in the future."), exc=GradingError)

	def set_has_guardian(self):
		self.has_guardian = int(bool(frappe.db.get_value("Child", self.child, "guardian")))

	def checked_indicators(self) -> list[str]:
		return [code for code in INDICATOR_FIELDS if self.get(code)]

	def validate_indicators(self):
		if self.has_guardian and self.get("no_guardian"):
			frappe.throw(
				_(
					'The child has a guardian on file: untick "No guardian" or remove the guardian from the child first.'
				),
				exc=GradingError,
			)

	def set_risk_level(self):
		"""Risk level = the most severe indicator recorded (plan 3 §二(二))."""
		self.risk_level = rules.risk_level(self.checked_indicators()).value

	def set_guardian_assessment(self):
		"""Derive the guardian assessment, or check the assessor's against the rules."""
		given = rules.GuardianAssessment(self.guardian_assessment) if self.guardian_assessment else None
		try:
			result = rules.check_guardian_assessment(
				given, bool(self.has_guardian), rules.RiskLevel(self.risk_level)
			)
		except rules.RuleError as error:
			throw_rule_error(error, GradingError)
		self.guardian_assessment = result.value
