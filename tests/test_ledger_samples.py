"""The sample ledgers through the framework-free pipeline: every row's outcome as expected.

The Frappe test (test_lbc_ledger_import) imports the same files into a site; this one
checks the reading, normalising and grading rules alone, at the ledger's date.
"""

import pytest
from ledger_helpers import SAMPLE_NAMES, expected, sample_path

from left_behind_care import rules
from left_behind_care.ledger import normalize, reader


def outcomes(name):
	workbook = reader.open_workbook(sample_path(name))
	results = {}
	seen = {}
	for summary in reader.summarize(workbook):
		layout = summary.layout
		for raw in reader.iter_rows(workbook[summary.name], layout):
			try:
				record = normalize.normalize_row(raw)
				normalize.check_age(record, layout.ledger_date, rules.PLAN3_RULE.age_limit)
			except normalize.RowError as error:
				results[raw.ledger_row] = {"outcome": f"error:{error.kind}"}
				continue
			if record.id_number in seen:
				results[raw.ledger_row] = {
					"outcome": "error:duplicate",
					"duplicate_of_row": seen[record.id_number],
				}
				continue
			seen[record.id_number] = raw.ledger_row
			situations = [
				rules.ParentSituation(rules.ParentStatus(p.status or "Unknown"), p.away_since)
				for p in (record.father, record.mother)
			]
			result = rules.determine_left_behind(record.birth_date, situations, layout.ledger_date)
			relationship = record.guardian_relationship
			if relationship == rules.Relationship.NONE:
				relationship = None
			category = rules.guardianship_category(relationship, result.left_behind)
			results[raw.ledger_row] = {
				"outcome": "ok",
				"id": record.id_number,
				"left_behind": result.left_behind,
				"category": category.value if category else None,
				"village": record.village,
			}
	return results


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_sample_reproduces_expected_json(name):
	got = outcomes(name)
	want = expected(name)
	assert sorted(got) == sorted(want)
	for row, exp in want.items():
		assert got[row]["outcome"] == exp["outcome"], row
		if exp["outcome"] == "ok":
			assert (got[row]["id"], got[row]["left_behind"], got[row]["category"], got[row]["village"]) == (
				exp["id"],
				exp["left_behind"],
				exp["category"],
				exp["village"],
			), row
		if "duplicate_of_row" in exp:
			assert got[row]["duplicate_of_row"] == exp["duplicate_of_row"]
