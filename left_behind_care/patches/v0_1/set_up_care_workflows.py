"""Set up the care workflows on a site installed before them (issue 5): the plans' default
Visit Duties, the Incident Report workflow and the care settings' defaults.

Idempotent: creates only what is missing (left_behind_care/care_setup.py).
"""

from left_behind_care.care_setup import setup_care


def execute():
	setup_care()
