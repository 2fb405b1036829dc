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
# What a workbook's sheets and strings (not its pictures) may unpack to: a 20,000-row
# ledger unpacks to about 40 MB, and its shared strings take about twice that in memory. A file past this is refused before openpyxl reads its
# shared strings into memory (a "zip bomb" would otherwise exhaust the worker).
MAX_UNPACKED_MB = 150
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # compound file: .xls, or an encrypted .xlsx
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
	merges: merged cell ranges below the header as (first row, first column, last row,
	    last column), 1-based; every cell of a range reads as its first cell's value.
	    None until :func:`read_merged_ranges` has been run on the sheet.
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
	merges: list[tuple[int, int, int, int]] | None = None

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
			"merges": [list(merge) for merge in self.merges or ()],
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
	    kind: ``not_xlsx``, ``xls`` (Excel 97–2003), ``encrypted`` (password-protected),
	        ``too_large`` (unpacks past :data:`MAX_UNPACKED_MB`), ``damaged`` (a sheet
	        that cannot be read), ``damaged_row``, ``uncalculated`` (a formula without
	        its value), ``no_header``, ``no_sheet`` or ``too_many_rows``.
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
	    LedgerFormatError: kind ``encrypted`` for a password-protected workbook (Excel
	    and WPS store those as an OLE compound file holding an ``EncryptedPackage``),
	    ``xls`` for an Excel 97–2003 workbook, ``too_large`` when its sheets unpack to
	    more than :data:`MAX_UNPACKED_MB`, ``damaged`` when its parts cannot be read
	    (or no sheet can), ``not_xlsx`` for anything else that is not an .xlsx
	    workbook. Each message says what the officer should do.
	"""
	import zipfile

	from openpyxl import load_workbook
	from openpyxl.utils.exceptions import InvalidFileException

	if _head(source, len(OLE_SIGNATURE)) == OLE_SIGNATURE:
		raise _compound_file_error(source)
	unpacked = _unpacked_size(source)
	if unpacked > MAX_UNPACKED_MB * 1024 * 1024:
		raise LedgerFormatError(
			"too_large",
			_(
				"The workbook is too large to read: its sheets unpack to {0} MB, more than the {1} MB a ledger may hold. Delete the sheets that are not the ledger, or split the ledger, and attach it again."
			),
			unpacked // (1024 * 1024),
			MAX_UNPACKED_MB,
		)
	try:
		workbook = load_workbook(source, read_only=True, data_only=True)
	except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError):
		raise LedgerFormatError(
			"not_xlsx", _("The file is not an Excel workbook (.xlsx); save it as .xlsx and attach it again.")
		) from None
	except _DAMAGED:
		raise _damaged_workbook() from None
	if not workbook.sheetnames:  # openpyxl skips a sheet whose part is missing
		workbook.close()
		raise _damaged_workbook()
	return workbook


def _damaged_workbook() -> LedgerFormatError:
	return LedgerFormatError(
		"damaged",
		_(
			"The workbook is damaged and cannot be read: open it in Excel or WPS, save it again and attach it again."
		),
	)


def _head(source, size: int) -> bytes:
	"""The first ``size`` bytes of a path or a seekable binary file (left where it was)."""
	if hasattr(source, "read"):
		position = source.tell()
		head = source.read(size)
		source.seek(position)
		return head
	try:
		with open(source, "rb") as handle:
			return handle.read(size)
	except OSError:
		return b""


def _unpacked_size(source) -> int:
	"""Bytes the workbook's parts other than pictures and embedded files unpack to
	(0 when the file is not a zip archive; openpyxl then says it is not a workbook)."""
	import zipfile

	try:
		with zipfile.ZipFile(source) as archive:
			return sum(
				info.file_size
				for info in archive.infolist()
				if not info.filename.startswith(("xl/media/", "xl/embeddings/"))
			)
	except (zipfile.BadZipFile, OSError, ValueError):
		return 0
	finally:
		if hasattr(source, "seek"):
			source.seek(0)


def _compound_file_error(source) -> LedgerFormatError:
	"""Why an OLE compound file cannot be read: a password, or the old .xls format."""
	import olefile

	try:
		with olefile.OleFileIO(source) as ole:
			streams = {"/".join(entry) for entry in ole.listdir()}
	except (OSError, ValueError):  # olefile raises OSError on a damaged file
		streams = set()
	finally:
		if hasattr(source, "seek"):
			source.seek(0)
	if {"EncryptedPackage", "EncryptionInfo"} & streams:
		return LedgerFormatError(
			"encrypted",
			_(
				"The workbook is protected with a password, so it cannot be read. Open it in Excel or WPS, remove the password (File → Info → Protect Workbook → Encrypt with Password, and clear it), save it and attach it again."
			),
		)
	if {"Workbook", "Book"} & streams:
		return LedgerFormatError(
			"xls",
			_(
				"The file is an Excel 97–2003 workbook (.xls). Open it in Excel or WPS, save it as an Excel workbook (.xlsx) and attach it again."
			),
		)
	return LedgerFormatError(
		"not_xlsx", _("The file is not an Excel workbook (.xlsx); save it as .xlsx and attach it again.")
	)


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


def _is_total_word(cell) -> bool:
	text = re.sub(r"\s", "", _text(cell))
	return bool(text) and (text in TOTAL_WORDS or text.startswith(("合计", "总计")))


def is_total_row(cells) -> bool:
	"""Whether a row is a 合计/总计/小计 row: its first non-empty cell says so."""
	for cell in cells:
		if not _blank(cell):
			return _is_total_word(cell)
	return False


def is_footer_row(cells, id_index: int | None) -> bool:
	"""Whether a row is a signature footer (填表人：… 审核人：…) rather than a child."""
	if id_index is not None and id_index < len(cells) and not _blank(cells[id_index]):
		return False
	return any(_text(cell).startswith(FOOTER_PREFIXES) for cell in cells)


def _sheet_elements(source) -> Iterator:
	"""The closed elements of a sheet's XML, streamed, with each ``<row>`` dropped from
	``<sheetData>`` once the caller has read it, so memory does not grow with the sheet.

	Args:
	    source: the sheet's XML file object (closed at the end).
	"""
	from openpyxl.worksheet._reader import ROW_TAG
	from openpyxl.xml.constants import SHEET_MAIN_NS
	from openpyxl.xml.functions import iterparse

	sheet_data_tag = f"{{{SHEET_MAIN_NS}}}sheetData"
	with source:
		sheet_data = None
		for event, element in iterparse(source, events=("start", "end")):
			if event == "start":
				if element.tag == sheet_data_tag:
					sheet_data = element
				continue
			yield element
			if element.tag == ROW_TAG:
				element.clear()
				if sheet_data is not None:
					sheet_data.clear()


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
	from openpyxl.xml.constants import SHEET_MAIN_NS

	cell_tag, formula_tag, value_tag = (f"{{{SHEET_MAIN_NS}}}{tag}" for tag in ("c", "f", "v"))
	for element in _sheet_elements(source):
		if element.tag != ROW_TAG:
			continue
		try:
			index, cells = parser.parse_row(element)
		except (ValueError, TypeError, ArithmeticError):
			raise LedgerFormatError(
				"damaged_row",
				_(
					"Row {0} of sheet {1} holds a value that cannot be read (a number or a date out of range): correct it in Excel or WPS and attach the file again."
				),
				element.get("r") or "?",
				worksheet.title,
			) from None
		if index < min_row:
			continue
		for cell in element.iter(cell_tag):
			if cell.find(formula_tag) is not None and cell.find(value_tag) is None:
				# written by a program that does not calculate: the value is unknown
				raise LedgerFormatError(
					"uncalculated",
					_(
						"Cell {0} of sheet {1} is a formula that was never calculated, so its value is unknown: open the workbook in Excel or WPS, save it and attach it again."
					),
					cell.get("r") or f"row {index}",
					worksheet.title,
				)
		values = [None] * (cells[-1]["column"] if cells else 0)
		for cell in cells:
			values[cell["column"] - 1] = cell["value"]
		yield index, tuple(values)


def read_merged_ranges(worksheet, below_row: int = 0) -> list[tuple[int, int, int, int]]:
	"""The merged cell ranges of a read-only sheet that reach below ``below_row``.

	openpyxl's read-only sheets do not read ``<mergeCells>``, which Excel writes after
	the rows; this streams the sheet XML once for it, dropping each row as it passes.

	Args:
	    worksheet: an openpyxl worksheet (read-only or not).
	    below_row: keep only ranges whose first row is below this Excel row (1-based).

	Returns:
	    list of (first row, first column, last row, last column), 1-based, in sheet order.
	"""
	from openpyxl.utils.cell import range_boundaries

	refs = []
	merged = getattr(worksheet, "merged_cells", None)
	if merged is not None:  # a sheet opened for writing keeps its ranges
		refs = [str(cell_range) for cell_range in merged.ranges]
	else:
		try:
			from openpyxl.xml.constants import SHEET_MAIN_NS

			source = worksheet._get_source()
		except (ImportError, AttributeError):
			return []
		merge_tag = f"{{{SHEET_MAIN_NS}}}mergeCell"
		refs = [
			element.get("ref")
			for element in _sheet_elements(source)
			if element.tag == merge_tag and element.get("ref")
		]
	ranges = []
	for ref in refs:
		try:
			min_col, min_row, max_col, max_row = range_boundaries(ref)
		except (ValueError, TypeError):
			continue
		if min_row > below_row and (max_row > min_row or max_col > min_col):
			ranges.append((min_row, min_col, max_row, max_col))
	return sorted(ranges)


class _MergedFill:
	"""Reads every cell of a merged range as the range's first cell, row by row.

	Rows arrive in sheet order; each range's first-cell value is taken from its first
	row and carried to the rows below. Ranges are kept active only while rows pass
	through them, so a sheet with many small ranges costs little per row.
	"""

	def __init__(self, merges):
		self.pending = sorted(merges or ())
		self.active: list[tuple[tuple[int, int, int, int], object]] = []

	def __call__(self, sheet_row: int, cells: tuple, carry: bool = True) -> tuple:
		"""The row's cells filled from the merged ranges over it.

		Args:
		    carry: False for a row whose own merged cells must not reach the rows below
		        (a 合计 row merged down over a child's row).
		"""
		while self.pending and self.pending[0][0] <= sheet_row:
			merge = self.pending.pop(0)
			if merge[2] < sheet_row:  # its rows were never in the sheet data
				continue
			min_col = merge[1]
			first = cells[min_col - 1] if merge[0] == sheet_row and min_col - 1 < len(cells) else None
			self.active.append((merge, first if carry else None))
		if not self.active:
			return cells
		self.active = [(merge, first) for merge, first in self.active if merge[2] >= sheet_row]
		values = None
		for (_min_row, min_col, _max_row, max_col), first in self.active:
			if first is None:
				continue
			if values is None:
				values = list(cells)
			if len(values) < max_col:
				values.extend([None] * (max_col - len(values)))
			for column in range(min_col, max_col + 1):
				values[column - 1] = first
		return cells if values is None else tuple(values)


def iter_rows(worksheet, layout: SheetLayout) -> Iterator[RawRow]:
	"""The data rows of a sheet, streamed; blank, 合计 and footer rows are skipped.

	A row is a data row when a column other than 序号 and the area columns has a
	value (rows numbered in advance but left empty are not data). A cell inside a
	merged range (乡镇 merged down a township's rows, one guardian merged across
	siblings) reads as the range's first cell, as the officer who merged it meant.

	Args:
	    worksheet: the openpyxl worksheet (read-only).
	    layout: its layout from :func:`read_layout`; its merged ranges are read here
	        when :func:`summarize` has not read them yet.

	Yields:
	    RawRow, in sheet order; ``ledger_row`` counts from the first row under the header.
	"""
	content = [index for index, key in layout.columns.items() if KNOWN[key].content]
	id_index = next((index for index, key in layout.columns.items() if key == "id_number"), None)
	start = layout.header_row + 1
	if layout.merges is None:
		layout.merges = read_merged_ranges(worksheet, layout.header_row)
	name_index = next((index for index, key in layout.columns.items() if key == "child_name"), None)
	fill = _MergedFill(layout.merges)
	for sheet_row, own in _stream_rows(worksheet, start):
		# a 合计 row is known by its own cells, not by what a merge above carries into it
		total = is_total_row(own) or (
			name_index is not None and name_index < len(own) and _is_total_word(own[name_index])
		)
		cells = fill(sheet_row, own, carry=not total)
		if total or all(_blank(cell) for cell in cells):
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


def count_rows(worksheet, layout: SheetLayout, stop_after: int | None = None) -> int:
	"""The number of data rows :func:`iter_rows` will yield (one streamed pass).

	Args:
	    stop_after: stop counting once the count passes this many rows (the result is
	        then ``stop_after + 1``); None counts every row.
	"""
	count = 0
	for _row in iter_rows(worksheet, layout):
		count += 1
		if stop_after is not None and count > stop_after:
			break
	return count


def _damaged_errors() -> tuple[type[BaseException], ...]:
	"""What reading a damaged sheet raises: a missing part, a broken archive or XML."""
	import zipfile
	import zlib
	from xml.etree.ElementTree import ParseError

	errors: list[type[BaseException]] = [
		KeyError,
		EOFError,
		zipfile.BadZipFile,
		zlib.error,
		ParseError,
		ValueError,
		TypeError,
		ArithmeticError,
	]
	try:
		from lxml.etree import XMLSyntaxError

		errors.append(XMLSyntaxError)
	except ImportError:
		pass
	return tuple(errors)


_DAMAGED = _damaged_errors()


@dataclass
class SheetSummary:
	"""A sheet as the preview shows it: its layout (None without a header) and row count."""

	name: str
	layout: SheetLayout | None
	rows: int


def summarize(workbook, sheet_name: str | None = None, max_rows: int | None = None) -> list[SheetSummary]:
	"""Every sheet of a workbook (or the chosen one) with its layout and data-row count.

	Args:
	    workbook: from :func:`open_workbook`.
	    sheet_name: read only this sheet; None for every sheet.
	    max_rows: the most data rows one import takes (all sheets together); None for
	        no limit. Counting stops as soon as the limit is passed, so a huge file is
	        refused quickly.

	Returns:
	    list of SheetSummary in workbook order; each layout has its merged ranges.

	Raises:
	    LedgerFormatError(kind="no_sheet") when ``sheet_name`` is not in the workbook;
	    LedgerFormatError(kind="too_many_rows") when the sheets hold more than
	    ``max_rows`` data rows; ``damaged``, ``damaged_row`` or ``uncalculated`` when a
	    sheet cannot be read whole (every row is read here, before any is imported).
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
	total = 0
	for name in names:
		worksheet = workbook[name]
		try:
			layout = read_layout(worksheet)
			rows = 0
			if layout:
				layout.merges = read_merged_ranges(worksheet, layout.header_row)
				left = None if max_rows is None else max_rows - total
				rows = count_rows(worksheet, layout, stop_after=left)
		except LedgerFormatError:
			raise
		except _DAMAGED:
			raise LedgerFormatError(
				"damaged",
				_(
					"Sheet {0} of the workbook is damaged and cannot be read: open the workbook in Excel or WPS, save it again and attach it again."
				),
				name,
			) from None
		if layout:
			total += rows
			if max_rows is not None and total > max_rows:
				raise LedgerFormatError(
					"too_many_rows",
					_(
						"The ledger has more than {0} data rows (the count passes that in sheet {1}), more than one import takes. Split it, by township for example, and import each part; an administrator can raise the limit in Left Behind Care Settings."
					),
					max_rows,
					name,
				)
		summaries.append(SheetSummary(name, layout, rows))
	return summaries
