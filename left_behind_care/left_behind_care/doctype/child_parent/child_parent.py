# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt

from frappe.model.document import Document


class ChildParent(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		away_since: DF.Date | None
		destination: DF.Data | None
		parent: DF.Data
		parent_name: DF.Data | None
		parentfield: DF.Data
		parenttype: DF.Data
		phone: DF.Data | None
		phone_masked: DF.Data | None
		relation: DF.Literal["Father", "Mother"]
		status: DF.Literal[
			"",
			"At Home",
			"Away for Work (In Province)",
			"Away for Work (Out of Province)",
			"Deceased",
			"Without Guardianship Capacity",
			"Unknown",
		]
	# end: auto-generated types

	pass
