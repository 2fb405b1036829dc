"""Framework-free tests of the care rules: visit duties, escalation, the mandatory
reporting clock, masking and consent (left_behind_care.rules).

The constructed week: a mentor paired on Monday 2026-11-02 logs five contacts
that week; the expected figures follow plan 1 ("三个二"), plan 3 §二(三)3 and plan 5 §四3.
"""

import datetime

import pytest

from left_behind_care import rules as R

D = datetime.date
DT = datetime.datetime

CHILD_CONTACT = R.Duty(
	"child contact", frozenset({"Talk at School", "Phone Call", "Home Visit"}), 2, R.DutyPeriod.WEEK
)
HOMEWORK = R.Duty("homework help", frozenset({"Homework Help"}), 2, R.DutyPeriod.WEEK)
PARENTS = R.Duty(
	"parents",
	frozenset({"Video Call with Parents", "Phone Call with Parents", "Letter"}),
	2,
	R.DutyPeriod.MONTH,
)
TEACHERS = R.Duty("subject teachers", frozenset({"Contact with Subject Teacher"}), 2, R.DutyPeriod.MONTH)
HOME_VISITS = R.Duty("home visits", frozenset({"Home Visit"}), 2, R.DutyPeriod.TWO_MONTHS)
FORTNIGHTLY_VISIT = R.Duty("plan 3 home visit", frozenset({"Home Visit"}), 1, R.DutyPeriod.FORTNIGHT)
GUARDIANS_MEETING = R.Duty("plan 3 meeting", frozenset({"Guardians' Meeting"}), 1, R.DutyPeriod.MONTH)
TERM_VISIT = R.Duty("plan 5 visit", frozenset({"Home Visit"}), 1, R.DutyPeriod.TERM)

PAIRED = D(2026, 11, 2)  # a Monday
WEEK = [
	(D(2026, 11, 2), "Talk at School"),
	(D(2026, 11, 3), "Homework Help"),
	(D(2026, 11, 4), "Video Call with Parents"),
	(D(2026, 11, 5), "Homework Help"),
	(D(2026, 11, 7), "Home Visit"),
]
SUNDAY = D(2026, 11, 8)


def status(duty, on, visits=WEEK, active_from=PAIRED):
	result = R.duty_status(duty, visits, on, active_from)
	return result.next_due, result.contact_number, result.overdue_days


# ------------------------------------------------------------------ periods


def test_fortnights_are_consecutive_fourteen_day_blocks_also_across_a_53_week_year():
	assert R.period_bounds(R.DutyPeriod.FORTNIGHT, D(2026, 11, 2)) == (D(2026, 11, 2), D(2026, 11, 15))
	assert R.period_bounds(R.DutyPeriod.FORTNIGHT, D(2026, 11, 15)) == (D(2026, 11, 2), D(2026, 11, 15))
	# 2026 has an ISO week 53 (28 Dec - 3 Jan): the blocks still neither overlap nor leave a gap.
	bounds = R.period_bounds(R.DutyPeriod.FORTNIGHT, D(2026, 12, 20))
	for _ in range(6):
		following = R.next_period(R.DutyPeriod.FORTNIGHT, bounds)
		assert following[0] == bounds[1] + datetime.timedelta(days=1)
		assert (following[1] - following[0]).days == 13
		bounds = following


def test_next_and_previous_period():
	assert R.next_period(R.DutyPeriod.TERM, (D(2026, 8, 1), D(2027, 1, 31))) == (
		D(2027, 2, 1),
		D(2027, 7, 31),
	)
	assert R.previous_period(R.DutyPeriod.TERM, (D(2026, 8, 1), D(2027, 1, 31))) == (
		D(2026, 2, 1),
		D(2026, 7, 31),
	)
	assert R.next_period(R.DutyPeriod.TWO_MONTHS, (D(2026, 11, 1), D(2026, 12, 31))) == (
		D(2027, 1, 1),
		D(2027, 2, 28),
	)
	assert R.previous_period(R.DutyPeriod.WEEK, (D(2026, 11, 2), D(2026, 11, 8))) == (
		D(2026, 10, 26),
		D(2026, 11, 1),
	)


def test_paced_due_dates():
	week = (D(2026, 11, 2), D(2026, 11, 8))
	assert R.paced_due_date(*week, 2, 1) == D(2026, 11, 5)  # Thursday
	assert R.paced_due_date(*week, 2, 2) == D(2026, 11, 8)  # Sunday
	assert R.paced_due_date(D(2026, 11, 1), D(2026, 11, 30), 2, 1) == D(2026, 11, 15)
	assert R.paced_due_date(D(2026, 11, 1), D(2026, 12, 31), 2, 1) == D(2026, 12, 1)  # day 31 of 61
	assert R.paced_due_date(D(2026, 11, 1), D(2026, 11, 30), 1, 1) == D(2026, 11, 30)
	with pytest.raises(R.RuleError) as error:
		R.paced_due_date(*week, 2, 3)
	assert error.value.kind == "bad_duty"
	with pytest.raises(R.RuleError):
		R.paced_due_date(*week, 0, 1)


def test_first_counted_period_needs_the_first_half():
	assert R.first_counted_period(R.DutyPeriod.WEEK, D(2026, 11, 2)) == (D(2026, 11, 2), D(2026, 11, 8))
	assert R.first_counted_period(R.DutyPeriod.WEEK, D(2026, 11, 5)) == (
		D(2026, 11, 2),
		D(2026, 11, 8),
	)  # Thu: 3 of 7
	assert R.first_counted_period(R.DutyPeriod.WEEK, D(2026, 11, 6)) == (
		D(2026, 11, 9),
		D(2026, 11, 15),
	)  # Fri
	assert R.first_counted_period(R.DutyPeriod.MONTH, D(2026, 11, 2)) == (D(2026, 11, 1), D(2026, 11, 30))
	assert R.first_counted_period(R.DutyPeriod.TERM, D(2026, 11, 2)) == (D(2027, 2, 1), D(2027, 7, 31))


def test_duty_applies_by_risk_level():
	assert R.duty_applies(CHILD_CONTACT, "一级")
	severe = R.Duty(
		"weekly visit for 一级", frozenset({"Home Visit"}), 1, R.DutyPeriod.WEEK, frozenset({"一级", "二级"})
	)
	assert R.duty_applies(severe, "一级")
	assert not R.duty_applies(severe, "三级")
	assert not R.duty_applies(severe, None)  # empty counts as 正常
	normal_only = R.Duty("n", frozenset({"Home Visit"}), 1, R.DutyPeriod.WEEK, frozenset({"正常"}))
	assert R.duty_applies(normal_only, "")


# ------------------------------------------------------------------ the constructed week


def test_next_due_dates_at_the_end_of_the_constructed_week():
	# plan 1 "三个二": child contact and homework help met twice: due again Thursday of the next week.
	assert status(CHILD_CONTACT, SUNDAY) == (D(2026, 11, 12), 1, 0)
	assert status(HOMEWORK, SUNDAY) == (D(2026, 11, 12), 1, 0)
	# parents: one call in November; the second is due on 30 November.
	assert status(PARENTS, SUNDAY) == (D(2026, 11, 30), 2, 0)
	# subject teachers: nothing yet; the first of two November contacts is due on the 15th.
	assert status(TEACHERS, SUNDAY) == (D(2026, 11, 15), 1, 0)
	# two home visits every two months: one done in Nov-Dec, the second due 31 December.
	assert status(HOME_VISITS, SUNDAY) == (D(2026, 12, 31), 2, 0)
	# plan 3: the fortnight 2-15 Nov has its visit; the next fortnight's is due on 29 November.
	assert status(FORTNIGHTLY_VISIT, SUNDAY) == (D(2026, 11, 29), 1, 0)
	assert status(GUARDIANS_MEETING, SUNDAY) == (D(2026, 11, 30), 1, 0)
	# plan 5: paired in the second half of the autumn term, so the spring term is the first owed.
	assert status(TERM_VISIT, SUNDAY) == (D(2027, 7, 31), 1, 0)


def test_mid_week_a_missed_first_contact_is_overdue():
	only_saturday = [(D(2026, 11, 7), "Home Visit")]
	# Friday: the first contact was due Thursday.
	assert status(CHILD_CONTACT, D(2026, 11, 6), visits=[]) == (D(2026, 11, 5), 1, 1)
	# A single contact on Saturday: the second is due Sunday, the first is not counted twice.
	assert status(CHILD_CONTACT, D(2026, 11, 7), visits=only_saturday) == (D(2026, 11, 8), 2, 0)
	assert status(CHILD_CONTACT, D(2026, 11, 10), visits=only_saturday) == (D(2026, 11, 8), 2, 2)


def test_overdue_days_keep_growing_across_periods_when_visits_stop():
	# No contact after the constructed week: Thursday 12 Nov was missed.
	assert status(CHILD_CONTACT, D(2026, 11, 16)) == (D(2026, 11, 12), 1, 4)
	assert status(CHILD_CONTACT, D(2026, 11, 30)) == (D(2026, 11, 12), 1, 18)
	# A new contact in the next week resets the clock to that week's pace.
	later = [*WEEK, (D(2026, 11, 17), "Phone Call")]
	assert status(CHILD_CONTACT, D(2026, 11, 20), visits=later) == (D(2026, 11, 22), 2, 0)


def test_contacts_before_the_pairing_and_after_the_day_do_not_count():
	visits = [(D(2026, 10, 30), "Homework Help"), (D(2026, 11, 9), "Homework Help")]
	assert status(HOMEWORK, SUNDAY, visits=visits) == (D(2026, 11, 5), 1, 3)
	# A contact in an uncounted first period (paired on a Friday) is ignored.
	friday = D(2026, 11, 6)
	assert R.duty_status(HOMEWORK, [(D(2026, 11, 7), "Homework Help")], D(2026, 11, 8), friday).next_due == D(
		2026, 11, 12
	)


def test_falls_due_within_the_reminder_window():
	result = R.duty_status(TEACHERS, WEEK, SUNDAY, PAIRED)  # due 15 Nov
	assert not result.falls_due(SUNDAY, 2)
	assert result.falls_due(D(2026, 11, 13), 2)
	assert result.falls_due(D(2026, 11, 15), 0)
	assert not result.overdue
	late = R.duty_status(TEACHERS, WEEK, D(2026, 11, 16), PAIRED)
	assert late.overdue and late.falls_due(D(2026, 11, 16), 0)


def test_compliance_for_the_constructed_week():
	week = (D(2026, 11, 2), D(2026, 11, 8))
	contact = R.compliance_over_range(CHILD_CONTACT, WEEK, *week, active_from=PAIRED)
	assert (contact.periods_due, contact.required, contact.done, contact.credited, contact.periods_met) == (
		1,
		2,
		2,
		2,
		1,
	)
	assert contact.rate == 1.0
	homework = R.compliance_over_range(HOMEWORK, WEEK, *week, active_from=PAIRED)
	assert (homework.required, homework.done, homework.rate) == (2, 2, 1.0)
	# Monthly and longer duties do not fall due within that week.
	for duty in (PARENTS, TEACHERS, HOME_VISITS, GUARDIANS_MEETING, TERM_VISIT):
		result = R.compliance_over_range(duty, WEEK, *week, active_from=PAIRED)
		assert (result.periods_due, result.required, result.rate) == (0, 0, None)
	# The fortnight 2-15 Nov is not over on 8 Nov either.
	assert R.compliance_over_range(FORTNIGHTLY_VISIT, WEEK, *week, active_from=PAIRED).periods_due == 0


def test_compliance_for_november_with_only_the_constructed_week():
	month = (D(2026, 11, 1), D(2026, 11, 30))
	contact = R.compliance_over_range(CHILD_CONTACT, WEEK, *month, active_from=PAIRED)
	# Weeks ending 8, 15, 22 and 29 Nov (the week ending 1 Nov predates the pairing).
	assert [p.end for p in contact.periods] == [
		D(2026, 11, 8),
		D(2026, 11, 15),
		D(2026, 11, 22),
		D(2026, 11, 29),
	]
	assert (contact.required, contact.done, contact.credited, contact.periods_met, contact.rate) == (
		8,
		2,
		2,
		1,
		0.25,
	)
	parents = R.compliance_over_range(PARENTS, WEEK, *month, active_from=PAIRED)
	assert (parents.periods_due, parents.required, parents.done, parents.rate) == (1, 2, 1, 0.5)
	fortnight = R.compliance_over_range(FORTNIGHTLY_VISIT, WEEK, *month, active_from=PAIRED)
	assert [(p.start, p.end, p.done) for p in fortnight.periods] == [
		(D(2026, 11, 2), D(2026, 11, 15), 1),
		(D(2026, 11, 16), D(2026, 11, 29), 0),
	]
	assert fortnight.rate == 0.5
	meeting = R.compliance_over_range(GUARDIANS_MEETING, WEEK, *month, active_from=PAIRED)
	assert (meeting.required, meeting.done, meeting.periods_met, meeting.rate) == (1, 0, 0, 0.0)


def test_extra_contacts_are_not_credited_to_another_period():
	visits = [(D(2026, 11, d), "Homework Help") for d in (2, 3, 4, 5)]
	result = R.compliance_over_range(HOMEWORK, visits, D(2026, 11, 2), D(2026, 11, 15))
	assert (result.required, result.done, result.credited, result.periods_met, result.rate) == (
		4,
		4,
		2,
		1,
		0.5,
	)


def test_compliance_respects_the_end_of_a_pairing_and_rejects_a_reversed_range():
	result = R.compliance_over_range(
		CHILD_CONTACT, WEEK, D(2026, 11, 1), D(2026, 11, 30), active_from=PAIRED, active_to=D(2026, 11, 18)
	)
	assert [p.end for p in result.periods] == [D(2026, 11, 8), D(2026, 11, 15)]
	with pytest.raises(R.RuleError) as error:
		R.compliance_over_range(CHILD_CONTACT, WEEK, D(2026, 11, 30), D(2026, 11, 1))
	assert error.value.kind == "bad_range"


def test_legacy_single_period_compliance_still_counts_the_week():
	result = R.duty_compliance(CHILD_CONTACT, WEEK, D(2026, 11, 4))
	assert (result.period_start, result.period_end, result.done, result.met) == (
		D(2026, 11, 2),
		D(2026, 11, 8),
		2,
		True,
	)


# ------------------------------------------------------------------ escalation and capacity


def test_escalation_tiers():
	assert R.escalation_for(0, 3, 7) == R.Escalation.NONE
	assert R.escalation_for(2, 3, 7) == R.Escalation.NONE
	assert R.escalation_for(3, 3, 7) == R.Escalation.VILLAGE
	assert R.escalation_for(6, 3, 7) == R.Escalation.VILLAGE
	assert R.escalation_for(7, 3, 7) == R.Escalation.TOWNSHIP
	assert R.escalation_for(70, 3, 0) == R.Escalation.VILLAGE  # township escalation switched off


def test_escalation_margins_are_checked():
	with pytest.raises(R.RuleError) as error:
		R.escalation_for(5, 0, 7)
	assert error.value.kind == "bad_margin"
	with pytest.raises(R.RuleError) as error:
		R.check_escalation_margins(7, 3)
	assert error.value.kind == "bad_margin" and error.value.params == (3, 7)
	R.check_escalation_margins(3, 3)


def test_mentor_capacity():
	R.check_mentor_capacity("王老师", 1, 2)
	R.check_mentor_capacity("王老师", 10, 0)  # 0: no limit
	with pytest.raises(R.RuleError) as error:
		R.check_mentor_capacity("王老师", 2, 2)
	assert error.value.kind == "mentor_capacity" and error.value.params == ("王老师", 2, 2)


# ------------------------------------------------------------------ mandatory reporting clock


def test_police_report_due_and_overdue():
	found = DT(2026, 11, 2, 9, 30)
	assert R.police_report_due(found, 24) == DT(2026, 11, 3, 9, 30)
	assert R.police_report_due(found, 0) == found
	assert not R.police_report_overdue(found, None, DT(2026, 11, 3, 9, 30), 24)
	assert R.police_report_overdue(found, None, DT(2026, 11, 3, 9, 31), 24)
	assert not R.police_report_overdue(found, DT(2026, 11, 2, 10, 0), DT(2026, 11, 9), 24)
	assert R.police_report_overdue(found, DT(2026, 11, 4, 8, 0), DT(2026, 11, 9), 24)  # reported late
	assert R.police_report_overdue(found, None, DT(2026, 11, 2, 10, 0), 0)  # "at once"


# ------------------------------------------------------------------ privacy


def test_masking():
	assert R.mask_id_number("52030220150305123X") == "5203**********123X"
	assert R.mask_id_number("1234567") == "******7"
	assert R.mask_id_number(None) == ""
	assert R.mask_phone("13812345678") == "138****5678"
	assert R.mask_phone("0851-86812345") == "0851-****2345"
	assert R.mask_phone("12345") == "*2345"
	assert R.mask_phone("123") == "***"
	assert R.mask_phone("") == ""
	assert R.mask_address("贵州省遵义市测试区东乡镇东一村3组12号") == "贵州省遵义市测试区东乡镇****"
	assert R.mask_address("测试区西乡镇") == "测试区****"  # nothing after the township: keep less
	assert R.mask_address("东一村3组12号") == "东一****"
	assert R.mask_address("  ") == ""


def test_consent_rules():
	born = D(2014, 6, 1)
	R.check_consent(born, R.ConsentGiver.GUARDIAN, D(2026, 11, 2), D(2026, 11, 8))
	R.check_consent(born, R.ConsentGiver.CHILD, D(2028, 6, 1), D(2028, 6, 2))  # 14 that day
	cases = [
		((born, None, D(2026, 11, 2), D(2026, 11, 8)), "consent_incomplete"),
		((born, R.ConsentGiver.PARENT, None, D(2026, 11, 8)), "consent_incomplete"),
		((born, R.ConsentGiver.GUARDIAN, D(2026, 11, 9), D(2026, 11, 8)), "consent_in_future"),
		((born, R.ConsentGiver.CHILD, D(2028, 5, 31), D(2028, 6, 2)), "consent_by_child_under_14"),
	]
	for args, kind in cases:
		with pytest.raises(R.RuleError) as error:
			R.check_consent(*args)
		assert error.value.kind == kind


def test_may_share_identifiable_needs_a_valid_consent_with_the_signed_form():
	born = D(2014, 6, 1)
	today = D(2026, 11, 8)
	assert R.may_share_identifiable(born, R.ConsentGiver.GUARDIAN, D(2026, 11, 2), True, today)
	assert not R.may_share_identifiable(born, R.ConsentGiver.GUARDIAN, D(2026, 11, 2), False, today)
	assert not R.may_share_identifiable(born, R.ConsentGiver.CHILD, D(2026, 11, 2), True, today)
	assert not R.may_share_identifiable(born, None, None, True, today)
