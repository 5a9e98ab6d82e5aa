"""The shape of "what is still missing for submission": one entry per unmet manual rule (or per piece of advice)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class UnmetRule:
    rule: str  # the manual's id, e.g. "P3", "H1": for code and tests only, never shown to officials
    message: str  # Thai, says what to fix
    anchor: str = ""  # id of the form field or section to link to, e.g. "id_name" or "section-channels"
    where: str = ""  # the form's own Thai words for the place: section, row and field, e.g. "15. … · เอกสารที่ 3"
    page: str = ""  # the page that holds the field when it is not the page showing the list (the procedure form)
