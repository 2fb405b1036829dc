"""Reporting periods, deadlines, age bands and visit intervals (left_behind_care.rules)."""

import datetime

import pytest

from left_behind_care import rules

D = datetime.date


def test_quarter_of_and_bounds():
	assert rules.quarter_of(D(2026, 1, 1)) == (2026, 1)
	assert rules.quarter_of(D(2026, 3, 31)) == (2026, 1)
	assert rules.quarter_of(D(2026, 4, 1)) == (2026, 2)
	assert rules.quarter_of(D(2026, 12, 31)) == (2026, 4)
	assert rules.quarter_bounds(2026, 1) == (D(2026, 1, 1), D(2026, 3, 31))
	assert rules.quarter_bounds(2024, 1) == (D(2024, 1, 1), D(2024, 3, 31))
	assert rules.quarter_bounds(2026, 2) == (D(2026, 4, 1), D(2026, 6, 30))
	assert rules.quarter_bounds(2026, 3) == (D(2026, 7, 1), D(2026, 9, 30))
	assert rules.quarter_bounds(2026, 4) == (D(2026, 10, 1), D(2026, 12, 31))


def test_bad_quarter():
	with pytest.raises(rules.RuleError) as error:
		rules.quarter_bounds(2026, 5)
	assert error.value.kind == "bad_quarter"


def test_every_day_lies_in_its_quarter():
	day = D(2023, 12, 25)
	while day < D(2025, 1, 10):
		start, end = rules.quarter_bounds(*rules.quarter_of(day))
		assert start <= day <= end
		day += datetime.timedelta(days=1)


def test_previous_quarter():
	assert rules.previous_quarter(D(2026, 10, 5)) == (2026, 3)
	assert rules.previous_quarter(D(2026, 1, 2)) == (2025, 4)
	assert rules.previous_quarter(D(2026, 4, 1)) == (2026, 1)


def test_quarters_between():
	assert rules.quarters_between(D(2025, 11, 15), D(2026, 7, 1)) == [
		(2025, 4),
		(2026, 1),
		(2026, 2),
		(2026, 3),
	]
	assert rules.quarters_between(D(2026, 7, 1), D(2026, 9, 30)) == [(2026, 3)]
	assert rules.quarters_between(D(2026, 7, 2), D(2026, 7, 1)) == []


def test_submission_deadlines_a_week_apart():
	end = D(2026, 6, 30)
	assert rules.submission_due_date(end, 7) == D(2026, 7, 7)
	assert rules.submission_due_date(end, 14) == D(2026, 7, 14)
	assert rules.submission_due_date(end, 0) == end
	with pytest.raises(rules.RuleError):
		rules.submission_due_date(end, -1)
	assert rules.days_late(D(2026, 7, 7), D(2026, 7, 7)) == 0
	assert rules.days_late(D(2026, 7, 7), D(2026, 7, 10)) == 3
	assert rules.days_late(D(2026, 7, 7), D(2026, 7, 1)) == 0


def test_age_bands_follow_the_age_limit():
	assert [(b.low, b.high) for b in rules.age_bands(18)] == [(0, 5), (6, 13), (14, 17)]
	assert [(b.low, b.high) for b in rules.age_bands(16)] == [(0, 5), (6, 13), (14, 15)]
	assert [(b.low, b.high) for b in rules.age_bands(14)] == [(0, 5), (6, 13)]
	assert [(b.low, b.high) for b in rules.age_bands(10)] == [(0, 5), (6, 9)]
	assert rules.age_bands(18)[2].label == "14–17"
	with pytest.raises(rules.RuleError):
		rules.age_bands(0)


def test_latest_birth_date_agrees_with_age_on():
	"""birth_date <= latest_birth_date_for_age(on, n) exactly when age_on(birth_date, on) >= n."""
	births = [D(2012, 2, 29), D(2016, 2, 29), D(2010, 3, 1), D(2011, 12, 31), D(2013, 1, 1)]
	day = D(2026, 1, 1)
	while day <= D(2028, 12, 31):
		for age in (6, 14, 16, 18):
			cutoff = rules.latest_birth_date_for_age(day, age)
			for birth in births + [cutoff, cutoff + datetime.timedelta(days=1)]:
				assert (birth <= cutoff) == (rules.age_on(birth, day) >= age), (birth, day, age)
		day += datetime.timedelta(days=1)


def test_visit_due_and_overdue():
	registered = D(2026, 9, 1)
	assert rules.visit_due_date(None, registered, 14) == D(2026, 9, 15)
	assert rules.visit_due_date(D(2026, 9, 20), registered, 14) == D(2026, 10, 4)
	assert rules.visit_days_overdue(D(2026, 9, 20), registered, 14, D(2026, 10, 4)) == 0
	assert rules.visit_days_overdue(D(2026, 9, 20), registered, 14, D(2026, 10, 5)) == 1
	assert rules.visit_days_overdue(None, registered, 14, D(2026, 9, 30)) == 15
