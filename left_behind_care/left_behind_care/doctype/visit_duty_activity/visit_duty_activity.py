# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt

from frappe.model.document import Document


class VisitDutyActivity(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		visit_type: DF.Literal[
			"Home Visit",
			"Phone Call",
			"Video Call with Parents",
			"Phone Call with Parents",
			"Talk at School",
			"Homework Help",
			"Letter",
			"Guardians' Meeting",
			"Contact with Subject Teacher",
			"Contact with Custodian",
			"Information Check",
		]
	# end: auto-generated types
	pass
