# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt

from frappe.model.document import Document


class SafetyScreeningVillage(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		checked: DF.Int
		children: DF.Int
		completion_percent: DF.Percent
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		risks_found: DF.Int
		village: DF.Link | None
	# end: auto-generated types
	pass
