"""Who to follow a case up with: the organisation's own route, else its council's page on GOV.UK.

The route a source publishes for this work (`follow_up`) is best; failing that, GOV.UK's local council
page (from the register's slug) always leads to the council's current website and contact details. An
abolished council's page is its successor's. A personal address is never made up: a case without either
has only the sector route (Socitm), which every answer shows anyway.
"""
from __future__ import annotations

from .schema import CaseStudy, FollowUp

GOV_UK_COUNCIL_PAGE = "https://www.gov.uk/find-local-council/{slug}"


def follow_up_routes(case: CaseStudy) -> tuple[FollowUp, ...]:
    if case.follow_up:
        return (case.follow_up,)
    routes: dict[str, FollowUp] = {}
    for organisation in case.resolved:
        council = organisation.council
        if council is None:
            continue
        for current in (organisation.successors if council.abolished else (council,)):
            if current.gov_uk_slug:
                url = GOV_UK_COUNCIL_PAGE.format(slug=current.gov_uk_slug)
                routes.setdefault(url, FollowUp(f"{current.official_name} on GOV.UK", url))
    return tuple(routes.values())
