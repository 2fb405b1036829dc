# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt
"""The (entrusted) guardian 委托监护人 of one or more children."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, nowdate

from left_behind_care import privacy, rules
from left_behind_care.utils import LeftBehindCareValidationError, apply_identity_number, throw_rule_error


class GuardianAgreementMissingError(LeftBehindCareValidationError):
	"""A designated guardian without a signed guardianship agreement."""


class Guardian(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		address: DF.SmallText | None
		address_masked: DF.Data | None
		agreement_attachment: DF.Attach | None
		agreement_signed_on: DF.Date | None
		agreement_signed_with: DF.Data | None
		birth_date: DF.Date | None
		capacity_notes: DF.SmallText | None
		gender: DF.Literal["", "Male", "Female"]
		guardian_name: DF.Data
		id_number: DF.Data | None
		id_number_masked: DF.Data | None
		is_designated: DF.Check
		naming_series: DF.Literal["LBC-GDN-.#####"]
		phone: DF.Data | None
		phone_masked: DF.Data | None
		village: DF.Link
	# end: auto-generated types

	def validate(self):
		self.warn_namesake()
		self.validate_identity()
		self.validate_phone()
		self.validate_agreement()
		self.set_masked_fields()

	def warn_namesake(self):
		"""A second guardian of the same name in the same village is most often the same
		person entered twice: the officer is told, with the records to check (a namesake
		is possible, so it is not refused)."""
		if not self.guardian_name or not self.village or not getattr(frappe.local, "request", None):
			return  # a ledger import (a background job) reports its own duplicates per row
		if not (
			self.is_new() or self.has_value_changed("guardian_name") or self.has_value_changed("village")
		):
			return
		namesakes = frappe.get_all(
			"Guardian",
			filters={
				"guardian_name": self.guardian_name,
				"village": self.village,
				"name": ("!=", self.name or ""),
			},
			pluck="name",
			limit=5,
		)
		if namesakes:
			frappe.msgprint(
				_(
					"{0} already has a guardian named {1} ({2}): check that this is not the same person before saving another record."
				).format(
					frappe.bold(
						frappe.db.get_value("Administrative Area", self.village, "area_name") or self.village
					),
					frappe.bold(frappe.utils.escape_html(self.guardian_name)),
					", ".join(namesakes),
				),
				title=_("Possible duplicate guardian"),
				indicator="orange",
			)

	def set_masked_fields(self):
		"""Masked identity number, phone and address for other roles (plan 4 §四5)."""
		privacy.set_masked_fields(self)

	def validate_identity(self):
		"""Normalise the identity number; the birth date comes from it, the gender must agree."""
		apply_identity_number(self, overwrite_birth_date=True)

	def validate_phone(self):
		if not self.phone:
			return
		try:
			self.phone = rules.normalize_phone(self.phone)
		except rules.RuleError as error:
			throw_rule_error(error)

	def validate_agreement(self):
		"""A guardian designated for a 一类 child signs a guardianship agreement (plan 3 §二(三)1)."""
		if self.agreement_signed_on and getdate(self.agreement_signed_on) > getdate(nowdate()):
			frappe.throw(_("The agreement cannot be signed in the future."))
		if not self.is_designated:
			return
		if not self.agreement_signed_on or not self.agreement_attachment:
			frappe.throw(
				_(
					"A designated guardian needs the signed guardianship agreement (监护合约): enter the date it was signed and attach it."
				),
				exc=GuardianAgreementMissingError,
			)
