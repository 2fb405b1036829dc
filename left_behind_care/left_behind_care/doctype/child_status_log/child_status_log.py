# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt

from frappe.model.document import Document


class ChildStatusLog(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		child: DF.Link
		child_name: DF.Data | None
		event: DF.Literal[
			"Registered", "Became Left Behind", "No Longer Left Behind", "Grading Changed", "Status Changed"
		]
		event_date: DF.Date
		is_left_behind: DF.Check
		new_category: DF.Data | None
		new_guardian_assessment: DF.Data | None
		new_risk_level: DF.Data | None
		new_status: DF.Data | None
		old_category: DF.Data | None
		old_guardian_assessment: DF.Data | None
		old_risk_level: DF.Data | None
		old_status: DF.Data | None
		reason: DF.Data | None
		village: DF.Link | None
		was_left_behind: DF.Check
	# end: auto-generated types

	pass
