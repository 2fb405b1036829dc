# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt

from frappe.model.document import Document


class IncidentService(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from_date: DF.Date | None
		outcome: DF.SmallText | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		provider: DF.Data | None
		service_type: DF.Literal[
			"",
			"Guardianship Guidance",
			"Medical Treatment",
			"Psychological Counselling",
			"Behaviour Correction",
			"Legal Services",
			"Legal Aid",
			"Social Assistance: Minimum Living Allowance (\u4f4e\u4fdd)",
			"Social Assistance: Temporary Assistance (\u4e34\u65f6\u6551\u52a9)",
		]
		status: DF.Literal["Planned", "In Progress", "Completed", "Declined"]
		to_date: DF.Date | None
	# end: auto-generated types
	pass
