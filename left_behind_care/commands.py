"""Bench commands of left_behind_care (found by bench through ``commands`` below)."""

from __future__ import annotations

import click
from frappe.commands import get_site, pass_context


@click.command("lbc-demo")
@click.option(
	"--children",
	default=300,
	show_default=True,
	type=click.IntRange(min=1),
	help="About how many children the demo site should hold (100000 works, slowly).",
)
@click.option(
	"--seed",
	default=2026,
	show_default=True,
	type=int,
	help="Random seed: the same seed gives the same invented people.",
)
@click.option(
	"--visits-per-child",
	default=6.0,
	show_default=True,
	type=click.FloatRange(min=0),
	help="Contacts (visits, calls, homework help) logged by the mentor per newly registered child, over the last four weeks.",
)
@click.option(
	"--incident-rate",
	default=0.02,
	show_default=True,
	type=click.FloatRange(min=0, max=1),
	help="Share of new children with an incident report.",
)
@click.option(
	"--password",
	default=None,
	help="Password of the demo's logins (one per role and tier); a random one is made and printed when omitted.",
)
@click.option(
	"--remove",
	is_flag=True,
	default=False,
	help="Remove the demo instead: its invented city, every record in it and the demo's logins.",
)
@pass_context
def lbc_demo(
	context,
	children: int,
	seed: int,
	visits_per_child: float,
	incident_rate: float,
	password: str | None,
	remove: bool,
):
	"""Fill a site with an invented city, the sample ledgers (imported through the
	ledger importer) and generated children, mentors, visits and incidents; or, with
	--remove, take all of it away again."""
	import frappe

	from left_behind_care.demo import build_demo, remove_demo

	site = get_site(context)
	frappe.init(site=site)
	frappe.connect()
	if remove:
		try:
			remove_demo(echo=click.echo)
		finally:
			frappe.destroy()
		return
	try:
		summary = build_demo(
			children=children,
			seed=seed,
			visits_per_child=visits_per_child,
			incident_rate=incident_rate,
			echo=click.echo,
			password=password,
		)
		frappe.db.commit()
	finally:
		frappe.destroy()
	click.secho(f"Demo ready on {site}: imports {summary.counts()}", fg="green")
	click.echo(f"Logins (password: {summary.password}):")
	for user, role, area in summary.logins:
		click.echo(f"  {user:40} {role:26} {area}")


commands = [lbc_demo]
