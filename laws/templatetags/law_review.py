"""`{% law_review_notice laws %}`: the notice on procedure and handbook pages that a law they cite is overdue for
review (section 6 of the Act). The rule is `laws.models.overdue_among`; the laws are the ones the page has already
loaded (a procedure's `law_links` with their law, or the laws chosen on its form), so the notice costs no query."""

from __future__ import annotations

from django import template

from laws.models import REVIEW_YEARS, local_date, overdue_among

register = template.Library()


@register.inclusion_tag("laws/includes/review_notice.html")
def law_review_notice(laws, new_tab: bool = False) -> dict:
    """`new_tab`: open the law in a new tab (inside a form, so that what the official typed stays)."""
    today = local_date()
    overdue = [(law, -law.days_to_review(today)) for law in overdue_among(laws or (), today)]
    return {"overdue": overdue, "review_years": REVIEW_YEARS, "new_tab": new_tab}
