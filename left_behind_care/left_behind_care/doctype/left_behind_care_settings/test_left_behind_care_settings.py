# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt

import frappe

from left_behind_care import rules
from left_behind_care.testing import LBCTestCase
from left_behind_care.utils import get_determination_rule


class TestLeftBehindCareSettings(LBCTestCase):
	def test_defaults_are_plan_3(self):
		self.assertEqual(get_determination_rule(), rules.PLAN3_RULE)

	def test_presets_and_custom(self):
		settings = frappe.get_single("Left Behind Care Settings")
		settings.determination_rule = "National (国发〔2016〕13号, under 16)"
		settings.save()
		self.assertEqual(get_determination_rule(), rules.NATIONAL_RULE)
		settings.determination_rule = "Custom"
		settings.age_limit = 17
		settings.min_months_away = 6
		settings.one_away_other_incapable = 0
		settings.save()
		self.assertEqual(get_determination_rule(), rules.DeterminationRule(17, 6, False))

	def test_out_of_range_parameters_refused(self):
		settings = frappe.get_single("Left Behind Care Settings")
		settings.determination_rule = "Custom"
		settings.age_limit = 19
		with self.assertRaises(frappe.ValidationError):
			settings.save()
