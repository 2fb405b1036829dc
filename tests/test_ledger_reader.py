"""Framework-free tests of left_behind_care.ledger.reader on the sample ledgers and built workbooks."""

import datetime
import io
from pathlib import Path

import pytest
from ledger_helpers import build_ledger, ledger_rows, sample_path

from left_behind_care.ledger import reader


def test_sample_layout_title_office_date_header():
	workbook = reader.open_workbook(sample_path("ledger_qingshan_clean"))
	(summary,) = reader.summarize(workbook)
	layout = summary.layout
	assert summary.name == "台账"
	assert summary.rows == 40
	assert layout.title.startswith("红桥区双龙社区服务中心青山村")
	assert layout.office == "青山村村民委员会"
	assert layout.ledger_date == datetime.date(2026, 9, 30)
	assert layout.header_row == 3
	assert len(layout.columns) == 24
	assert layout.ignored == []
	assert layout.label("id_number") == "身份证号码"


def test_blank_and_total_rows_are_skipped_and_rows_numbered_from_the_header():
	workbook = reader.open_workbook(sample_path("ledger_shiqiao_messy"))
	(summary,) = reader.summarize(workbook)
	rows = list(reader.iter_rows(workbook[summary.name], summary.layout))
	assert [row.ledger_row for row in rows] == list(range(1, 66))
	assert rows[0].sheet_row == 4
	assert all(row.values["child_name"] != "合计" for row in rows)


def test_float_identity_number_is_read_as_float():
	workbook = reader.open_workbook(sample_path("ledger_shiqiao_messy"))
	(summary,) = reader.summarize(workbook)
	row = next(r for r in reader.iter_rows(workbook[summary.name], summary.layout) if r.ledger_row == 61)
	assert isinstance(row.values["id_number"], float)


def test_every_sheet_is_read_and_a_sheet_without_header_is_reported():
	rows = ledger_rows(3)
	content = build_ledger([], sheets={"一组": rows[:2], "二组": rows[2:]})
	from openpyxl import load_workbook

	workbook = load_workbook(content)
	workbook.create_sheet("填表说明").append(["请按要求填写"])
	buffer = io.BytesIO()
	workbook.save(buffer)
	buffer.seek(0)
	summaries = reader.summarize(reader.open_workbook(buffer))
	assert [(s.name, s.rows, s.layout is not None) for s in summaries] == [
		("一组", 2, True),
		("二组", 1, True),
		("填表说明", 0, False),
	]


def test_chosen_sheet_only_and_unknown_sheet_refused():
	content = build_ledger([], sheets={"一组": ledger_rows(2), "二组": ledger_rows(1, seed=2)})
	workbook = reader.open_workbook(content)
	assert [s.name for s in reader.summarize(workbook, "二组")] == ["二组"]
	with pytest.raises(reader.LedgerFormatError) as error:
		reader.summarize(workbook, "三组")
	assert error.value.kind == "no_sheet"


def test_not_an_xlsx_is_refused():
	with pytest.raises(reader.LedgerFormatError) as error:
		reader.open_workbook(io.BytesIO(b"name,id\n"))
	assert error.value.kind == "not_xlsx"


def test_prenumbered_empty_rows_and_footer_are_not_data():
	rows = ledger_rows(2) + [{"seq": 3}, {"seq": 4}, {"seq": "填表人：张三  审核人：李四"}]
	workbook = reader.open_workbook(build_ledger(rows))
	(summary,) = reader.summarize(workbook)
	assert summary.rows == 2


@pytest.mark.parametrize(
	"preamble, date",
	[
		([("填报单位：青山村", None, "填报日期：2026年9月30日")], datetime.date(2026, 9, 30)),
		([("填报单位：青山村 填报日期:2026-09-30",)], datetime.date(2026, 9, 30)),
		([("填报日期：", datetime.datetime(2026, 6, 30))], datetime.date(2026, 6, 30)),
		([("标题",)], None),
	],
)
def test_ledger_date_forms(preamble, date):
	_title, _office, ledger_date, _text = reader.read_preamble(preamble)
	assert ledger_date == date


def corpus(name: str):
	"""A file of the bad-input corpus kept with the Frappe tests."""
	return Path(reader.__file__).parents[1] / "tests" / "corpus" / name


@pytest.mark.parametrize(
	"name, kind",
	[
		("password_protected.xlsx", "encrypted"),
		("excel_97_2003.xls", "xls"),
		("not_a_workbook.xlsx", "not_xlsx"),
	],
)
def test_unreadable_workbooks_are_told_apart_by_their_content(name, kind):
	data = corpus(name).read_bytes()
	for source in (corpus(name), io.BytesIO(data)):  # a path, or an upload held in memory
		with pytest.raises(reader.LedgerFormatError) as refused:
			reader.open_workbook(source)
		assert refused.value.kind == kind


def test_merged_cells_read_as_their_first_cell_in_every_row():
	workbook = reader.open_workbook(corpus("merged_cells.xlsx"))
	(summary,) = reader.summarize(workbook)
	rows = list(reader.iter_rows(workbook[summary.name], summary.layout))
	assert [row.values["child_name"] for row in rows] == ["张大宝", "张小宝", "王明", "刘一", "刘二"]
	assert {row.values["village"] for row in rows} == {"青山村"}
	assert [row.values["guardian_name"] for row in rows] == ["张桂英", "张桂英", "王德福", "刘秀兰", "刘秀兰"]
	assert rows[1].values["father_since"] == rows[0].values["father_since"]
	assert {(row.values["low_income"], row.values["disabled"]) for row in rows} == {("否", "否")}
	# ranges below the header only, sorted; the title row's merge is not among them
	assert all(merge[0] > summary.layout.header_row for merge in summary.layout.merges)
	assert summary.layout.merges == sorted(summary.layout.merges)


def test_merged_ranges_are_read_when_iter_rows_is_called_without_summarize():
	workbook = reader.open_workbook(corpus("merged_cells.xlsx"))
	worksheet = workbook.active
	layout = reader.read_layout(worksheet)
	assert layout.merges is None
	rows = list(reader.iter_rows(worksheet, layout))
	assert rows[4].values["guardian_name"] == "刘秀兰"


def test_a_ledger_past_the_row_limit_is_refused_as_soon_as_the_count_passes_it(tmp_path):
	path = build_ledger(ledger_rows(30), target=tmp_path / "ledger.xlsx")
	assert reader.summarize(reader.open_workbook(path), max_rows=30)[0].rows == 30
	with pytest.raises(reader.LedgerFormatError) as refused:
		reader.summarize(reader.open_workbook(path), max_rows=29)
	assert refused.value.kind == "too_many_rows"
	assert refused.value.params[0] == 29


def test_a_workbook_that_unpacks_past_the_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
	path = build_ledger(ledger_rows(200), target=tmp_path / "ledger.xlsx")
	monkeypatch.setattr(reader, "MAX_UNPACKED_MB", 0)
	with pytest.raises(reader.LedgerFormatError) as refused:
		reader.open_workbook(path)
	assert refused.value.kind == "too_large"


def rewrite_sheet(source, change) -> io.BytesIO:
	"""The workbook with its first sheet's XML passed through ``change(text) -> text``
	(``change`` returning None drops the sheet part)."""
	import zipfile

	out = io.BytesIO()
	with zipfile.ZipFile(source) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
		for info in old.infolist():
			data = old.read(info)
			if info.filename == "xl/worksheets/sheet1.xml":
				text = change(data.decode("utf-8"))
				if text is None:
					continue
				data = text.encode("utf-8")
			new.writestr(info, data)
	out.seek(0)
	return out


@pytest.mark.parametrize(
	"change, kind",
	[
		(lambda xml: xml[: len(xml) * 2 // 3], "damaged"),  # truncated XML
		(lambda xml: None, "damaged"),  # the sheet part is missing
		(lambda xml: xml.replace("<v>1</v>", "<v>notanumber</v>", 1), "damaged"),  # in the first rows
		(lambda xml: xml.replace("<v>25</v>", "<v>notanumber</v>", 1), "damaged_row"),  # the 25th row
		(lambda xml: xml.replace("<v>1</v>", "<f>1+1</f>", 1), "uncalculated"),  # never calculated
	],
)
def test_a_damaged_sheet_is_refused_whole_with_what_to_do(change, kind):
	ledger = build_ledger(ledger_rows(25))  # past the 20 rows read for the header
	with pytest.raises(reader.LedgerFormatError) as refused:
		reader.summarize(reader.open_workbook(rewrite_sheet(ledger, change)))
	assert refused.value.kind == kind
	assert "Excel or WPS" in refused.value.template


def test_a_total_row_merged_down_does_not_swallow_the_child_below():
	"""序号–村 merged from the 合计 row over the next row; 合计 typed in the name column of a
	row whose 乡镇 is merged down: both are total rows; the child below is read."""
	from openpyxl import load_workbook

	rows = ledger_rows(3)
	workbook = load_workbook(build_ledger(rows))
	sheet = workbook.active
	first = 4  # title, office, header
	sheet.cell(first + 1, 1).value = "合计"
	for column in (2, 3):
		sheet.cell(first + 1, column).value = None
	sheet.merge_cells(start_row=first + 1, start_column=1, end_row=first + 2, end_column=3)
	sheet.insert_rows(first + 3)  # a total row with 合计 in the name column, 乡镇 merged over it
	sheet.cell(first + 3, 4).value = "合计"
	sheet.cell(first + 3, 5).value = "3人"
	buffer = io.BytesIO()
	workbook.save(buffer)
	buffer.seek(0)
	opened = reader.open_workbook(buffer)
	(summary,) = reader.summarize(opened)
	names = [row.values["child_name"] for row in reader.iter_rows(opened[summary.name], summary.layout)]
	assert names == [rows[0]["child_name"], rows[2]["child_name"]]
