# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt
"""One row's outcome in an LBC Ledger Import (written in bulk by the import engine)."""

from frappe.model.document import Document


class LBCLedgerImportLog(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		child: DF.Link | None
		child_name: DF.Data | None
		column_label: DF.Data | None
		duplicate_of_row: DF.Int
		error_kind: DF.Data | None
		guardianship_category: DF.Data | None
		id_number: DF.Data | None
		is_left_behind: DF.Check
		ledger_import: DF.Link
		ledger_row: DF.Int
		message: DF.SmallText | None
		outcome: DF.Literal["Created", "Updated", "Unchanged", "Error", "Skipped"]
		raw_cells: DF.JSON | None
		row_index: DF.Int
		sheet_name: DF.Data | None
		sheet_row: DF.Int
		village: DF.Link | None
	# end: auto-generated types
