"""The shape of "what is still missing for submission": one entry per unmet manual rule."""

from dataclasses import dataclass


@dataclass(frozen=True)
class UnmetRule:
    rule: str  # the manual's id, e.g. "P3", "H1"
    message: str  # Thai, says what to fix
    anchor: str = ""  # id of the form field or section to link to, e.g. "id_name" or "section-channels"
