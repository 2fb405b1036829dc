"""Write ledgers back to .xlsx in the layout officers keep.

Layout: row 1 a merged title, row 2 the reporting office (column A) and the date
(column G, as in the sample ledgers), row 3 the Chinese headers, then one row per
child. Workbooks are written in openpyxl write-only mode, so exporting 100,000
children streams rows instead of holding a worksheet in memory.

Safety of cells:
- identity numbers and phones are written as text cells (number format ``@``), so
  Excel never turns them into rounded numbers;
- any text that Excel would read as a formula (starting with ``=``, ``+``, ``-``, ``@``,
  or a tab/carriage return) is written as a plain string with the quote prefix set:
  it shows as typed and is never evaluated (OWASP "CSV/formula injection").
"""

from __future__ import annotations

import datetime
import io

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "yyyy-mm-dd"
TEXT_FORMAT = "@"
DATE_COLUMN = 6  # 0-based: the sample ledgers write 填报日期 in column G


def is_formula_like(value) -> bool:
	"""Whether a string would start a formula in Excel (and must be written as text)."""
	return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


class LedgerSheet:
	"""One worksheet being written (rows are appended and streamed to the file).

	Created by :meth:`LedgerWriter.add_sheet`.
	"""

	def __init__(self, worksheet, width: int, text_columns: set[int]):
		self.worksheet = worksheet
		self.width = width
		self.text_columns = text_columns
		self.rows = 0

	def cell(self, value, text: bool = False, bold: bool = False, text_format: bool = False):
		"""A write-only cell for a value.

		Args:
		    value: str, int, float, date, datetime or None.
		    text: write the value as text (numbers become their digits) in the ``@`` format.
		    bold: bold font (headers).
		    text_format: keep the value's type but give the cell the ``@`` format, so that
		        whatever the officer types there next is kept as text.

		Returns:
		    openpyxl WriteOnlyCell; formula-like strings get the quote prefix.
		"""
		if isinstance(value, datetime.datetime) and value.time() == datetime.time(0):
			value = value.date()
		if text and value is not None and not isinstance(value, str):
			if isinstance(value, float) and value.is_integer():
				value = int(value)
			value = str(value)
		cell = WriteOnlyCell(self.worksheet, value=value)
		if isinstance(value, str):
			cell.data_type = "s"
			if is_formula_like(value):
				cell.quotePrefix = True
		if text or text_format:
			cell.number_format = TEXT_FORMAT
		elif isinstance(value, datetime.date):
			cell.number_format = DATE_FORMAT
		if bold:
			cell.font = Font(bold=True)
		return cell

	def append(self, values, raw: bool = False):
		"""Append a row.

		Args:
		    values: the row's values in column order (str, int, float, date, None).
		    raw: write values as given (the errored-rows file: cells as the officer typed
		        them, a number-stored identity number stays a number so the fault shows)
		        with the text columns formatted as text for the retyping; otherwise the
		        text columns are written as text.
		"""
		cells = []
		for index, value in enumerate(values):
			in_text_column = index in self.text_columns
			cells.append(
				self.cell(value, text=in_text_column and not raw, text_format=in_text_column and raw)
			)
		self.worksheet.append(cells)
		self.rows += 1


class LedgerWriter:
	"""A ledger workbook being written.

	Usage::

	    writer = LedgerWriter()
	    sheet = writer.add_sheet("台账", title, office, date_text, headers, text_columns={6, 18, 22})
	    sheet.append([...])
	    content = writer.to_bytes()
	"""

	def __init__(self):
		self.workbook = Workbook(write_only=True)

	def add_sheet(
		self,
		name: str,
		title: str | None,
		office_line: str | None,
		date_line: str | None,
		headers: list[str],
		text_columns: set[int] | None = None,
		widths: dict[int, float] | None = None,
		preamble: list[list] | None = None,
		header_rows: list[list] | None = None,
	) -> LedgerSheet:
		"""Start a sheet with the ledger's title, office/date row and header row.

		Args:
		    name: the sheet name (Excel allows 31 characters; longer names are cut).
		    title: the title (merged across the header's width), or None.
		    office_line: text for column A of row 2 (``填报单位：…``), or None.
		    date_line: text for column G of row 2 (``填报日期：…``), or None.
		    headers: the header texts.
		    text_columns: 0-based indexes of columns written as text.
		    widths: 0-based index → column width in characters.
		    preamble: instead of title/office/date, these rows as they were (errored rows).
		    header_rows: instead of ``headers``, these header rows as they were.

		Returns:
		    LedgerSheet to append rows to.
		"""
		worksheet = self.workbook.create_sheet(title=(name or "台账")[:31])
		width = max(len(headers), *(len(row) for row in header_rows or [[]]))
		for index, column_width in (widths or {}).items():
			worksheet.column_dimensions[get_column_letter(index + 1)].width = column_width
		sheet = LedgerSheet(worksheet, width, set(text_columns or ()))
		if preamble is not None:
			for row_index, row in enumerate(preamble, start=1):
				values = list(row)
				if (
					row_index == 1
					and sum(1 for value in values if value not in (None, "")) == 1
					and width > 1
				):
					worksheet.merged_cells.add(CellRange(min_col=1, min_row=1, max_col=width, max_row=1))
				sheet.append(values, raw=True)
		else:
			if title is not None:
				worksheet.merged_cells.add(CellRange(min_col=1, min_row=1, max_col=max(width, 1), max_row=1))
				title_cell = sheet.cell(title, bold=True)
				title_cell.font = Font(bold=True, size=14)
				title_cell.alignment = Alignment(horizontal="center")
				worksheet.append([title_cell])
				sheet.rows += 1
			if office_line is not None or date_line is not None:
				row = [None] * max(width, DATE_COLUMN + 1)
				row[0] = office_line
				row[DATE_COLUMN if width > DATE_COLUMN else len(row) - 1] = date_line
				sheet.append(row[: max(width, 1)] if width > DATE_COLUMN else row, raw=True)
		for header in header_rows or [headers]:
			worksheet.append([sheet.cell(value, bold=True) for value in header])
			sheet.rows += 1
		return sheet

	def save(self, target) -> None:
		"""Write the workbook to a path or a binary file object."""
		self.workbook.save(target)

	def to_bytes(self) -> bytes:
		"""The workbook as .xlsx bytes."""
		buffer = io.BytesIO()
		self.workbook.save(buffer)
		return buffer.getvalue()


# ------------------------------------------------------------------------------ raw cells

_DATE_TAG = "__date__"
_DATETIME_TAG = "__datetime__"


def encode_cells(cells) -> list:
	"""Raw cell values as JSON-serialisable values (dates tagged), for the import log.

	Args:
	    cells: a row's values as openpyxl read them.

	Returns:
	    list; dates become ``{"__date__": "2015-03-05"}``, datetimes
	    ``{"__datetime__": "2015-03-05T08:00:00"}``, times their ISO text.
	"""
	encoded = []
	for value in cells:
		if isinstance(value, datetime.datetime):
			encoded.append({_DATETIME_TAG: value.isoformat()})
		elif isinstance(value, datetime.date):
			encoded.append({_DATE_TAG: value.isoformat()})
		elif isinstance(value, datetime.time):
			encoded.append(value.isoformat())
		elif value is None or isinstance(value, (str, int, float, bool)):
			encoded.append(value)
		else:
			encoded.append(str(value))
	return encoded


def decode_cells(cells) -> list:
	"""The inverse of :func:`encode_cells`."""
	decoded = []
	for value in cells or []:
		if isinstance(value, dict) and _DATETIME_TAG in value:
			decoded.append(datetime.datetime.fromisoformat(value[_DATETIME_TAG]))
		elif isinstance(value, dict) and _DATE_TAG in value:
			decoded.append(datetime.date.fromisoformat(value[_DATE_TAG]))
		else:
			decoded.append(value)
	return decoded
