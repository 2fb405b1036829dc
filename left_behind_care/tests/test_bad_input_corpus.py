# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt
"""The bad-input corpus (``tests/corpus/``) through the ledger importer.

Every bad cell gets a clear message naming its row and column and writes nothing, while
the valid row beside it is imported; formula-like cells are kept as text and exported as
text; files that are not ledgers (a text file, an empty workbook, no header row, a
password-protected workbook, an Excel 97–2003 .xls) fail as a whole with a message that
says what to do, and write nothing; merged cells down data rows read into every row.
The 50 MB workbooks are made here, not kept: one made large by a photo, one by rows,
and one that unpacks to gigabytes. Records are counted in the database before and after.
"""

from __future__ import annotations

import io
import json
import os
import tracemalloc
import zipfile
from pathlib import Path

import frappe
from frappe.core.doctype.file.exceptions import MaxFileSizeReachedError
from openpyxl import load_workbook

from left_behind_care.ledger.columns import BY_KEY, EXPORT_KEYS
from left_behind_care.left_behind_care.doctype.lbc_ledger_import.lbc_ledger_import import (
	LedgerFormatError,
	get_preview,
)
from left_behind_care.left_behind_care.doctype.lbc_ledger_import.ledger_export import build_ledger
from left_behind_care.left_behind_care.doctype.lbc_ledger_import.test_lbc_ledger_import import (
	build_workbook,
	import_now,
	ledger_row,
	logs,
	make_import,
	make_ledger_areas,
	record_consent,
	run_import,
)
from left_behind_care.testing import LBCTestCase

CORPUS = Path(__file__).parent / "corpus"
COUNTED = ("Child", "Child Parent", "Guardian", "Mentor Assignment", "LBC Ledger Import Log")
MB = 1024 * 1024
# merged_cells.xlsx: identity number → (name, guardian, relationship, father, mother)
MERGED = {
	"52030220140305011X": ("张大宝", "张桂英", "Paternal Grandmother", "张建国", "李芳"),
	"520302201609120224": ("张小宝", "张桂英", "Paternal Grandmother", "张建国", "李芳"),
	"520302201301200316": ("王明", "王德福", "Paternal Grandfather", "王强", "赵丽"),
	"520302201505080424": ("刘一", "刘秀兰", "Maternal Grandmother", "刘伟", "陈静"),
	"520302201711300512": ("刘二", "刘秀兰", "Maternal Grandmother", "刘伟", "陈静"),
}


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
		cases = [
			c
			for c in json.loads((CORPUS / "bad_cells.json").read_text("utf-8"))["cases"]
			if c["kind"] is None
		]
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
			for key, cell in zip(EXPORT_KEYS, line, strict=False):
				cells.setdefault(key, []).append(cell)
		for case in cases:
			exported = [cell for cell in cells[case["column"]] if cell.value == case["value"]]
			self.assertTrue(exported, case)
			self.assertTrue(all(cell.data_type == "s" for cell in exported), case)

	def test_files_that_are_not_ledgers_fail_whole_and_write_nothing(self):
		for name in ("not_a_workbook.xlsx", "empty.xlsx", "no_header.xlsx"):
			with self.subTest(file=name):
				before = counts()
				doc, _result = import_now(
					(CORPUS / name).read_bytes(), file_name=name, area=self.areas["青山村"]
				)
				self.assertEqual(doc.status, "Failed")
				self.assertTrue(doc.error_message)
				self.assertNotIn("Traceback", doc.error_message)
				self.assertEqual(counts(), before)
				frappe.db.rollback()

	def assert_refused_whole(self, content: bytes, file_name: str, *words: str) -> str:
		"""Preview and import both refuse the file with a message holding ``words``;
		the import is Failed and nothing is written. Returns the message."""
		before = counts()
		doc = make_import(content, file_name, area=self.areas["青山村"])
		with self.assertRaises(LedgerFormatError) as refused:
			get_preview(doc.name)
		result = run_import(doc.name, commit=False, publish=False)
		doc.reload()
		self.assertEqual(doc.status, "Failed")
		self.assertEqual(result["status"], "Failed")
		for message in (str(refused.exception), doc.error_message):
			self.assertNotIn("Traceback", message)
			for word in words:
				self.assertIn(word, message)
		self.assertEqual(counts(), before)
		return doc.error_message

	def test_a_password_protected_workbook_is_refused_with_what_to_do(self):
		content = (CORPUS / "password_protected.xlsx").read_bytes()
		message = self.assert_refused_whole(
			content, "password_protected.xlsx", "password", "remove the password"
		)
		self.assertIn("attach it again", message)
		frappe.db.rollback()

	def test_an_excel_97_2003_workbook_is_refused_with_what_to_do(self):
		# attached as .xls it is refused on save (below); renamed to .xlsx, by its content
		content = (CORPUS / "excel_97_2003.xls").read_bytes()
		self.assert_refused_whole(content, "renamed_to.xlsx", "97–2003", ".xlsx")
		frappe.db.rollback()

	def test_a_ledger_attached_as_xls_et_or_csv_is_refused_on_save_with_what_to_do(self):
		for name in ("台账.xls", "台账.et", "台账.csv", "<b>台账</b>.xls"):
			with self.subTest(file=name):
				doc = frappe.get_doc(
					{
						"doctype": "LBC Ledger Import",
						"import_file": f"/private/files/{name}",
						"area": self.areas["青山村"],
					}
				)
				with self.assertRaises(LedgerFormatError) as refused:
					doc.insert()
				self.assertIn("save it as an Excel workbook (.xlsx)", str(refused.exception))
				self.assertNotIn("<b>台账</b>", str(refused.exception))  # the name is shown, not rendered
				self.assertFalse(frappe.db.exists("LBC Ledger Import", {"import_file": doc.import_file}))

	def test_file_content_in_messages_is_escaped(self):
		"""Sheet names and file names reach messages the desk shows as HTML (the preview's
		refusal, the import's failure): they are escaped, never markup."""
		payload = "<img src=x onerror=alert(1)>"
		writer_rows = build_workbook([ledger_row()], sheets={payload: [ledger_row()]})
		doc = make_import(writer_rows, "sheets.xlsx", area=self.areas["青山村"], sheet_name="不存在")
		with self.assertRaises(LedgerFormatError) as refused:
			get_preview(doc.name)
		self.assertIn("&lt;img src=x onerror=alert(1)&gt;", str(refused.exception))
		self.assertNotIn("<img", str(refused.exception))
		run_import(doc.name, commit=False, publish=False)
		doc.reload()
		self.assertEqual(doc.status, "Failed")
		self.assertIn("&lt;img", doc.error_message)
		self.assertNotIn("<img", doc.error_message)
		frappe.db.rollback()

	def test_damaged_workbooks_fail_whole_with_what_to_do_and_write_nothing(self):
		"""A truncated sheet, a sheet part missing, a number cell holding text far down the
		sheet, a formula never calculated: each is found before any row is written."""
		rows = [ledger_row(child_name=f"损坏{i}") for i in range(25)]
		for index, row in enumerate(rows):
			row["seq"] = index + 1
		content = build_workbook(rows)
		cases = {
			"truncated": lambda xml: xml[: len(xml) * 2 // 3],
			"missing": lambda xml: None,
			"text in a number cell": lambda xml: xml.replace("<v>25</v>", "<v>notanumber</v>", 1),
			"never calculated": lambda xml: xml.replace("<v>24</v>", "<f>23+1</f>", 1),
		}
		for label, change in cases.items():
			with self.subTest(case=label):
				damaged = rewrite_first_sheet(content, change)
				self.assert_refused_whole(damaged, "damaged.xlsx", "Excel or WPS", "again")
				frappe.db.rollback()

	def test_a_cell_holding_infinity_refuses_its_row_only(self):
		"""<v>1e999</v> in a date cell: that row is refused naming the column; the others
		are imported (it used to stop the import half-way with a Python error)."""
		rows = [ledger_row(child_name=f"无穷{i}") for i in range(3)]
		content = build_workbook(rows)
		sheet = load_workbook(io.BytesIO(content))  # the second row's birth date becomes 1e999
		sheet.active.cell(row=5, column=EXPORT_KEYS.index("birth_date") + 1).value = 1e300
		out = io.BytesIO()
		sheet.save(out)
		infinite = rewrite_first_sheet(out.getvalue(), lambda xml: xml.replace("1e+300", "1e999"))
		before = counts()
		doc, _result = import_now(infinite, area=self.areas["青山村"])
		by_row = {row.ledger_row: row for row in logs(doc)}
		self.assertEqual(doc.status, "Partial Success", doc.error_message)
		# openpyxl reads 1e999 in a date cell as a date it cannot make: refused either way
		self.assertIn(by_row[2].error_kind, ("bad_number", "bad_date"))
		self.assertEqual(by_row[2].column_label, BY_KEY["birth_date"].label)
		self.assertEqual({by_row[1].outcome, by_row[3].outcome}, {"Created"})
		self.assertEqual(counts()["Child"], before["Child"] + 2)
		frappe.db.rollback()

	def test_merged_cells_down_data_rows_read_into_every_row(self):
		"""乡镇/村 merged down the sheet, siblings' parents and guardian merged across their
		two rows, 是否低保/是否残疾 merged across columns: every child gets the merged values."""
		content = (CORPUS / "merged_cells.xlsx").read_bytes()
		doc = make_import(content, "merged_cells.xlsx", area=self.areas["青山村"])
		preview = get_preview(doc.name)
		(sheet,) = preview["sheets"]
		self.assertEqual(sheet["rows"], 5)
		merged = {(tuple(m["columns"]), m["from_row"], m["to_row"]) for m in sheet["merged"]}
		self.assertIn((("监护人姓名",), 1, 2), merged)
		self.assertIn((("村(社区)",), 1, 5), merged)
		self.assertIn((("是否低保", "是否残疾"), 1, 5), merged)
		self.assertEqual([row["outcome"] for row in preview["rows"]], ["ok"] * 5, preview["rows"])
		run_import(doc.name, commit=False, publish=False)
		doc.reload()
		self.assertEqual(doc.status, "Success", doc.error_message)
		categories = {}
		for id_number, (name, guardian, relationship, father, mother) in MERGED.items():
			child = frappe.get_doc("Child", {"id_number": id_number})
			self.assertEqual(child.child_name, name)
			self.assertEqual(child.village, self.areas["青山村"])
			self.assertEqual(
				(child.guardian_name, child.guardian_relationship), (guardian, relationship), name
			)
			parents = {parent.relation: parent for parent in child.parents}
			self.assertEqual(parents["Father"].parent_name, father, name)
			self.assertEqual(parents["Mother"].parent_name, mother, name)
			self.assertTrue(parents["Father"].away_since and parents["Mother"].away_since, name)
			self.assertTrue(child.is_left_behind, name)
			categories[name] = child.guardianship_category
		# a sibling read from the merged cells is graded as the first sibling is
		self.assertEqual(categories["张小宝"], categories["张大宝"])
		self.assertEqual(categories["刘二"], categories["刘一"])
		frappe.db.rollback()

	def test_a_50_mb_workbook_over_the_upload_limit_is_refused_by_the_upload(self):
		"""Frappe's own upload limit (25 MB unless System Settings raise it) stops it first."""
		content = photo_ledger(50 * MB, [ledger_row()])
		self.assertGreaterEqual(len(content), 50 * MB)
		before, files = counts(), frappe.db.count("File")
		with self.assertRaises(MaxFileSizeReachedError) as refused:
			make_import(content, "photos.xlsx", area=self.areas["青山村"])
		self.assertIn("File size exceeded", str(refused.exception))
		self.assertEqual((counts(), frappe.db.count("File")), (before, files))
		frappe.db.rollback()

	def test_a_50_mb_workbook_of_photos_imports_its_rows_without_holding_the_file(self):
		"""With the upload limit raised, a ledger made large by a pasted photo imports its
		rows; the photo is never read: the import's memory peak is that of the same three
		rows without the photo (measured side by side, after a warm-up import)."""
		rows = [ledger_row(child_name=name) for name in ("照片一", "照片二", "照片三")]
		plain = build_workbook(rows)
		self.import_peak(plain)  # warm-up: loads pypinyin's dictionaries and the importer
		frappe.db.rollback()
		baseline = self.import_peak(plain)
		frappe.db.rollback()
		content = photo_ledger(50 * MB, rows)
		self.assertGreaterEqual(len(content), 50 * MB)
		before = counts()
		with raised_upload_limit(64):
			peak = self.import_peak(content, "photos.xlsx")
		self.assertEqual(counts()["Child"], before["Child"] + 3)
		self.assertLess(peak, baseline + 8 * MB, f"{peak / MB:.1f} MB against {baseline / MB:.1f} MB")
		frappe.db.rollback()

	def import_peak(self, content: bytes, file_name: str = "ledger.xlsx") -> int:
		"""Import a ledger into 青山村; the import's peak traced memory in bytes."""
		doc = make_import(content, file_name, area=self.areas["青山村"])
		del content
		tracemalloc.start()
		try:
			run_import(doc.name, commit=False, publish=False)
			peak = tracemalloc.get_traced_memory()[1]
		finally:
			tracemalloc.stop()
		doc.reload()
		self.assertEqual(doc.status, "Success", doc.error_message)
		return peak

	def test_a_50_mb_workbook_of_too_many_rows_is_refused_before_anything_is_written(self):
		path = rows_ledger(50 * MB, rows=21_000)
		content = path.read_bytes()
		path.unlink()
		self.assertGreaterEqual(len(content), 50 * MB)
		with raised_upload_limit(64):
			self.assert_refused_whole(content, "county.xlsx", "20000", "Split it")
		frappe.db.rollback()

	def test_a_workbook_that_unpacks_to_gigabytes_is_refused_unread(self):
		"""A small file whose shared strings unpack past the limit (a "zip bomb")."""
		from left_behind_care.ledger.reader import MAX_UNPACKED_MB

		bomb = io.BytesIO()
		with (
			zipfile.ZipFile(io.BytesIO(build_workbook([ledger_row()]))) as source,
			zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target,
		):
			for info in source.infolist():
				if info.filename != "xl/sharedStrings.xml":
					target.writestr(info, source.read(info))
			with target.open("xl/sharedStrings.xml", "w", force_zip64=True) as strings:
				chunk = b"<si><t>" + b"a" * (MB - 16) + b"</t></si>"
				for _ in range(MAX_UNPACKED_MB + 10):
					strings.write(chunk)
		content = bomb.getvalue()
		self.assertLess(len(content), 5 * MB)
		self.assert_refused_whole(content, "small.xlsx", str(MAX_UNPACKED_MB), "too large")
		frappe.db.rollback()


def rewrite_first_sheet(content: bytes, change) -> bytes:
	"""The workbook with its first sheet's XML passed through ``change(text) -> text``
	(None drops the sheet's part from the archive)."""
	out = io.BytesIO()
	with zipfile.ZipFile(io.BytesIO(content)) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
		for info in old.infolist():
			data = old.read(info)
			if info.filename == "xl/worksheets/sheet1.xml":
				text = change(data.decode("utf-8"))
				if text is None:
					continue
				data = text.encode("utf-8")
			new.writestr(info, data)
	return out.getvalue()


class raised_upload_limit:
	"""System Settings' upload limit raised to ``mb`` for the block (as an administrator would)."""

	def __init__(self, mb: int):
		self.mb = mb

	def __enter__(self):
		self.before = frappe.db.get_single_value("System Settings", "max_file_size")
		frappe.db.set_single_value("System Settings", "max_file_size", self.mb)
		frappe.clear_cache()

	def __exit__(self, *exc):
		frappe.db.set_single_value("System Settings", "max_file_size", self.before)
		frappe.clear_cache()


def photo_ledger(size: int, rows: list[dict]) -> bytes:
	"""A ledger of ``rows`` with a pasted photo of noise that makes it ``size`` bytes."""
	from openpyxl.drawing.image import Image as SheetImage
	from PIL import Image

	side = int((size / 3) ** 0.5) + 64  # RGB noise barely compresses
	photo = io.BytesIO()
	Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(photo, "PNG", compress_level=1)
	workbook = load_workbook(io.BytesIO(build_workbook(rows)))
	workbook.active.add_image(SheetImage(photo), "Z4")
	out = io.BytesIO()
	workbook.save(out)
	return out.getvalue()


def rows_ledger(size: int, rows: int) -> Path:
	"""A ledger of ``rows`` ordinary rows, made ``size`` bytes by a pasted photo's worth
	of picture data (its sheets unpack to far less than the unpacked-size limit)."""
	import tempfile

	from left_behind_care.ledger.writer import LedgerWriter

	writer = LedgerWriter()
	sheet = writer.add_sheet(
		"台账",
		"红桥区农村留守儿童信息台账",
		"填报单位：红桥区民政局",
		"填报日期：2026年9月30日",
		[BY_KEY[key].label for key in EXPORT_KEYS],
		text_columns={i for i, key in enumerate(EXPORT_KEYS) if BY_KEY[key].text},
	)
	row = ledger_row()
	values = [row.get(key) for key in EXPORT_KEYS]
	for _ in range(rows):
		sheet.append(values)
	path = Path(tempfile.mkdtemp()) / "county.xlsx"
	path.write_bytes(writer.to_bytes())
	with zipfile.ZipFile(path, "a", zipfile.ZIP_STORED) as archive:
		archive.writestr("xl/media/image1.png", os.urandom(max(size - path.stat().st_size, 0) + 1024))
	return path


class TestFormulaSafeExports(LBCTestCase):
	"""Every export of the app writes a cell that would start a formula as text: list and
	report view, Script Reports, Data Export and Data Import's export, .xlsx and CSV."""

	FORMULA = '=HYPERLINK("http://example.invalid","点这里")'
	COMMAND = "+cmd|' /C calc'!A0"

	def setUp(self):
		super().setUp()
		from left_behind_care.testing import make_child

		self.child = make_child(
			village="东一村", child_name="公式导出", notes=self.FORMULA, school=self.COMMAND
		)

	def tearDown(self):
		# as Frappe's test runner leaves them for the tests that follow
		frappe.local.response = frappe._dict({"docs": []})
		frappe.local.form_dict = frappe._dict()
		super().tearDown()

	def export(self, method: str, **form) -> tuple[str, object]:
		"""Call a whitelisted export as the desk does; (kind, content) from the response."""
		frappe.local.response = frappe._dict({"docs": []})
		frappe.local.form_dict = frappe._dict(form)
		frappe.get_attr(frappe.get_hooks("override_whitelisted_methods")[method][-1])(
			**({} if method.endswith("export_query") else form)
		)
		response = frappe.local.response
		if response.get("type") == "csv":
			return "csv", response["result"]
		name = response.get("filename", "")
		return ("xlsx" if name.endswith(".xlsx") else "csv"), response["filecontent"]

	def assert_safe(self, kind: str, content) -> None:
		if kind == "xlsx":
			cells = [
				cell
				for sheet in load_workbook(io.BytesIO(content)).worksheets
				for row in sheet.iter_rows()
				for cell in row
				if cell.value in (self.FORMULA, self.COMMAND)
			]
			self.assertEqual({cell.value for cell in cells}, {self.FORMULA, self.COMMAND})
			self.assertTrue(all(cell.data_type == "s" for cell in cells), [c.data_type for c in cells])
		else:
			text = content.decode("utf-8") if isinstance(content, bytes) else content
			self.assertIn("'" + self.COMMAND.replace('"', '""'), text)
			self.assertNotRegex(text, r'(^|,)"?=HYPERLINK')

	def test_report_view_export(self):
		for file_format in ("Excel", "CSV"):
			with self.subTest(file_format=file_format):
				kind, content = self.export(
					"frappe.desk.reportview.export_query",
					doctype="Child",
					file_format_type=file_format,
					fields=json.dumps(["`tabChild`.`name`", "`tabChild`.`notes`", "`tabChild`.`school`"]),
					filters=json.dumps([["Child", "name", "=", self.child.name]]),
				)
				self.assert_safe(kind, content)

	def test_csv_with_another_delimiter_and_a_line_break_in_a_cell(self):
		frappe.db.set_value("Child", self.child.name, "grade", "\r=1+1")
		_kind, content = self.export(
			"frappe.desk.reportview.export_query",
			doctype="Child",
			file_format_type="CSV",
			csv_delimiter=";",
			fields=json.dumps(
				["`tabChild`.`name`", "`tabChild`.`notes`", "`tabChild`.`school`", "`tabChild`.`grade`"]
			),
			filters=json.dumps([["Child", "name", "=", self.child.name]]),
		)
		import csv

		text = content.decode("utf-8") if isinstance(content, bytes) else content
		cells = [cell for row in csv.reader(io.StringIO(text, newline=""), delimiter=";") for cell in row]
		self.assertIn("'" + self.FORMULA, cells)
		self.assertIn("'" + self.COMMAND, cells)
		self.assertIn("'\r=1+1", cells)

	def test_script_report_export(self):
		for file_format in ("Excel", "CSV"):
			with self.subTest(file_format=file_format):
				kind, content = self.export(
					"frappe.desk.query_report.export_query",
					report_name="Village Ledger",
					file_format_type=file_format,
					filters=json.dumps({"area": self.child.village}),
					visible_idx=json.dumps([]),
				)
				self.assert_safe(kind, content)

	def test_data_export_and_data_import_export(self):
		for file_type in ("Excel", "CSV"):
			with self.subTest(path="Data Export", file_type=file_type):
				kind, content = self.export(
					"frappe.core.doctype.data_export.exporter.export_data",
					doctype="Child",
					select_columns=json.dumps({"Child": ["name", "notes", "school"]}),
					with_data=1,
					file_type=file_type,
					filters=json.dumps({"name": self.child.name}),
				)
				self.assert_safe(kind, content)
			with self.subTest(path="Data Import export", file_type=file_type):
				kind, content = self.export(
					"frappe.core.doctype.data_import.data_import.download_template",
					doctype="Child",
					export_fields=json.dumps({"Child": ["name", "notes", "school"]}),
					export_records="by_filter",
					export_filters=json.dumps({"name": self.child.name}),
					file_type=file_type,
				)
				self.assert_safe(kind, content)

	def test_script_report_exports_mask_children_without_consent(self):
		"""On screen an officer with level 1 sees full identity numbers; every export of the
		Village Ledger masks those of children whose guardian has not consented."""
		from left_behind_care.reporting import export_report

		self.assertFalse(frappe.db.get_value("Child", self.child.name, "consent_given"))
		number = self.child.id_number
		for export in (
			lambda: self.export(
				"frappe.desk.query_report.export_query",
				report_name="Village Ledger",
				file_format_type="CSV",
				filters=json.dumps({"area": self.child.village}),
				visible_idx=json.dumps([]),
			)[1],
			lambda: (
				export_report("Village Ledger", {"area": self.child.village}),
				frappe.local.response["filecontent"],
			)[1],
		):
			frappe.local.response = frappe._dict({"docs": []})
			content = export()
			if isinstance(content, bytes) and content.startswith(b"PK"):  # .xlsx
				text = "\n".join(
					str(cell)
					for sheet in load_workbook(io.BytesIO(content)).worksheets
					for row in sheet.iter_rows(values_only=True)
					for cell in row
					if cell
				)
			else:
				text = content.decode("utf-8") if isinstance(content, bytes) else content
			self.assertIn(number[-4:], text)  # the masked number is there, its middle hidden
			self.assertNotIn(number, text)
