# Copyright (c) 2026, left_behind_care developers and contributors
# For license information, please see license.txt

# import frappe
from frappe.model.document import Document


class LedgerSubmissionArea(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		area: DF.Link | None
		category_1: DF.Int
		children: DF.Int
		left_behind: DF.Int
		level_1: DF.Int
		level_2: DF.Int
		open_incidents: DF.Int
		overdue_visits: DF.Int
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		submission: DF.Link | None
		submission_status: DF.Data | None
		submitted_on: DF.Datetime | None
		visits_in_period: DF.Int
		without_mentor: DF.Int
	# end: auto-generated types
	pass
