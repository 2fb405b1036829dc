"""Streaming: reading and normalising 10,000 rows needs no more memory than 2,000.

Measured with tracemalloc: the peak while the rows are streamed, above what the open
workbook holds. (The open workbook holds openpyxl's shared-string table, which is the
file's own text; every row object is dropped once normalised.)
"""

import gc
import tracemalloc

import pytest
from ledger_helpers import build_ledger, ledger_rows

from left_behind_care.ledger import normalize, reader


def streaming_peak(path) -> tuple[int, int]:
	gc.collect()
	tracemalloc.start()
	workbook = reader.open_workbook(path)
	tracemalloc.reset_peak()
	opened = tracemalloc.get_traced_memory()[0]
	count = 0
	for summary in reader.summarize(workbook):
		for raw in reader.iter_rows(workbook[summary.name], summary.layout):
			normalize.normalize_row(raw)
			count += 1
	peak = tracemalloc.get_traced_memory()[1]
	tracemalloc.stop()
	workbook.close()
	return count, peak - opened


@pytest.fixture(scope="module")
def ledgers(tmp_path_factory):
	folder = tmp_path_factory.mktemp("ledgers")
	return {n: build_ledger(ledger_rows(n), target=folder / f"ledger_{n}.xlsx") for n in (100, 2000, 10000)}


def test_ten_thousand_rows_stream_in_the_memory_of_two_thousand(ledgers):
	streaming_peak(ledgers[100])  # warm-up: phonenumbers and stdnum load their data once
	count_small, small = streaming_peak(ledgers[2000])
	count_large, large = streaming_peak(ledgers[10000])
	assert (count_small, count_large) == (2000, 10000)
	assert large <= small * 1.2 + 64 * 1024, (small, large)
