"""Framework-free tests of left_behind_care.ledger.writer: layout, text cells, formula safety."""

import datetime
import io

from ledger_helpers import TITLE, build_ledger, ledger_rows
from openpyxl import load_workbook

from left_behind_care.ledger import reader
from left_behind_care.ledger.columns import BY_KEY, EXPORT_KEYS
from left_behind_care.ledger.writer import LedgerWriter, decode_cells, encode_cells, is_formula_like


def test_layout_title_merged_office_and_date_row_headers():
	rows = ledger_rows(2)
	sheet = load_workbook(build_ledger(rows)).active
	assert sheet["A1"].value == TITLE
	assert [str(r) for r in sheet.merged_cells.ranges] == ["A1:Y1"]
	assert sheet["A2"].value == "填报单位：青山村村民委员会"
	assert sheet["G2"].value == "填报日期：2026年9月30日"
	assert [cell.value for cell in sheet[3]] == [BY_KEY[key].label for key in EXPORT_KEYS]
	assert sheet["D4"].value == "儿童0"


def test_identity_numbers_and_phones_are_text_cells():
	sheet = load_workbook(build_ledger(ledger_rows(1))).active
	index = {key: i + 1 for i, key in enumerate(EXPORT_KEYS)}
	for key in ("id_number", "guardian_phone", "mentor_phone"):
		cell = sheet.cell(row=4, column=index[key])
		assert cell.data_type == "s"
		assert isinstance(cell.value, str)
		assert cell.number_format == "@"
	assert sheet.cell(row=4, column=index["birth_date"]).is_date


def test_numbers_in_text_columns_become_text():
	rows = ledger_rows(1)
	rows[0]["guardian_phone"] = 13812345678
	sheet = load_workbook(build_ledger(rows)).active
	assert sheet.cell(row=4, column=EXPORT_KEYS.index("guardian_phone") + 1).value == "13812345678"


def test_formula_like_text_is_written_as_text():
	rows = ledger_rows(1)
	rows[0]["notes"] = '=HYPERLINK("http://example.invalid","点我")'
	rows[0]["child_name"] = "+cmd"
	rows[0]["school"] = "@SUM(A1)"
	rows[0]["grade"] = "-1"
	sheet = load_workbook(build_ledger(rows)).active
	for key in ("notes", "child_name", "school", "grade"):
		cell = sheet.cell(row=4, column=EXPORT_KEYS.index(key) + 1)
		assert cell.data_type == "s", key
		assert cell.quotePrefix, key
		assert cell.value == rows[0][key]
	assert is_formula_like("=1") and not is_formula_like("1=1") and not is_formula_like(5)


def test_written_ledger_reads_back():
	rows = ledger_rows(5)
	workbook = reader.open_workbook(build_ledger(rows))
	(summary,) = reader.summarize(workbook)
	assert summary.rows == 5
	assert summary.layout.ledger_date == datetime.date(2026, 9, 30)
	first = next(reader.iter_rows(workbook[summary.name], summary.layout))
	assert first.values["id_number"] == rows[0]["id_number"]


def test_raw_rows_keep_their_types_with_text_format_in_text_columns():
	writer = LedgerWriter()
	sheet = writer.add_sheet(
		"台账",
		None,
		None,
		None,
		[],
		text_columns={1},
		preamble=[["标题"], ["填报单位：某村", None, "填报日期：2026年9月30日"]],
		header_rows=[["儿童姓名", "身份证号码", "错误原因"]],
	)
	sheet.append(["张三", 5.203022023031976e17, "身份证号被存成数字"], raw=True)
	loaded = load_workbook(io.BytesIO(writer.to_bytes())).active
	assert [str(r) for r in loaded.merged_cells.ranges] == ["A1:C1"]
	assert loaded["B4"].value == 5.203022023031976e17
	assert loaded["B4"].number_format == "@"
	assert loaded["C3"].value == "错误原因"


def test_encode_decode_cells_round_trip():
	cells = ["a", 1, 2.5, None, True, datetime.datetime(2015, 3, 5), datetime.date(2015, 3, 5)]
	assert decode_cells(encode_cells(cells)) == cells
