# Copyright (c) 2026, left_behind_care developers
# License: MIT. See license.txt
"""Ledger import and export on a site: the sample ledgers, re-imports, atomicity,
concurrency, the rejected-rows file, the export round trip, permissions and masking."""

from __future__ import annotations

import datetime
import io
import json
import threading
import traceback
from pathlib import Path
from unittest.mock import patch

import frappe
from openpyxl import load_workbook

from left_behind_care.ledger.columns import BY_KEY, EXPORT_KEYS
from left_behind_care.ledger.writer import LedgerWriter
from left_behind_care.left_behind_care.doctype.lbc_ledger_import import importer
from left_behind_care.left_behind_care.doctype.lbc_ledger_import.lbc_ledger_import import (
	LedgerAreaError,
	LedgerFormatError,
	LedgerImportPermissionError,
	LedgerImportRunningError,
	check_import_permission,
	errored_rows_workbook,
	get_import_log,
	get_preview,
	run_import,
)
from left_behind_care.left_behind_care.doctype.lbc_ledger_import.ledger_export import build_ledger
from left_behind_care.testing import LBCTestCase, make_area, make_id_number, make_user, make_world

TEST_DATA = Path(__file__).parent / "test_data"
CLEAN = "ledger_qingshan_clean"
MESSY = "ledger_shiqiao_messy"
LEDGER_DATE = datetime.date(2026, 9, 30)


def make_ledger_areas() -> dict[str, str]:
	"""The areas the sample ledgers need, under the test world's city (idempotent).

	红桥区 → 双龙社区服务中心 → 青山村; 红桥区 → 石桥社区服务中心 → 石桥村, 柳溪村.
	"""
	world = make_world()
	county = make_area("红桥区", "County/District", world["测试市"])
	shuanglong = make_area("双龙社区服务中心", "Township/Street", county)
	shiqiao = make_area("石桥社区服务中心", "Township/Street", county)
	return {
		"红桥区": county,
		"双龙社区服务中心": shuanglong,
		"石桥社区服务中心": shiqiao,
		"青山村": make_area("青山村", "Village/Community", shuanglong),
		"石桥村": make_area("石桥村", "Village/Community", shiqiao),
		"柳溪村": make_area("柳溪村", "Village/Community", shiqiao),
	}


def expected(name: str) -> dict[int, dict]:
	return {row["row"]: row for row in json.loads((TEST_DATA / f"{name}.expected.json").read_text("utf-8"))}


def sample_bytes(name: str) -> bytes:
	return (TEST_DATA / f"{name}.xlsx").read_bytes()


def upload(content: bytes, file_name: str = "ledger.xlsx") -> str:
	"""The session user uploads a file (not yet attached to anything); its URL."""
	return (
		frappe.get_doc({"doctype": "File", "file_name": file_name, "content": content, "is_private": 1})
		.insert(ignore_permissions=True)
		.file_url
	)


def make_import(content: bytes, file_name: str = "ledger.xlsx", **values):
	"""An LBC Ledger Import with the workbook attached, as the desk does it: the officer
	uploads the file (theirs, not yet attached), the import is saved with its URL, and
	Frappe attaches the file to the import on save."""
	doc = frappe.get_doc(
		{"doctype": "LBC Ledger Import", "import_file": upload(content, file_name), **values}
	)
	doc.insert()
	doc.reload()
	return doc


def import_now(content: bytes, file_name: str = "ledger.xlsx", **values):
	doc = make_import(content, file_name, **values)
	result = run_import(doc.name, commit=False, publish=False)
	doc.reload()
	return doc, result


def logs(doc) -> list:
	return frappe.get_all(
		"LBC Ledger Import Log", filters={"ledger_import": doc.name}, fields=["*"], order_by="row_index asc"
	)


def build_workbook(
	rows: list[dict],
	sheets: dict[str, list[dict]] | None = None,
	title="红桥区双龙社区服务中心青山村农村留守儿童信息台账",
	office="青山村村民委员会",
) -> bytes:
	"""A ledger in the sample layout (column key → value rows)."""
	writer = LedgerWriter()
	for name, sheet_rows in (sheets or {"台账": rows}).items():
		sheet = writer.add_sheet(
			name,
			title,
			f"填报单位：{office}",
			"填报日期：2026年9月30日",
			[BY_KEY[key].label for key in EXPORT_KEYS],
			text_columns={i for i, key in enumerate(EXPORT_KEYS) if BY_KEY[key].text},
		)
		for row in sheet_rows:
			sheet.append([row.get(key) for key in EXPORT_KEYS])
	return writer.to_bytes()


def ledger_row(**values) -> dict:
	"""A valid 青山村 row: both parents away since 2020, grandmother as guardian."""
	birth = values.pop("birth_date", datetime.date(2015, 3, 5))
	gender = values.pop("gender", "Male")
	row = {
		"township": "双龙社区服务中心",
		"village": "青山村",
		"child_name": "测试儿童",
		"gender": {"Male": "男", "Female": "女"}[gender],
		"id_number": make_id_number(birth, gender),
		"birth_date": birth,
		"father_name": "测试父亲",
		"father_place": "广东省东莞市",
		"father_since": datetime.date(2020, 7, 1),
		"mother_name": "测试母亲",
		"mother_place": "浙江省宁波市",
		"mother_since": datetime.date(2020, 7, 1),
		"guardian_name": "测试祖母",
		"guardian_relationship": "祖母",
		"guardian_phone": "13800138000",
		"mentor_name": "测试老师",
		"mentor_phone": "13900139000",
	}
	row.update(values)
	return row


def record_consent(villages):
	"""A guardian's signed consent to sharing on every child of the villages (plan 4 §四5)."""
	for name in frappe.get_all("Child", filters={"village": ["in", villages]}, pluck="name"):
		frappe.db.set_value(
			"Child",
			name,
			{
				"consent_given": 1,
				"consent_given_by": "Guardian",
				"consent_date": "2026-09-01",
				"consent_attachment": "/private/files/consent.pdf",
			},
			update_modified=False,
		)


class TestLBCLedgerImport(LBCTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.areas = make_ledger_areas()
		frappe.db.commit()

	# ------------------------------------------------------------------ the samples

	def assert_matches_expected(self, doc, name):
		want = expected(name)
		rows = [row for row in logs(doc) if row.outcome != "Skipped"]
		self.assertEqual(sorted(row.ledger_row for row in rows), sorted(want))
		for row in rows:
			exp = want[row.ledger_row]
			if exp["outcome"] == "ok":
				self.assertIn(row.outcome, ("Created", "Updated", "Unchanged"), (row.ledger_row, row.message))
				child = frappe.db.get_value(
					"Child",
					row.child,
					["id_number", "is_left_behind", "guardianship_category", "village", "determined_on"],
					as_dict=True,
				)
				self.assertEqual(child.id_number, exp["id"], row.ledger_row)
				self.assertEqual(bool(child.is_left_behind), exp["left_behind"], row.ledger_row)
				self.assertEqual(child.guardianship_category or None, exp["category"], row.ledger_row)
				self.assertEqual(child.village, self.areas[exp["village"]], row.ledger_row)
				self.assertEqual(child.determined_on, LEDGER_DATE)
				self.assertEqual(bool(row.is_left_behind), exp["left_behind"])
			else:
				self.assertEqual(f"error:{row.error_kind}", exp["outcome"], row.ledger_row)
				self.assertTrue(row.message.startswith(f"Row {row.ledger_row}"), row.message)
				if "duplicate_of_row" in exp:
					self.assertEqual(row.duplicate_of_row, exp["duplicate_of_row"])

	def test_clean_sample_reproduces_expected(self):
		doc, _result = import_now(sample_bytes(CLEAN), f"{CLEAN}.xlsx")
		self.assertEqual(doc.status, "Success")
		self.assertEqual((doc.created_count, doc.error_count, doc.total_rows), (40, 0, 40))
		self.assertEqual(doc.area, self.areas["青山村"])
		self.assertTrue(doc.area_detected)
		self.assertEqual(doc.ledger_date, LEDGER_DATE)
		self.assertEqual(doc.reporting_office, "青山村村民委员会")
		self.assert_matches_expected(doc, CLEAN)

	def test_messy_sample_reproduces_expected(self):
		doc, _result = import_now(sample_bytes(MESSY), f"{MESSY}.xlsx")
		self.assertEqual(doc.status, "Partial Success")
		self.assertEqual((doc.created_count, doc.error_count), (60, 5))
		self.assertEqual(doc.area, self.areas["石桥社区服务中心"])
		self.assert_matches_expected(doc, MESSY)
		errors = {row.ledger_row: row for row in logs(doc) if row.outcome == "Error"}
		self.assertEqual(errors[61].column_label, "身份证号码")
		self.assertIn("身份证号码", errors[62].message)
		self.assertEqual(errors[64].column_label, "儿童姓名")

	def test_messy_sample_normalises_what_officers_type(self):
		import_now(sample_bytes(MESSY), f"{MESSY}.xlsx")
		# row 13: blank gender, id with lower-case-free X; row 14: id with spaces
		child = frappe.get_doc("Child", {"id_number": "52030220120211050X"})
		self.assertEqual(child.gender, "Female")
		self.assertEqual(child.birth_date, datetime.date(2012, 2, 11))
		spaced = frappe.get_doc("Child", {"id_number": "520302201003053231"})
		self.assertEqual(spaced.child_name, "秦梓")
		# row 10: mother 在家; row 11: away since 20190501 (a number) and phone with dashes
		home = frappe.get_doc("Child", {"id_number": "520302201308228194"})
		mother = next(p for p in home.parents if p.relation == "Mother")
		self.assertEqual(mother.status, "At Home")
		self.assertFalse(home.is_left_behind)
		away = frappe.get_doc("Child", {"id_number": "52030220191227340X"})
		father = next(p for p in away.parents if p.relation == "Father")
		self.assertEqual(father.away_since, datetime.date(2019, 5, 1))
		self.assertEqual(father.status, "Away for Work (Out of Province)")
		self.assertEqual(frappe.db.get_value("Guardian", away.guardian, "phone"), "18276729884")
		self.assertEqual(away.guardian_relationship, "Maternal Grandmother")
		pairing = frappe.get_all(
			"Mentor Assignment",
			filters={"child": away.name, "is_active": 1},
			fields=["mentor_name", "mentor_type"],
		)
		self.assertEqual(pairing, [{"mentor_name": "叶芳老师", "mentor_type": "Mentor Teacher"}])

	def test_area_can_be_chosen_and_rows_outside_it_are_refused(self):
		doc, _result = import_now(sample_bytes(MESSY), area=self.areas["石桥村"])
		self.assertFalse(doc.area_detected)
		by_village = {}
		for row in logs(doc):
			by_village.setdefault(row.error_kind or "ok", set()).add(row.ledger_row)
		# rows 31-60 are in 柳溪村 (61 and 63 too, but refused first for their id and age)
		self.assertEqual(by_village["village_outside_area"], set(range(31, 61)))
		self.assertEqual(by_village["ok"], set(range(1, 31)))

	# ------------------------------------------------------------------ re-import

	def test_reimport_updates_by_identity_number_and_never_duplicates(self):
		import_now(sample_bytes(CLEAN))
		counts = {
			dt: frappe.db.count(dt) for dt in ("Child", "Guardian", "Mentor Assignment", "Child Status Log")
		}
		doc, _result = import_now(sample_bytes(CLEAN))
		self.assertEqual((doc.unchanged_count, doc.created_count, doc.updated_count), (40, 0, 0))
		self.assertEqual(counts, {dt: frappe.db.count(dt) for dt in counts})

	def test_corrected_ledger_updates_the_changed_row_only(self):
		import_now(sample_bytes(CLEAN))
		workbook = load_workbook(io.BytesIO(sample_bytes(CLEAN)))
		sheet = workbook.active
		# row 5 (Excel row 8): 龙明明's mother comes home; the mentor changes
		self.assertEqual(sheet["D8"].value, "龙明明")
		sheet["O8"] = "在家"
		sheet["P8"] = None
		sheet["V8"] = "新帮扶老师"
		buffer = io.BytesIO()
		workbook.save(buffer)
		doc, _result = import_now(buffer.getvalue())
		self.assertEqual((doc.updated_count, doc.unchanged_count, doc.created_count), (1, 39, 0))
		child = frappe.get_doc("Child", {"id_number": "520302201609011482"})
		self.assertFalse(child.is_left_behind)
		self.assertIsNone(child.guardianship_category)
		self.assertTrue(
			frappe.db.exists("Child Status Log", {"child": child.name, "event": "No Longer Left Behind"})
		)
		pairings = frappe.get_all(
			"Mentor Assignment",
			filters={"child": child.name},
			fields=["mentor_name", "is_active"],
			order_by="creation",
		)
		self.assertEqual(
			[(p.mentor_name, p.is_active) for p in pairings], [("许佳桂老师", 0), ("新帮扶老师", 1)]
		)

	# ------------------------------------------------------------------ atomicity

	def test_a_row_failing_at_its_last_step_writes_nothing(self):
		good = ledger_row(child_name="甲", guardian_name="甲的祖母")
		bad = ledger_row(child_name="乙", guardian_name="乙的祖母", birth_date=datetime.date(2016, 1, 1))
		content = build_workbook([good, bad])
		original = importer.LedgerImporter.pair_mentor

		def failing(self, doc, record, on, new_child=False):
			if record.child_name == "乙":
				frappe.throw("mentor pairing failed", exc=frappe.ValidationError)
			return original(self, doc, record, on, new_child)

		with patch.object(importer.LedgerImporter, "pair_mentor", failing):
			doc, _result = import_now(content, area=self.areas["青山村"])
		self.assertEqual((doc.created_count, doc.error_count), (1, 1))
		self.assertTrue(frappe.db.exists("Child", {"id_number": good["id_number"]}))
		self.assertFalse(frappe.db.exists("Child", {"id_number": bad["id_number"]}))
		self.assertFalse(frappe.db.exists("Guardian", {"guardian_name": "乙的祖母"}))
		self.assertTrue(frappe.db.exists("Guardian", {"guardian_name": "甲的祖母"}))
		self.assertEqual(logs(doc)[1].error_kind, "rejected")

	def test_rejections_name_row_and_column(self):
		rows = [
			ledger_row(child_name="无名村童", village="无名村"),
			ledger_row(child_name="外村童", township="石桥社区服务中心", village="石桥村"),
			ledger_row(child_name="错性别", gender="Male"),
			ledger_row(child_name="错日期"),
			ledger_row(child_name="未来", father_since=datetime.date(2099, 1, 1)),
			ledger_row(child_name="无关系", guardian_relationship=None),
			ledger_row(child_name="坏日期", mother_since="去年"),
		]
		rows[2]["gender"] = "女"
		rows[3]["birth_date"] = datetime.date(2015, 3, 6)
		doc, _result = import_now(build_workbook(rows), area=self.areas["青山村"])
		got = [(row.error_kind, row.column_label) for row in logs(doc)]
		self.assertEqual(
			got,
			[
				("unknown_village", "村(社区)"),
				("village_outside_area", "村(社区)"),
				("gender_mismatch", "性别"),
				("birth_date_mismatch", "出生日期"),
				("date_in_future", "父亲外出时间"),
				("missing_relationship", "与儿童关系"),
				("bad_date", "母亲外出时间"),
			],
		)
		self.assertEqual(doc.status, "Failed")
		for row in logs(doc):
			self.assertIn(f"Row {row.ledger_row}, column {row.column_label}", row.message)

	# ------------------------------------------------------------------ sheets and file problems

	def test_every_sheet_is_read_and_a_sheet_without_header_is_logged(self):
		content = build_workbook(
			[], sheets={"一组": [ledger_row(child_name="一组童")], "二组": [ledger_row(child_name="二组童")]}
		)
		workbook = load_workbook(io.BytesIO(content))
		workbook.create_sheet("填表说明").append(["请按要求填写"])
		buffer = io.BytesIO()
		workbook.save(buffer)
		doc, _result = import_now(buffer.getvalue())
		self.assertEqual(doc.created_count, 2)
		outcomes = [(row.sheet_name, row.outcome) for row in logs(doc)]
		self.assertEqual(outcomes, [("一组", "Created"), ("二组", "Created"), ("填表说明", "Skipped")])
		only, _result = import_now(buffer.getvalue(), sheet_name="二组")
		self.assertEqual([(row.sheet_name, row.outcome) for row in logs(only)], [("二组", "Unchanged")])

	def test_preview_writes_nothing_and_shows_detection(self):
		doc = make_import(sample_bytes(MESSY))
		before = frappe.db.count("Child")
		preview = get_preview(doc.name, rows=65)
		self.assertEqual(frappe.db.count("Child"), before)
		self.assertEqual(preview["area"], self.areas["石桥社区服务中心"])
		self.assertTrue(preview["area_detected"])
		self.assertEqual(preview["total_rows"], 65)
		want = expected(MESSY)
		for row in preview["rows"]:
			self.assertEqual(row["outcome"], want[row["row"]]["outcome"], row)
			if row["outcome"] == "ok":
				self.assertEqual(
					(row["left_behind"], row["category"]),
					(want[row["row"]]["left_behind"], want[row["row"]]["category"]),
				)

	def test_not_a_ledger_fails_with_a_message(self):
		writer = LedgerWriter()
		writer.add_sheet("说明", "说明", None, None, ["姓名", "爱好"])
		doc, _result = import_now(writer.to_bytes(), area=self.areas["青山村"])
		self.assertEqual(doc.status, "Failed")
		self.assertIn("header", doc.error_message)
		with self.assertRaises(LedgerFormatError):
			frappe.get_doc(
				{"doctype": "LBC Ledger Import", "import_file": "/private/files/ledger.csv"}
			).insert()

	def test_undetectable_area_fails_until_chosen(self):
		content = build_workbook(
			[ledger_row(village="无名村", township=None)], title="留守儿童台账", office="某单位"
		)
		doc, _result = import_now(content)
		self.assertEqual(doc.status, "Failed")
		self.assertIn("Area", doc.error_message)

	def test_a_ledger_for_another_village_is_not_imported_into_the_chosen_one(self):
		"""The 青山村 ledger with Area 柳溪村 (another township): refused whole, nothing written."""
		before = frappe.db.count("Child")
		doc, _result = import_now(sample_bytes(CLEAN), area=self.areas["柳溪村"])
		self.assertEqual(doc.status, "Failed")
		self.assertIn("青山村", doc.error_message)
		self.assertEqual(frappe.db.count("Child"), before)
		# a village's ledger imported with its township as the Area is fine
		doc, _result = import_now(sample_bytes(CLEAN), area=self.areas["双龙社区服务中心"])
		self.assertEqual(doc.created_count, 40)

	# ------------------------------------------------------------------ rejected rows

	def test_rejected_rows_download_in_the_same_layout_and_reimport(self):
		doc, _result = import_now(sample_bytes(MESSY))
		sheet = load_workbook(io.BytesIO(errored_rows_workbook(doc.name))).active
		original = load_workbook(io.BytesIO(sample_bytes(MESSY))).active
		self.assertEqual(sheet["A1"].value, original["A1"].value)
		self.assertEqual([str(r) for r in sheet.merged_cells.ranges], ["A1:Y1"])
		self.assertEqual(sheet["A2"].value, "填报单位：石桥村村民委员会")
		self.assertEqual(sheet["G2"].value, "填报日期：2026年9月30日")
		headers = [cell.value for cell in sheet[3]]
		self.assertEqual(headers[:24], [cell.value for cell in original[3]])
		self.assertEqual(headers[24], "错误原因")
		data = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=4)]
		self.assertEqual([row[0] for row in data], [61, 62, 63, 64, 65])
		self.assertIsInstance(data[0][6], float)  # the number-stored identity number, as it was
		self.assertTrue(data[3][24].startswith("Row 64, column 儿童姓名"))
		# the officer names the child of row 64 and imports the file again
		sheet["D7"] = "杨小红"
		buffer = io.BytesIO()
		sheet.parent.save(buffer)
		again, _result = import_now(buffer.getvalue())
		got = {row.ledger_row: (row.outcome, row.error_kind) for row in logs(again)}
		self.assertEqual(
			got,
			{
				1: ("Error", "id_as_number"),
				2: ("Error", "bad_checksum"),
				3: ("Error", "over_age"),
				4: ("Created", None),
				5: ("Unchanged", None),  # the duplicate of row 16: that child is registered
			},
		)

	def test_import_log_pages(self):
		doc, _result = import_now(sample_bytes(MESSY))
		page = get_import_log(doc.name, outcome="Error", start=0, page_length=3)
		self.assertEqual(page["total"], 5)
		self.assertEqual([row.ledger_row for row in page["rows"]], [61, 62, 63])

	# ------------------------------------------------------------------ export

	def test_export_layout_and_text_cells(self):
		import_now(sample_bytes(CLEAN))
		record_consent([self.areas["青山村"]])
		child = frappe.get_doc("Child", {"id_number": "520302201206086850"})
		child.notes = '=HYPERLINK("http://example.invalid","x")'
		child.save()
		content, count = build_ledger(self.areas["青山村"], on=datetime.date(2026, 10, 8))
		self.assertEqual(count, 40)
		sheet = load_workbook(io.BytesIO(content)).active
		self.assertEqual(sheet["A1"].value, "红桥区双龙社区服务中心青山村农村留守儿童信息台账")
		self.assertEqual(sheet["A2"].value, "填报单位：青山村村民委员会")
		self.assertEqual(sheet["G2"].value, "填报日期：2026年10月8日")
		self.assertEqual([cell.value for cell in sheet[3]], [BY_KEY[key].label for key in EXPORT_KEYS])
		column = {key: index + 1 for index, key in enumerate(EXPORT_KEYS)}
		first = {key: sheet.cell(row=4, column=column[key]) for key in EXPORT_KEYS}
		self.assertEqual(first["id_number"].value, "520302201206086850")
		self.assertEqual((first["id_number"].data_type, first["id_number"].number_format), ("s", "@"))
		self.assertEqual((first["mentor_phone"].value, first["mentor_phone"].data_type), ("13847881398", "s"))
		self.assertEqual(first["father_since"].value, datetime.datetime(2019, 1, 1))
		self.assertEqual(first["notes"].data_type, "s")
		self.assertTrue(first["notes"].quotePrefix)
		self.assertEqual(first["guardian_relationship"].value, "无")

	def test_children_without_consent_are_masked_even_for_officers_who_may_see_them(self):
		import_now(sample_bytes(CLEAN))
		record_consent([self.areas["青山村"]])
		withheld = frappe.db.get_value("Child", {"id_number": "520302201206086850"}, "name")
		frappe.db.set_value("Child", withheld, "consent_given", 0, update_modified=False)
		content, _count = build_ledger(self.areas["青山村"])
		rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(min_row=4, values_only=True))
		column = EXPORT_KEYS.index("id_number")
		ids = {row[column] for row in rows if row[column]}
		self.assertIn("5203**********6850", ids)
		self.assertNotIn("520302201206086850", ids)
		self.assertIn("520302201104042304", ids)  # a child with consent keeps the full number

	def test_export_then_import_changes_nothing(self):
		import_now(sample_bytes(CLEAN))
		import_now(sample_bytes(MESSY))
		county = self.areas["红桥区"]
		villages = [self.areas[name] for name in ("青山村", "石桥村", "柳溪村")]
		record_consent(villages)

		def snapshot():
			children = frappe.get_all(
				"Child", filters={"village": ["in", villages]}, fields=["*"], order_by="name"
			)
			parents = frappe.get_all(
				"Child Parent",
				filters={"parent": ["in", [c.name for c in children]]},
				fields=["*"],
				order_by="name",
			)
			guardians = frappe.get_all(
				"Guardian", filters={"village": ["in", villages]}, fields=["*"], order_by="name"
			)
			pairings = frappe.get_all(
				"Mentor Assignment", filters={"village": ["in", villages]}, fields=["*"], order_by="name"
			)
			return (
				children,
				parents,
				guardians,
				pairings,
				frappe.db.count("Child Status Log"),
				frappe.db.count("Version"),
			)

		before = snapshot()
		content, count = build_ledger(county)
		self.assertEqual(count, 100)
		doc, _result = import_now(content, "export.xlsx")
		self.assertEqual(
			(doc.unchanged_count, doc.created_count, doc.updated_count, doc.error_count), (100, 0, 0, 0)
		)
		self.assertEqual(doc.area, county)
		self.assertEqual(snapshot(), before)

	def test_export_respects_scope_and_masks_for_users_without_level_one(self):
		import_now(sample_bytes(CLEAN))
		import_now(sample_bytes(MESSY))
		record_consent([self.areas[name] for name in ("青山村", "石桥村", "柳溪村")])
		officer = make_user(
			"ledger-township@example.invalid", ["Township Officer"], [self.areas["双龙社区服务中心"]]
		)
		city = make_user("ledger-city@example.invalid", ["City Officer"], ["测试市"])
		frappe.set_user(officer)
		content, count = build_ledger(self.areas["红桥区"])
		self.assertEqual(count, 40)
		sheet = load_workbook(io.BytesIO(content)).active
		self.assertEqual({row[2] for row in sheet.iter_rows(min_row=4, values_only=True)}, {"青山村"})
		self.assertEqual(sheet["G4"].value, "520302201206086850")
		frappe.set_user(city)
		content, count = build_ledger(self.areas["红桥区"])
		self.assertEqual(count, 100)
		sheet = load_workbook(io.BytesIO(content)).active
		self.assertIn("隐去", sheet["A1"].value)
		column = {key: index for index, key in enumerate(EXPORT_KEYS)}
		for row in sheet.iter_rows(min_row=4, values_only=True):
			for key in ("id_number", "guardian_phone", "mentor_phone"):
				if row[column[key]]:
					self.assertIn("*", row[column[key]], key)
		self.assertFalse(
			any("520302201206086850" in str(v) for row in sheet.iter_rows(values_only=True) for v in row)
		)

	# ------------------------------------------------------------------ permissions

	def test_import_needs_child_create_and_identity_write(self):
		city = make_user("ledger-city2@example.invalid", ["City Officer"], ["测试市"])
		frappe.set_user(city)
		with self.assertRaises(LedgerImportPermissionError):
			check_import_permission()

	def test_village_officer_imports_only_their_village(self):
		officer = make_user(
			"ledger-shiqiao@example.invalid", ["Village Child Director"], [self.areas["石桥村"]]
		)
		frappe.set_user(officer)
		doc, _result = import_now(sample_bytes(MESSY))
		self.assertEqual(doc.area, self.areas["石桥村"])  # Frappe defaults the area from the User Permission
		kinds = {}
		for row in logs(doc):
			kinds.setdefault(row.error_kind or row.outcome, set()).add(row.ledger_row)
		self.assertEqual(kinds["Created"], set(range(1, 31)))
		self.assertEqual(kinds["village_outside_area"], set(range(31, 61)))
		another_village = {
			"doctype": "LBC Ledger Import",
			"import_file": upload(sample_bytes(MESSY)),
			"area": self.areas["青山村"],
		}
		with self.assertRaises(frappe.PermissionError):  # Frappe's User Permission check on the Link
			frappe.get_doc(another_village).insert()
		# scoped for the child records only: the app's own check refuses the area
		frappe.set_user("Administrator")
		narrow = make_user("ledger-narrow@example.invalid", ["Village Child Director"])
		frappe.get_doc(
			{
				"doctype": "User Permission",
				"user": narrow,
				"allow": "Administrative Area",
				"for_value": self.areas["石桥村"],
				"apply_to_all_doctypes": 0,
				"applicable_for": "Child",
			}
		).insert(ignore_permissions=True)
		frappe.set_user(narrow)
		with self.assertRaises(LedgerAreaError):
			frappe.get_doc({**another_village, "import_file": upload(sample_bytes(MESSY))}).insert()

	def test_the_log_is_written_in_the_language_of_the_officer_who_imports(self):
		"""The job runs as the officer, in the worker's language (the site config's, English
		unless set): messages and the log are in the officer's language all the same."""
		officer = make_user("ledger-zh@example.invalid", ["Village Child Director"], [self.areas["青山村"]])
		frappe.db.set_value("User", officer, "language", "zh")
		frappe.clear_cache(user=officer)
		frappe.set_user(officer)
		frappe.local.lang = "en"
		doc, _result = import_now(build_workbook([ledger_row(child_name="<b>名字</b>")]))
		self.assertEqual(frappe.local.lang, "en")  # the worker's language is restored
		(row,) = logs(doc)
		self.assertEqual(row.error_kind, "bad_name")
		self.assertIn("第 1 行「儿童姓名」列", row.message)
		self.assertIn("请只填写姓名", row.message)
		self.assertTrue(row.message.endswith("。") and "。；" not in row.message, row.message)

	def test_another_officers_ledger_file_cannot_be_attached_by_its_url(self):
		"""Frappe copies an attached file to the record on save: a URL typed into the Attach
		field must not hand another area's ledger (names, identity numbers) to its namer."""
		owner = make_user("ledger-owner@example.invalid", ["Village Child Director"], [self.areas["石桥村"]])
		other = make_user("ledger-other@example.invalid", ["Village Child Director"], [self.areas["青山村"]])
		frappe.set_user(owner)
		url = import_now(sample_bytes(MESSY))[0].import_file
		frappe.set_user(other)
		files_before = frappe.db.count("File", {"file_url": url})
		with self.assertRaises(frappe.PermissionError):
			frappe.get_doc({"doctype": "LBC Ledger Import", "import_file": url}).insert()
		self.assertEqual(frappe.db.count("File", {"file_url": url}), files_before)  # no copy for them
		self.assertFalse(
			any(
				frappe.has_permission("File", "read", doc=name)
				for name in frappe.get_all("File", {"file_url": url}, pluck="name")
			)
		)
		# nor through an import of their own re-pointed at it
		mine = make_import(build_workbook([ledger_row()]), area=self.areas["青山村"])
		mine.import_file = url
		with self.assertRaises(frappe.PermissionError):
			mine.save()

	def test_a_ledger_exported_masked_says_its_numbers_are_masked(self):
		"""Without the guardians' consent the export masks identity numbers and phones; the
		officer who imports that file is told why every row is refused."""
		row = ledger_row(id_number="5203**********4818", guardian_phone="138****1398")
		doc, _result = import_now(build_workbook([row]), area=self.areas["青山村"])
		(log,) = logs(doc)
		self.assertEqual(log.error_kind, "masked_id")
		self.assertIn("is masked", log.message)
		self.assertIn("Phone 138****1398 is masked", log.message)

	def test_officer_of_two_villages_imports_a_township_ledger_for_their_villages_only(self):
		officer = make_user(
			"ledger-two@example.invalid",
			["Village Child Director"],
			[self.areas["石桥村"], self.areas["青山村"]],
		)
		frappe.set_user(officer)
		doc, _result = import_now(sample_bytes(MESSY))
		self.assertEqual(doc.area, self.areas["石桥社区服务中心"])
		kinds = {}
		for row in logs(doc):
			kinds.setdefault(row.error_kind or row.outcome, set()).add(row.ledger_row)
		self.assertEqual(kinds["Created"], set(range(1, 31)))
		self.assertEqual(kinds["not_permitted"], set(range(31, 61)))
		frappe.set_user("Administrator")
		self.assertFalse(frappe.db.exists("Child", {"id_number": "520302201504138807"}))  # row 31, 柳溪村

	def test_imports_are_visible_to_their_area_only(self):
		doc, _result = import_now(sample_bytes(CLEAN))
		same = make_user("ledger-sl@example.invalid", ["Township Officer"], [self.areas["双龙社区服务中心"]])
		other = make_user("ledger-sq@example.invalid", ["Township Officer"], [self.areas["石桥社区服务中心"]])
		frappe.set_user(same)
		self.assertTrue(frappe.has_permission("LBC Ledger Import", "read", doc=doc.name))
		self.assertIn(doc.name, frappe.get_list("LBC Ledger Import", pluck="name"))
		self.assertEqual(
			len(frappe.get_list("LBC Ledger Import Log", filters={"ledger_import": doc.name})), 40
		)
		self.assertEqual(get_import_log(doc.name)["total"], 40)
		frappe.set_user(other)
		self.assertFalse(frappe.has_permission("LBC Ledger Import", "read", doc=doc.name))
		self.assertNotIn(doc.name, frappe.get_list("LBC Ledger Import", pluck="name"))
		self.assertEqual(frappe.get_list("LBC Ledger Import Log", filters={"ledger_import": doc.name}), [])
		with self.assertRaises(frappe.PermissionError):
			get_import_log(doc.name)

	def test_a_running_import_cannot_start_twice(self):
		from unittest.mock import patch

		doc = make_import(sample_bytes(CLEAN))
		doc.db_set("status", "In Progress")
		module = "left_behind_care.left_behind_care.doctype.lbc_ledger_import.lbc_ledger_import"
		with patch(f"{module}.is_job_enqueued", return_value=True):
			with self.assertRaises(LedgerImportRunningError):
				doc.start()
			with self.assertRaises(LedgerImportRunningError):
				doc.delete()

	def test_an_import_whose_worker_died_can_be_started_again(self):
		"""Status "In Progress" with no job behind it (the worker was killed): not stuck."""
		from unittest.mock import patch

		doc = make_import(sample_bytes(CLEAN))
		doc.db_set("status", "In Progress")
		self.assertFalse(doc.is_running())
		module = "left_behind_care.left_behind_care.doctype.lbc_ledger_import.lbc_ledger_import"
		with patch(f"{module}.frappe.enqueue") as enqueue:
			doc.start()
		self.assertEqual(enqueue.call_args.kwargs["import_name"], doc.name)
		self.assertEqual(frappe.db.get_value("LBC Ledger Import", doc.name, "status"), "Queued")

	# ------------------------------------------------------------------ concurrency

	def test_concurrent_imports_of_the_same_file_give_no_duplicate(self):
		"""Two imports of one file at once, in two threads with their own connections
		and per-row commits: each child exists once. (Commits: cleaned up at the end.)"""
		ids = [row["id"] for row in expected(CLEAN).values()]
		self.assertFalse(frappe.db.exists("Child", {"id_number": ["in", ids]}))
		names = [make_import(sample_bytes(CLEAN), f"concurrent-{i}.xlsx").name for i in (1, 2)]
		frappe.db.commit()
		site, sites_path = frappe.local.site, frappe.local.sites_path
		results, failures = {}, []

		def worker(name):
			try:
				frappe.init(site=site, sites_path=sites_path)
				frappe.connect()
				frappe.set_user("Administrator")
				results[name] = run_import(name, commit=True, publish=False)
			except Exception:
				failures.append(traceback.format_exc())
			finally:
				frappe.destroy()

		threads = [threading.Thread(target=worker, args=(name,)) for name in names]
		try:
			for thread in threads:
				thread.start()
			for thread in threads:
				thread.join(timeout=600)
			frappe.db.commit()
			self.assertEqual(failures, [])
			self.assertEqual(frappe.db.count("Child", {"id_number": ["in", ids]}), 40)
			self.assertEqual(sum(result["Created"] for result in results.values()), 40, results)
			self.assertEqual(sum(result["Unchanged"] for result in results.values()), 40, results)
			children = frappe.get_all("Child", filters={"id_number": ["in", ids]}, pluck="name")
			guardians = frappe.get_all("Child", filters={"name": ["in", children]}, pluck="guardian")
			self.assertEqual(
				frappe.db.count("Guardian", {"village": self.areas["青山村"]}),
				len({g for g in guardians if g}),
			)
			self.assertEqual(frappe.db.count("Mentor Assignment", {"child": ["in", children]}), 40)
		finally:
			cleanup_committed(ids, names)


def cleanup_committed(ids: list[str], import_names: list[str]) -> None:
	"""Delete what a committing test wrote (children, relatives, logs, imports, files)."""
	frappe.db.rollback()
	children = frappe.get_all("Child", filters={"id_number": ["in", ids]}, fields=["name", "guardian"])
	names = [c.name for c in children]
	guardians = [c.guardian for c in children if c.guardian]
	if names:
		pairings = frappe.get_all("Mentor Assignment", filters={"child": ["in", names]}, pluck="name")
		frappe.db.delete("Version", {"ref_doctype": "Mentor Assignment", "docname": ["in", pairings or [""]]})
		frappe.db.delete("Mentor Assignment", {"child": ["in", names]})
		frappe.db.delete("Child Status Log", {"child": ["in", names]})
		frappe.db.delete("Version", {"ref_doctype": "Child", "docname": ["in", names]})
		frappe.db.delete("Child Parent", {"parent": ["in", names], "parenttype": "Child"})
		frappe.db.delete("Child", {"name": ["in", names]})
	if guardians:
		frappe.db.delete("Version", {"ref_doctype": "Guardian", "docname": ["in", guardians]})
		frappe.db.delete("Guardian", {"name": ["in", guardians]})
	frappe.db.delete("LBC Ledger Import Log", {"ledger_import": ["in", import_names]})
	for file_name in frappe.get_all(
		"File",
		filters={"attached_to_doctype": "LBC Ledger Import", "attached_to_name": ["in", import_names]},
		pluck="name",
	):
		frappe.delete_doc("File", file_name, ignore_permissions=True, force=True)
	frappe.db.delete("LBC Ledger Import", {"name": ["in", import_names]})
	frappe.db.commit()
