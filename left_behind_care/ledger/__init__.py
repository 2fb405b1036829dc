"""Village ledgers (台账) in and out, free of any framework.

The ledgers that village and township offices keep in Excel: a merged title row, a
row naming the reporting office and the date (填报日期), a row of Chinese headers, one
row per child, then blank rows and a 合计 (total) row. This package reads them in
openpyxl read-only mode (rows are streamed, never held all at once), finds the header
row by its Chinese aliases, normalises what officers type into a
:class:`~left_behind_care.ledger.normalize.LedgerRecord` or a
:class:`~left_behind_care.ledger.normalize.RowError`, and writes ledgers back in the
same layout. Nothing here imports frappe: the LBC Ledger Import DocType drives it.

Modules:
- :mod:`.columns`: the ledger's columns, their Chinese header aliases, header-row detection;
- :mod:`.reader`: workbook → sheets → raw data rows (blank and 合计 rows skipped);
- :mod:`.normalize`: raw row → LedgerRecord, or RowError naming the column;
- :mod:`.writer`: rows → .xlsx in the ledger layout (text cells for numbers, no formulas).
"""
