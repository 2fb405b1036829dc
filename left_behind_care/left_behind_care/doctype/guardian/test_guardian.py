# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt

import frappe

from left_behind_care.left_behind_care.doctype.guardian.guardian import GuardianAgreementMissingError
from left_behind_care.testing import LBCTestCase, make_guardian, make_id_number
from left_behind_care.utils import IdentityNumberError


class TestGuardian(LBCTestCase):
	def test_identity_and_phone_normalised(self):
		number = make_id_number(frappe.utils.getdate("1960-02-03"), "Female")
		guardian = make_guardian(id_number=number.lower(), phone="138 5203 8502")
		self.assertEqual(guardian.id_number, number.upper())
		self.assertEqual(guardian.gender, "Female")
		self.assertEqual(str(guardian.birth_date), "1960-02-03")
		self.assertEqual(guardian.phone, "13852038502")

	def test_gender_contradicting_identity_refused(self):
		number = make_id_number(frappe.utils.getdate("1960-02-03"), "Female")
		with self.assertRaises(IdentityNumberError):
			make_guardian(id_number=number, gender="Male")

	def test_designated_guardian_needs_signed_agreement(self):
		with self.assertRaises(GuardianAgreementMissingError):
			make_guardian(is_designated=1)
		guardian = make_guardian(
			is_designated=1,
			agreement_signed_on="2026-03-01",
			agreement_signed_with="东乡镇社会事务办",
			agreement_attachment="/private/files/agreement.pdf",
		)
		self.assertTrue(guardian.is_designated)
