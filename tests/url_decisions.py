"""Every URL name of the project, with the decision whether anonymous visitors may open it.

"public": open without sign-in (marked login_not_required on purpose).
"login":  needs sign-in; an anonymous GET is redirected to the sign-in page.
A URL added without a line here fails tests/portal/test_url_sweep.py. Django admin URLs are checked separately.
"""

PUBLIC = "public"
LOGIN = "login"

DECISIONS: dict[str, str] = {
    # portal
    "login": PUBLIC,
    "logout": LOGIN,
    "password_change": LOGIN,
    "password_change_done": LOGIN,
    "healthz": PUBLIC,
    "portal:dashboard": LOGIN,
    # laws (issue 3)
    "laws:list": LOGIN,
    "laws:detail": LOGIN,
    "laws:create": LOGIN,
    "laws:create_inline": LOGIN,
    "laws:update": LOGIN,
    "laws:refresh": LOGIN,
    "laws:search": LOGIN,
    "laws:review": LOGIN,  # issue 13: section 6 review cycle
    # procedures (issue 3)
    "procedures:list": LOGIN,
    "procedures:detail": LOGIN,
    "procedures:create": LOGIN,
    "procedures:update": LOGIN,
    "procedures:delete": LOGIN,
    "procedures:agency_search": LOGIN,
    # handbooks (issue 4); form_file is public so that a file the live version published downloads without sign-in
    # (links of versions stored before snapshots named their files); an unapproved upload is 404 for the public
    "handbooks:list": LOGIN,
    "handbooks:create": LOGIN,
    "handbooks:agency_search": LOGIN,
    "handbooks:detail": LOGIN,
    "handbooks:update": LOGIN,
    "handbooks:print": LOGIN,
    "handbooks:copy": LOGIN,
    "handbooks:delete": LOGIN,  # issue 12: a never-published draft, POST only
    "handbooks:form_file": PUBLIC,
    # approvals (issue 5)
    "approvals:queue": LOGIN,
    "approvals:queue_csv": LOGIN,
    "approvals:review": LOGIN,
    "approvals:submit": LOGIN,
    "approvals:withdraw": LOGIN,
    "approvals:approve": LOGIN,
    "approvals:return": LOGIN,
    "approvals:unpublish": LOGIN,
    "approvals:central_queue": LOGIN,
    "approvals:central_queue_csv": LOGIN,
    "approvals:flag": LOGIN,
    "approvals:unflag": LOGIN,
    "approvals:versions": LOGIN,
    "approvals:version": LOGIN,
    "approvals:version_form_file": LOGIN,  # officials: the form file stored with a version
    # reports (issue 13): approvers only, over their scope; every table exports to Excel and CSV
    "reports:index": LOGIN,
    "reports:pending": LOGIN,
    "reports:returns": LOGIN,
    "reports:stale": LOGIN,
    "reports:laws": LOGIN,
    "reports:export": LOGIN,
    # public site (issue 5)
    "public:home": PUBLIC,
    "public:handbook": PUBLIC,
    "public:version": PUBLIC,
    # issue 12: the PDF posted at the service point, of the live version and of each version (404 unless public)
    "public:handbook_pdf": PUBLIC,
    "public:version_pdf": PUBLIC,
    "public:form_file": PUBLIC,  # the form file published with a version (404 unless the handbook is public)
    "public:agencies": PUBLIC,
    "public:agency": PUBLIC,
    # issue 14: the public read-only API (/api/v1/, GET only) and the bulk open-data files: published data only
    "api:index": PUBLIC,
    "api:schema": PUBLIC,
    "api:docs": PUBLIC,
    "api:handbooks": PUBLIC,
    "api:handbook": PUBLIC,
    "api:handbook_cpsv": PUBLIC,
    "api:versions": PUBLIC,
    "api:version": PUBLIC,
    "api:agencies": PUBLIC,
    "api:agency": PUBLIC,
    "api:laws": PUBLIC,
    "api:law": PUBLIC,
    "opendata:downloads": PUBLIC,
    "opendata:file": PUBLIC,  # a file of the latest export (404 for any other name)
}
