# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt
"""Which left-behind definition the site applies (plan 3 by default)."""

import frappe
from frappe import _
from frappe.model.document import Document

from left_behind_care import rules

PLAN3 = "Plan 3 (both parents away 3+ months, under 18)"
NATIONAL = "National (国发〔2016〕13号, under 16)"
CUSTOM = "Custom"
PRESETS = {PLAN3: rules.PLAN3_RULE, NATIONAL: rules.NATIONAL_RULE}


class CareSettingsError(frappe.ValidationError):
	"""Care settings that contradict each other."""


RULE_FIELDS = ("age_limit", "min_months_away", "one_away_other_incapable")


class LeftBehindCareSettings(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		age_limit: DF.Int
		county_submission_days: DF.Int
		determination_rule: DF.Literal[
			"Plan 3 (both parents away 3+ months, under 18)",
			"National (\u56fd\u53d1\u30142016\u301513\u53f7, under 16)",
			"Custom",
		]
		duty_reminder_days: DF.Int
		escalate_to_township_after_days: DF.Int
		escalate_to_village_after_days: DF.Int
		max_children_per_mentor: DF.Int
		min_months_away: DF.Int
		one_away_other_incapable: DF.Check
		police_report_deadline_hours: DF.Float
		township_submission_days: DF.Int
		village_submission_days: DF.Int
		visit_interval_days: DF.Int
	# end: auto-generated types

	def validate(self):
		self.apply_preset()
		self.validate_parameters()
		self.validate_care()

	def on_update(self):
		before = self.get_doc_before_save()
		if before and any(before.get(f) != self.get(f) for f in RULE_FIELDS):
			frappe.enqueue(
				"left_behind_care.tasks.reevaluate_children",
				queue="long",
				enqueue_after_commit=True,
				job_id="lbc-reevaluate-children",
				deduplicate=True,
			)
			frappe.msgprint(
				_(
					"The definition changed: every child's determination is being re-evaluated in the background."
				)
			)

	def apply_preset(self):
		preset = PRESETS.get(self.determination_rule)
		if not preset:
			return
		self.age_limit = preset.age_limit
		self.min_months_away = preset.min_months_away
		self.one_away_other_incapable = int(preset.one_away_other_incapable)

	def validate_parameters(self):
		if not 1 <= (self.age_limit or 0) <= 18:
			frappe.throw(_("The age limit must be between 1 and 18 years."))
		if not 0 <= (self.min_months_away or 0) <= 24:
			frappe.throw(_("The minimum months away must be between 0 and 24."))

	def validate_care(self):
		"""Escalation margins in order: the village first, then the township (issue 5)."""
		try:
			rules.check_escalation_margins(
				self.escalate_to_village_after_days or 0, self.escalate_to_township_after_days or 0
			)
		except rules.RuleError as error:
			frappe.throw(_(error.template).format(*error.params), exc=CareSettingsError)
