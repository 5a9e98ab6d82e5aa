from django import template

from portal import slots

register = template.Library()


@register.filter
def slot_templates(slot: str) -> list[str]:
    """The templates registered for `slot` (portal.slots), in registration order."""
    return slots.templates(slot)
