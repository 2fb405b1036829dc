# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt

from frappe.model.document import Document


class DropoutPersuasionAttempt(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		attempt_date: DF.Date
		attempted_by: DF.Data
		method: DF.Literal[
			"Home Visit",
			"Phone Call",
			"Talk at School",
			"With the Village Committee",
			"With the Township",
			"With the Police",
		]
		notes: DF.SmallText | None
		outcome: DF.Literal["", "Refused", "Not Reached", "Agreed to Return", "Returned to School"]
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
	# end: auto-generated types
	pass
