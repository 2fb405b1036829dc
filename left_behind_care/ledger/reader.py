"""Read ledger workbooks: sheets, their layout, and the data rows, streamed.

Workbooks are opened with openpyxl in read-only mode (``read_only=True``,
``data_only=True``): rows are parsed from the sheet XML as they are iterated, so a
10,000-row ledger needs no more memory than a 2,000-row one. Formulas give their
cached values (a 合计 row written as ``=COUNTA(…)`` reads as its number).
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

from left_behind_care import rules
from left_behind_care.ledger.columns import KNOWN, find_header

HEADER_SCAN_ROWS = 20
TOTAL_WORDS = ("合计", "总计", "小计", "共计", "合计人数")
FOOTER_PREFIXES = (
	"填表人",
	"填报人",
	"审核人",
	"制表人",
	"负责人",
	"单位负责人",
	"分管领导",
	"说明",
	"注：",
	"注:",
)
_OFFICE_LABEL = re.compile(r"^(填报单位|报送单位|填表单位|单位名称|单位)\s*[:：]\s*")
_DATE_LABEL = re.compile(r"(填报日期|填表日期|报送日期|统计日期|截止日期|截至日期|日期)\s*[:：]\s*")


@dataclass
class SheetLayout:
	"""What stands above a sheet's data rows.

	name: the sheet name.
	title: the title row's text (row 1 in the samples), or None.
	office: the reporting office (填报单位), or None.
	ledger_date: the 填报日期 as a date, or None when the sheet gives none.
	date_text: the date as written (for messages), or None.
	preamble: the raw rows above the header rows (values only), for the errored-rows file.
	header_rows: the raw header rows (one, or a group row and a sub-header row).
	header_row: 1-based Excel row number of the last header row.
	columns: 0-based column index → column key.
	labels: column key → the header as written in the file.
	ignored: header texts the importer does not know (reported, not read).
	width: the number of columns of the header row.
	"""

	name: str
	title: str | None
	office: str | None
	ledger_date: datetime.date | None
	date_text: str | None
	preamble: list[tuple]
	header_rows: list[tuple]
	header_row: int
	columns: dict[int, str]
	labels: dict[str, str]
	ignored: list[str] = field(default_factory=list)
	width: int = 0

	def label(self, key: str | None) -> str:
		"""The header of a column as the file writes it (canonical header if absent)."""
		if not key:
			return ""
		return self.labels.get(key) or KNOWN[key].label

	def as_dict(self) -> dict:
		"""A JSON-serialisable form (for the import record)."""
		from left_behind_care.ledger.writer import encode_cells

		return {
			"name": self.name,
			"title": self.title,
			"office": self.office,
			"ledger_date": self.ledger_date.isoformat() if self.ledger_date else None,
			"date_text": self.date_text,
			"preamble": [encode_cells(row) for row in self.preamble],
			"header_rows": [encode_cells(row) for row in self.header_rows],
			"header_row": self.header_row,
			"columns": {str(index): key for index, key in self.columns.items()},
			"labels": self.labels,
			"ignored": self.ignored,
			"width": self.width,
		}


@dataclass
class RawRow:
	"""One data row as read.

	sheet: the sheet name.
	sheet_row: the Excel row number (1-based).
	ledger_row: the row's number in the ledger: 1 is the first row under the headers.
	values: column key → cell value as openpyxl gives it (str, int, float, datetime, None).
	cells: every cell of the row, in column order (for the errored-rows file).
	"""

	sheet: str
	sheet_row: int
	ledger_row: int
	values: dict[str, object]
	cells: tuple


class LedgerFormatError(ValueError):
	"""The workbook is not a ledger this importer can read.

	Attributes:
	    kind: ``not_xlsx``, ``no_header`` or ``no_sheet``.
	    template: English message with positional ``{0}`` placeholders.
	    params: values for the placeholders.
	"""

	def __init__(self, kind: str, template: str, *params):
		self.kind = kind
		self.template = template
		self.params = params
		super().__init__(template.format(*params))


def _(message: str) -> str:
	"""Mark a message for translation extraction; translated by the Frappe layer."""
	return message


def open_workbook(source):
	"""Open a ledger workbook for streaming.

	Args:
	    source: a path or a binary file object of an .xlsx workbook.

	Returns:
	    openpyxl Workbook in read-only, data-only mode (close it when done).

	Raises:
	    LedgerFormatError(kind="not_xlsx") when the file is not an .xlsx workbook.
	"""
	import zipfile

	from openpyxl import load_workbook
	from openpyxl.utils.exceptions import InvalidFileException

	try:
		return load_workbook(source, read_only=True, data_only=True)
	except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError):
		raise LedgerFormatError(
			"not_xlsx", _("The file is not an Excel workbook (.xlsx); save it as .xlsx and attach it again.")
		) from None


def _text(value) -> str:
	if value is None:
		return ""
	if isinstance(value, float) and value.is_integer():
		value = int(value)
	return unicodedata.normalize("NFKC", str(value)).strip()


def _blank(value) -> bool:
	return value is None or (isinstance(value, str) and not value.strip())


def _parse_date_after_label(cells, index: int, match) -> tuple[datetime.date | None, str | None]:
	rest = _text(cells[index])[match.end() :].strip()
	candidates = (
		[rest] if rest else [cells[i] for i in range(index + 1, len(cells)) if not _blank(cells[i])][:1]
	)
	for candidate in candidates:
		try:
			return rules.parse_ledger_date(candidate), _text(candidate)
		except rules.RuleError:
			return None, _text(candidate)
	return None, None


def read_preamble(preamble: list[tuple]) -> tuple[str | None, str | None, datetime.date | None, str | None]:
	"""Title, office and ledger date from the rows above the header.

	The title is the first non-empty text of the first non-empty row; the office is the
	text after 填报单位：, the date the text (or date cell) after 填报日期：.

	Returns:
	    (title, office, ledger_date, date_text); any may be None.
	"""
	title = office = date_text = None
	ledger_date = None
	for cells in preamble:
		for index, cell in enumerate(cells):
			text = _text(cell)
			if not text:
				continue
			office_match = _OFFICE_LABEL.match(text)
			date_match = _DATE_LABEL.search(text)
			if office_match and office is None:
				office = text[office_match.end() :].strip()
				if date_match and date_match.start() > office_match.end():
					office = text[office_match.end() : date_match.start()].strip()
			if date_match and date_text is None:
				sub = list(cells)
				sub[index] = text[date_match.start() :]
				ledger_date, date_text = _parse_date_after_label(sub, index, _DATE_LABEL.match(sub[index]))
			if title is None and not office_match and not date_match:
				title = text
	return title, office, ledger_date, date_text


def read_layout(worksheet) -> SheetLayout | None:
	"""Find a sheet's header and read what stands above it.

	Args:
	    worksheet: an openpyxl worksheet (read-only).

	Returns:
	    SheetLayout, or None when the sheet has no ledger header in its first
	    :data:`HEADER_SCAN_ROWS` rows.
	"""
	top = [tuple(row) for row in worksheet.iter_rows(max_row=HEADER_SCAN_ROWS, values_only=True)]
	match = find_header(top, HEADER_SCAN_ROWS)
	if match is None:
		return None
	header_rows = 1
	if match.row_offset > 0 and not set(_single_row_keys(top[match.row_offset])) >= set(
		match.columns.values()
	):
		header_rows = 2
	first_header = match.row_offset - header_rows + 1
	preamble = top[:first_header]
	title, office, ledger_date, date_text = read_preamble(preamble)
	header = top[first_header : match.row_offset + 1]
	return SheetLayout(
		name=worksheet.title,
		title=title,
		office=office,
		ledger_date=ledger_date,
		date_text=date_text,
		preamble=preamble,
		header_rows=header,
		header_row=match.row_offset + 1,
		columns=match.columns,
		labels=match.labels,
		ignored=match.ignored,
		width=max((len(row) for row in header), default=0),
	)


def _single_row_keys(cells) -> list[str]:
	from left_behind_care.ledger.columns import match_header

	return [key for key in (match_header(cell) for cell in cells) if key]


def is_total_row(cells) -> bool:
	"""Whether a row is a 合计/总计/小计 row: its first non-empty cell says so."""
	for cell in cells:
		text = re.sub(r"\s", "", _text(cell))
		if text:
			return text in TOTAL_WORDS or text.startswith(("合计", "总计"))
	return False


def is_footer_row(cells, id_index: int | None) -> bool:
	"""Whether a row is a signature footer (填表人：… 审核人：…) rather than a child."""
	if id_index is not None and id_index < len(cells) and not _blank(cells[id_index]):
		return False
	return any(_text(cell).startswith(FOOTER_PREFIXES) for cell in cells)


def _stream_rows(worksheet, min_row: int) -> Iterator[tuple[int, tuple]]:
	"""(Excel row number, cell values) of a read-only worksheet from ``min_row`` on.

	openpyxl's read-only rows (``iter_rows``) clear each parsed ``<row>`` element but
	leave it in the ``<sheetData>`` element being built, about 70 bytes a row; this
	parser removes each row once read, so memory does not grow with the sheet. It
	reuses openpyxl's own row parser (cell types, shared strings, dates); where that
	internal API is missing (another openpyxl version) it falls back to ``iter_rows``.
	"""
	try:
		from openpyxl.worksheet._reader import ROW_TAG, WorkSheetParser
		from openpyxl.xml.constants import SHEET_MAIN_NS
		from openpyxl.xml.functions import iterparse

		source = worksheet._get_source()
		workbook = worksheet.parent
		parser = WorkSheetParser(
			source,
			worksheet._shared_strings,
			data_only=workbook.data_only,
			epoch=workbook.epoch,
			date_formats=workbook._date_formats,
			timedelta_formats=workbook._timedelta_formats,
		)
	except (ImportError, AttributeError, TypeError):
		for offset, cells in enumerate(worksheet.iter_rows(min_row=min_row, values_only=True)):
			yield min_row + offset, tuple(cells)
		return
	sheet_data_tag = f"{{{SHEET_MAIN_NS}}}sheetData"
	with source:
		sheet_data = None
		for event, element in iterparse(source, events=("start", "end")):
			if event == "start":
				if element.tag == sheet_data_tag:
					sheet_data = element
				continue
			if element.tag != ROW_TAG:
				continue
			index, cells = parser.parse_row(element)
			element.clear()
			if sheet_data is not None:
				sheet_data.clear()
			if index < min_row:
				continue
			values = [None] * (cells[-1]["column"] if cells else 0)
			for cell in cells:
				values[cell["column"] - 1] = cell["value"]
			yield index, tuple(values)


def iter_rows(worksheet, layout: SheetLayout) -> Iterator[RawRow]:
	"""The data rows of a sheet, streamed; blank, 合计 and footer rows are skipped.

	A row is a data row when a column other than 序号 and the area columns has a
	value (rows numbered in advance but left empty are not data).

	Args:
	    worksheet: the openpyxl worksheet (read-only).
	    layout: its layout from :func:`read_layout`.

	Yields:
	    RawRow, in sheet order; ``ledger_row`` counts from the first row under the header.
	"""
	content = [index for index, key in layout.columns.items() if KNOWN[key].content]
	id_index = next((index for index, key in layout.columns.items() if key == "id_number"), None)
	start = layout.header_row + 1
	for sheet_row, cells in _stream_rows(worksheet, start):
		if all(_blank(cell) for cell in cells):
			continue
		if is_total_row(cells):
			continue
		if not any(index < len(cells) and not _blank(cells[index]) for index in content):
			continue
		if is_footer_row(cells, id_index):
			continue
		values = {key: cells[index] if index < len(cells) else None for index, key in layout.columns.items()}
		yield RawRow(
			sheet=layout.name,
			sheet_row=sheet_row,
			ledger_row=sheet_row - layout.header_row,
			values=values,
			cells=tuple(cells),
		)


def count_rows(worksheet, layout: SheetLayout) -> int:
	"""The number of data rows :func:`iter_rows` will yield (one streamed pass)."""
	return sum(1 for _row in iter_rows(worksheet, layout))


@dataclass
class SheetSummary:
	"""A sheet as the preview shows it: its layout (None without a header) and row count."""

	name: str
	layout: SheetLayout | None
	rows: int


def summarize(workbook, sheet_name: str | None = None) -> list[SheetSummary]:
	"""Every sheet of a workbook (or the chosen one) with its layout and data-row count.

	Args:
	    workbook: from :func:`open_workbook`.
	    sheet_name: read only this sheet; None for every sheet.

	Returns:
	    list of SheetSummary in workbook order.

	Raises:
	    LedgerFormatError(kind="no_sheet") when ``sheet_name`` is not in the workbook.
	"""
	names = workbook.sheetnames
	if sheet_name:
		if sheet_name not in names:
			raise LedgerFormatError(
				"no_sheet",
				_("The workbook has no sheet named {0}; it has: {1}."),
				sheet_name,
				"、".join(names),
			)
		names = [sheet_name]
	summaries = []
	for name in names:
		worksheet = workbook[name]
		layout = read_layout(worksheet)
		rows = count_rows(worksheet, layout) if layout else 0
		summaries.append(SheetSummary(name, layout, rows))
	return summaries
