# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt
"""The bad-input corpus (``tests/corpus/``) through the ledger importer.

Every bad cell gets a clear message naming its row and column and writes nothing, while
the valid row beside it is imported; formula-like cells are kept as text and exported as
text; files that are not ledgers fail as a whole with a clear message and write nothing.
Records are counted in the database before and after each import.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import frappe
from openpyxl import load_workbook

from left_behind_care.ledger.columns import BY_KEY, EXPORT_KEYS
from left_behind_care.left_behind_care.doctype.lbc_ledger_import.ledger_export import build_ledger
from left_behind_care.left_behind_care.doctype.lbc_ledger_import.test_lbc_ledger_import import (
	build_workbook,
	import_now,
	ledger_row,
	logs,
	make_ledger_areas,
	record_consent,
)
from left_behind_care.testing import LBCTestCase

CORPUS = Path(__file__).parent / "corpus"
COUNTED = ("Child", "Child Parent", "Guardian", "Mentor Assignment")


def as_number_cell(content: bytes, column: str, value: float) -> bytes:
	"""The second data row's cell as a number cell (build_workbook writes that column as text)."""
	workbook = load_workbook(io.BytesIO(content))
	cell = workbook.active.cell(row=5, column=EXPORT_KEYS.index(column) + 1)
	cell.value = value
	cell.number_format = "General"
	out = io.BytesIO()
	workbook.save(out)
	return out.getvalue()


def counts() -> dict[str, int]:
	return {doctype: frappe.db.count(doctype) for doctype in COUNTED}


class TestBadInputCorpus(LBCTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.areas = make_ledger_areas()
		frappe.db.commit()

	def test_every_bad_cell_is_refused_with_its_row_and_column_and_writes_nothing(self):
		cases = json.loads((CORPUS / "bad_cells.json").read_text("utf-8"))["cases"]
		for case in cases:
			with self.subTest(column=case["column"], value=case["value"]):
				before = counts()
				good = ledger_row(child_name="正常儿童")
				bad = ledger_row(child_name="待查儿童")
				bad[case["column"]] = case["value"]
				content = build_workbook([good, bad])
				if isinstance(case["value"], float):
					content = as_number_cell(content, case["column"], case["value"])
				doc, _result = import_now(content, area=self.areas["青山村"])
				rows = {row.ledger_row: row for row in logs(doc)}
				self.assertEqual(rows[1].outcome, "Created", rows[1].message)
				after = counts()
				if case["kind"] is None:
					self.assertEqual(rows[2].outcome, "Created", rows[2].message)
					self.assertEqual(after["Child"], before["Child"] + 2)
					stored = frappe.db.get_value("Child", rows[2].child, case["column"])
					self.assertEqual(stored, case["value"])  # kept as text, never evaluated
				else:
					self.assertEqual(rows[2].outcome, "Error")
					self.assertEqual(rows[2].error_kind, case["kind"], rows[2].message)
					self.assertIn("2", rows[2].message)  # names the row
					self.assertEqual(rows[2].column_label, BY_KEY[case["column"]].label)
					# exactly the good row's child, parents, guardian and pairing were written
					self.assertEqual(after["Child"], before["Child"] + 1)
					self.assertEqual(after["Child Parent"], before["Child Parent"] + 2)
				frappe.db.rollback()

	def test_formula_like_cells_are_exported_as_text(self):
		cases = [c for c in json.loads((CORPUS / "bad_cells.json").read_text("utf-8"))["cases"] if c["kind"] is None]
		rows = []
		for index, case in enumerate(cases):
			row = ledger_row(child_name=f"公式儿童{index}")
			row[case["column"]] = case["value"]
			rows.append(row)
		import_now(build_workbook(rows), area=self.areas["青山村"])
		record_consent([self.areas["青山村"]])
		sheet = load_workbook(io.BytesIO(build_ledger(self.areas["青山村"])[0])).active
		cells = {}
		for line in sheet.iter_rows(min_row=4):
			for key, cell in zip(EXPORT_KEYS, line):
				cells.setdefault(key, []).append(cell)
		for case in cases:
			exported = [cell for cell in cells[case["column"]] if cell.value == case["value"]]
			self.assertTrue(exported, case)
			self.assertTrue(all(cell.data_type == "s" for cell in exported), case)

	def test_files_that_are_not_ledgers_fail_whole_and_write_nothing(self):
		for name in ("not_a_workbook.xlsx", "empty.xlsx", "no_header.xlsx"):
			with self.subTest(file=name):
				before = counts()
				doc, _result = import_now((CORPUS / name).read_bytes(), file_name=name, area=self.areas["青山村"])
				self.assertEqual(doc.status, "Failed")
				self.assertTrue(doc.error_message)
				self.assertNotIn("Traceback", doc.error_message)
				self.assertEqual(counts(), before)
				frappe.db.rollback()
