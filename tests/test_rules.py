"""Framework-free tests of left_behind_care.rules: every branch and boundary."""

import datetime as dt

import pytest

from left_behind_care import rules as R

D = dt.date
AWAY = R.ParentStatus.AWAY_OUT_OF_PROVINCE
AWAY_IN = R.ParentStatus.AWAY_IN_PROVINCE
HOME = R.ParentStatus.AT_HOME


def away(since):
	return R.ParentSituation(AWAY, since)


# ------------------------------------------------------------------ identity numbers

VALID = "520302201501034818"  # from the sample ledger; male, born 2015-01-03


def test_parse_valid_id_number():
	info = R.parse_id_number(VALID)
	assert info.number == VALID
	assert info.birth_date == D(2015, 1, 3)
	assert info.gender == "Male"
	assert info.region_code == "520302"


@pytest.mark.parametrize(
	"raw",
	[
		"520302 20150103 4818",
		" 520302-20150103-4818 ",
		"５２０３０２２０１５０１０３４８１８",
		"'520302201501034818",
	],
)
def test_normalises_spaces_dashes_fullwidth_apostrophe(raw):
	assert R.parse_id_number(raw).number == VALID


def test_lower_case_x_is_upper_cased():
	info = R.parse_id_number("52030220191227340x")
	assert info.number == "52030220191227340X"
	assert info.gender == "Female"


@pytest.mark.parametrize(
	"raw, kind",
	[
		(5.203022023031976e17, "id_as_number"),
		("5.20302202303198E+17", "id_as_number"),
		(520302202303197000, "id_as_number"),
		("", "missing_id"),
		(None, "missing_id"),
		("520302150103481", "bad_length"),  # retired 15-digit format
		("52030220150103481", "bad_length"),
		("52030220150103481A", "bad_format"),
		("520302201106238862", "bad_checksum"),
		("520302201502304816", "bad_birth_date"),
		("000000201501034818", "bad_region"),
	],
)
def test_rejected_id_numbers(raw, kind):
	if kind in ("bad_birth_date", "bad_region"):
		# make the checksum right so only the named fault remains
		from stdnum.cn import ric

		raw = raw[:17] + ric.calc_check_digit(raw[:17] + "0")
	with pytest.raises(R.RuleError) as err:
		R.parse_id_number(raw)
	assert err.value.kind == kind
	assert err.value.template  # a message to show, with its parameters
	assert "{0}" in err.value.template or kind == "missing_id"


def test_identity_agreement():
	info = R.parse_id_number(VALID)
	R.check_identity_agrees(info, D(2015, 1, 3), "Male")
	R.check_identity_agrees(info, None, None)
	with pytest.raises(R.RuleError) as err:
		R.check_identity_agrees(info, D(2015, 1, 4), None)
	assert err.value.kind == "birth_date_mismatch"
	with pytest.raises(R.RuleError) as err:
		R.check_identity_agrees(info, None, "Female")
	assert err.value.kind == "gender_mismatch"


# ------------------------------------------------------------------ phones


@pytest.mark.parametrize(
	"raw, expected",
	[
		("181 3844 4216", "18138444216"),
		("138-5203-8502", "13852038502"),
		(15584905149, "15584905149"),
		(15584905149.0, "15584905149"),
		("+86 138 5203 8502", "13852038502"),
		("0851-86812345", "0851-86812345"),
		("", ""),
		(None, ""),
	],
)
def test_phone_normalisation(raw, expected):
	assert R.normalize_phone(raw) == expected


@pytest.mark.parametrize("raw", ["12345", "abc", "+1 202 555 0100", 1.5])
def test_bad_phones(raw):
	with pytest.raises(R.RuleError) as err:
		R.normalize_phone(raw)
	assert err.value.kind == "bad_phone"


# ------------------------------------------------------------------ ages and months


def test_age_on_birthday_boundaries():
	born = D(2010, 3, 5)
	assert R.age_on(born, D(2026, 3, 4)) == 15
	assert R.age_on(born, D(2026, 3, 5)) == 16
	assert R.age_on(born, D(2028, 3, 4)) == 17
	assert R.age_on(born, D(2028, 3, 5)) == 18
	assert R.age_on(born, D(2009, 1, 1)) == -2


def test_leap_day_birthdays():
	born = D(2012, 2, 29)
	assert R.age_on(born, D(2030, 2, 28)) == 17
	assert R.age_on(born, D(2030, 3, 1)) == 18
	assert R.birthday_reached(born, 18) == D(2030, 3, 1)
	assert R.birthday_reached(born, 16) == D(2028, 2, 29)
	assert R.birthday_reached(D(2010, 3, 5), 18) == D(2028, 3, 5)


def test_months_between():
	assert R.months_between(D(2026, 6, 30), D(2026, 9, 30)) == 3
	assert R.months_between(D(2026, 7, 1), D(2026, 9, 30)) == 2
	assert R.months_between(D(2026, 6, 30), D(2026, 9, 29)) == 2
	assert R.months_between(D(2026, 10, 1), D(2026, 9, 30)) == 0
	# 民法典 §202: with no corresponding day, a month period ends on the last day of the month
	assert R.months_between(D(2020, 1, 31), D(2020, 4, 30)) == 3
	assert R.months_between(D(2020, 1, 31), D(2020, 4, 29)) == 2


# ------------------------------------------------------------------ determination

ON = D(2026, 9, 30)
CHILD = D(2015, 1, 3)


def test_plan3_both_away_long_enough():
	result = R.determine_left_behind(CHILD, [away(D(2020, 7, 1)), away(D(2020, 7, 1))], ON)
	assert result == R.Determination(True, None, 11)


def test_plan3_exactly_three_months_counts_one_day_less_does_not():
	exactly = R.determine_left_behind(CHILD, [away(D(2026, 6, 30)), away(D(2026, 6, 30))], ON)
	assert exactly.left_behind
	short = R.determine_left_behind(CHILD, [away(D(2026, 7, 1)), away(D(2020, 1, 1))], ON)
	assert not short.left_behind
	assert short.reason == R.NotLeftBehindReason.NOT_AWAY_LONG_ENOUGH


def test_in_province_counts_as_away():
	assert R.determine_left_behind(
		CHILD, [R.ParentSituation(AWAY_IN, D(2020, 1, 1)), away(D(2020, 1, 1))], ON
	).left_behind


def test_parent_at_home_ends_left_behind():
	result = R.determine_left_behind(CHILD, [away(D(2020, 1, 1)), R.ParentSituation(HOME)], ON)
	assert not result.left_behind
	assert result.reason == R.NotLeftBehindReason.PARENT_AT_HOME


def test_away_without_date_counts_future_date_does_not():
	assert R.determine_left_behind(CHILD, [away(None), away(None)], ON).left_behind
	assert not R.determine_left_behind(CHILD, [away(D(2026, 10, 1)), away(None)], ON).left_behind


def test_plan3_age_limit_18_boundary():
	born = D(2008, 9, 30)
	parents = [away(D(2020, 1, 1)), away(D(2020, 1, 1))]
	assert R.determine_left_behind(born, parents, D(2026, 9, 29)).left_behind
	turned = R.determine_left_behind(born, parents, D(2026, 9, 30))
	assert not turned.left_behind
	assert turned.reason == R.NotLeftBehindReason.AGED_OUT
	assert turned.age == 18


def test_national_rule_16_and_one_away_other_incapable():
	born = D(2010, 9, 30)
	incapable = R.ParentSituation(R.ParentStatus.INCAPABLE)
	parents = [away(D(2026, 9, 1)), incapable]
	# under 16, one away (any time), the other incapable
	assert R.determine_left_behind(born, parents, D(2026, 9, 29), R.NATIONAL_RULE).left_behind
	# the 16th birthday ends it
	result = R.determine_left_behind(born, parents, D(2026, 9, 30), R.NATIONAL_RULE)
	assert result.reason == R.NotLeftBehindReason.AGED_OUT
	# plan 3 does not count "one away, other incapable"
	assert not R.determine_left_behind(born, parents, D(2026, 9, 29), R.PLAN3_RULE).left_behind
	# a deceased other parent counts under the national rule
	deceased = [away(D(2020, 1, 1)), R.ParentSituation(R.ParentStatus.DECEASED)]
	assert R.determine_left_behind(born, deceased, D(2026, 1, 1), R.NATIONAL_RULE).left_behind


def test_custom_rule_minimum_months_with_one_away():
	rule = R.DeterminationRule(age_limit=18, min_months_away=6, one_away_other_incapable=True)
	parents = [away(D(2026, 5, 1)), R.ParentSituation(R.ParentStatus.INCAPABLE)]
	result = R.determine_left_behind(CHILD, parents, ON, rule)
	assert not result.left_behind
	assert result.reason == R.NotLeftBehindReason.NOT_AWAY_LONG_ENOUGH
	assert R.determine_left_behind(CHILD, parents, D(2026, 11, 1), rule).left_behind


def test_unknown_or_missing_parents_not_left_behind():
	assert R.determine_left_behind(CHILD, [], ON).reason == R.NotLeftBehindReason.PARENT_SITUATION_UNKNOWN
	one = R.determine_left_behind(CHILD, [away(D(2020, 1, 1))], ON)
	assert not one.left_behind
	both_dead = [R.ParentSituation(R.ParentStatus.DECEASED)] * 2
	assert not R.determine_left_behind(CHILD, both_dead, ON).left_behind


def test_not_yet_born():
	result = R.determine_left_behind(D(2027, 1, 1), [away(None), away(None)], ON)
	assert result.reason == R.NotLeftBehindReason.NOT_BORN


def test_age_out_date():
	assert R.age_out_date(D(2010, 3, 5)) == D(2028, 3, 5)
	assert R.age_out_date(D(2010, 3, 5), R.NATIONAL_RULE) == D(2026, 3, 5)


# ------------------------------------------------------------------ category


@pytest.mark.parametrize(
	"word, category",
	[
		("祖父", "三类"),
		("祖母", "三类"),
		("外祖父", "三类"),
		("外祖母", "三类"),
		("伯父", "二类"),
		("叔叔", "二类"),
		("姑姑", "二类"),
		("舅舅", "二类"),
		("姨妈", "二类"),
		("哥哥", "二类"),
		("姐姐", "二类"),
		("婶婶", "二类"),
		("邻居", "一类"),
		("村委会指定监护人", "一类"),
		("无", "一类"),
		("", "一类"),
		(None, "一类"),
		("父亲", "一类"),
		("Uncle", "二类"),
	],
)
def test_category_from_relationship_words(word, category):
	relationship = R.relationship_from_word(word)
	assert R.guardianship_category(relationship, True).value == category


def test_no_category_when_not_left_behind():
	assert R.guardianship_category(R.Relationship.PATERNAL_GRANDMOTHER, False) is None


def test_unknown_relationship_word():
	with pytest.raises(R.RuleError) as err:
		R.relationship_from_word("同学")
	assert err.value.kind == "bad_relationship"


# ------------------------------------------------------------------ risk level and assessment


def test_risk_level_is_most_severe_indicator():
	assert R.risk_level([]) == R.RiskLevel.NORMAL
	assert R.risk_level(["occasional_truancy"]) == R.RiskLevel.LEVEL_4
	assert R.risk_level(["occasional_truancy", "corporal_punishment"]) == R.RiskLevel.LEVEL_3
	assert R.risk_level(["dropped_out", "withdrawn_personality"]) == R.RiskLevel.LEVEL_2
	assert R.risk_level(["vagrancy_begging", "dropped_out"]) == R.RiskLevel.LEVEL_1
	for code, (level, _label) in R.RISK_INDICATORS.items():
		assert R.risk_level([code]) == level


def test_unknown_indicator():
	with pytest.raises(R.RuleError) as err:
		R.risk_level(["bored"])
	assert err.value.kind == "bad_indicator"


G = R.GuardianAssessment


@pytest.mark.parametrize(
	"has_guardian, level, expected",
	[
		(False, R.RiskLevel.NORMAL, G.POOR),
		(True, R.RiskLevel.LEVEL_1, G.POOR),
		(True, R.RiskLevel.LEVEL_2, G.POOR),
		(True, R.RiskLevel.LEVEL_3, G.FAIR),
		(True, R.RiskLevel.LEVEL_4, G.FAIR),
		(True, R.RiskLevel.NORMAL, G.GOOD),
	],
)
def test_derived_guardian_assessment(has_guardian, level, expected):
	assert R.check_guardian_assessment(None, has_guardian, level) == expected


@pytest.mark.parametrize(
	"given, has_guardian, level",
	[
		(G.GOOD, False, R.RiskLevel.NORMAL),
		(G.FAIR, False, R.RiskLevel.NORMAL),
		(G.GOOD, True, R.RiskLevel.LEVEL_1),
		(G.FAIR, True, R.RiskLevel.LEVEL_1),
		(G.GOOD, True, R.RiskLevel.LEVEL_2),
		(G.GOOD, True, R.RiskLevel.LEVEL_3),
		(G.GOOD, True, R.RiskLevel.LEVEL_4),
	],
)
def test_contradicting_assessments_refused(given, has_guardian, level):
	with pytest.raises(R.RuleError) as err:
		R.check_guardian_assessment(given, has_guardian, level)
	assert err.value.kind == "assessment_contradicts"


@pytest.mark.parametrize(
	"given, has_guardian, level",
	[
		(G.POOR, False, R.RiskLevel.NORMAL),
		(G.POOR, True, R.RiskLevel.LEVEL_1),
		(G.FAIR, True, R.RiskLevel.LEVEL_2),
		(G.POOR, True, R.RiskLevel.LEVEL_4),
		(G.GOOD, True, R.RiskLevel.NORMAL),
		(G.POOR, True, R.RiskLevel.NORMAL),
	],
)
def test_consistent_assessments_kept(given, has_guardian, level):
	assert R.check_guardian_assessment(given, has_guardian, level) == given


# ------------------------------------------------------------------ ledger dates


@pytest.mark.parametrize(
	"raw",
	[
		dt.datetime(2015, 3, 5),
		D(2015, 3, 5),
		"2015.3.5",
		"2015/03/05",
		"2015-03-05",
		"2015年3月5日",
		"2015年3月5",
		20150305,
		20150305.0,
		"20150305",
		" 2015 . 3 . 5 ",
	],
)
def test_ledger_dates(raw):
	assert R.parse_ledger_date(raw) == D(2015, 3, 5)


@pytest.mark.parametrize("raw", ["15.3.5", "2015.2.30", "明年", "2015-13-01", 2015.5, "3/5/2015"])
def test_bad_ledger_dates(raw):
	with pytest.raises(R.RuleError) as err:
		R.parse_ledger_date(raw)
	assert err.value.kind == "bad_date"


def test_month_only_dates_when_allowed():
	assert R.parse_ledger_date("2020.7", allow_month=True) == D(2020, 7, 1)
	assert R.parse_ledger_date("2020年7月", allow_month=True) == D(2020, 7, 1)
	assert R.parse_ledger_date("", allow_month=True) is None
	with pytest.raises(R.RuleError):
		R.parse_ledger_date("2020.7")


# ------------------------------------------------------------------ duty periods


def test_period_bounds():
	wed = D(2026, 11, 25)
	assert R.period_bounds(R.DutyPeriod.WEEK, wed) == (D(2026, 11, 23), D(2026, 11, 29))
	assert R.period_bounds(R.DutyPeriod.MONTH, wed) == (D(2026, 11, 1), D(2026, 11, 30))
	assert R.period_bounds(R.DutyPeriod.TWO_MONTHS, wed) == (D(2026, 11, 1), D(2026, 12, 31))
	assert R.period_bounds(R.DutyPeriod.TWO_MONTHS, D(2026, 2, 10)) == (D(2026, 1, 1), D(2026, 2, 28))
	assert R.period_bounds(R.DutyPeriod.TERM, wed) == (D(2026, 8, 1), D(2027, 1, 31))
	assert R.period_bounds(R.DutyPeriod.TERM, D(2027, 1, 10)) == (D(2026, 8, 1), D(2027, 1, 31))
	assert R.period_bounds(R.DutyPeriod.TERM, D(2027, 3, 1)) == (D(2027, 2, 1), D(2027, 7, 31))
	start, end = R.period_bounds(R.DutyPeriod.FORTNIGHT, wed)
	assert (end - start).days == 13 and start.weekday() == 0 and start <= wed <= end


def test_duty_compliance_counts_only_matching_visits_in_period():
	duty = R.Duty("三个二: child contact", frozenset({"Phone Call", "Talk at School"}), 2, R.DutyPeriod.WEEK)
	visits = [
		(D(2026, 11, 23), "Phone Call"),
		(D(2026, 11, 29), "Talk at School"),
		(D(2026, 11, 30), "Phone Call"),  # next week
		(D(2026, 11, 24), "Home Visit"),  # other activity
	]
	result = R.duty_compliance(duty, visits, D(2026, 11, 25))
	assert (result.done, result.required, result.met) == (2, 2, True)
	result = R.duty_compliance(duty, visits, D(2026, 12, 1))
	assert (result.done, result.met) == (1, False)


def test_region_code_of_a_later_created_district_is_accepted_for_an_older_person():
	# 520302 (红花岗区) was created after 1960; numbers carry the code at issue time.
	from stdnum.cn import ric

	body = "52030219600203386"
	info = R.parse_id_number(body + ric.calc_check_digit(body + "0"))
	assert info.birth_date == D(1960, 2, 3)
