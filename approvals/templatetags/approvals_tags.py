"""`{% workflow_actions handbook as wf %}`: which workflow buttons the signed-in official may press."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def workflow_actions(context, handbook) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if user is None or not user.is_authenticated or handbook is None:
        return {}
    return {
        "submit": handbook.allows("submit") and handbook.can_submit(user),
        "withdraw": handbook.allows("withdraw") and handbook.can_withdraw(user),
        "review": handbook.allows("approve") and handbook.can_review(user),
        "decide": handbook.allows("approve") and handbook.can_approve(user),
        "own_request": handbook.is_own_request(user),
        "unpublish": handbook.allows("unpublish") and handbook.can_unpublish(user),
    }
