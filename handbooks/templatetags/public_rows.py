"""The public list's result rows (handbooks/public/home.html), written here rather than by the template engine:
twenty rows through `{% for %}`, `{% url %}`, `{% translate %}` and a filter cost ~3.6 ms of a ~20 ms search
(bench/RESULTS.md, issue 15); the HTML is the same, escaped the same."""

from django import template
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext

from portal.templatetags.thai import format_thai_date

register = template.Library()

_ROW = (
    '\n  <li class="list-group-item">\n    <a class="fw-bold" href="{}">{}</a>\n'
    '    <div class="small text-muted">{}</div>\n'
    '    <div class="small">{}: {} · {} · {} {}</div>\n  </li>\n  '
)


@register.simple_tag
def result_rows(handbooks) -> str:
    """`{% result_rows object_list %}`: one `<li>` per handbook of `page_rows` (its row_* values)."""
    responsible, updated = gettext("หน่วยงานที่รับผิดชอบ"), gettext("ปรับปรุงล่าสุด")
    return format_html_join(
        "",
        _ROW,
        (
            (
                reverse("public:handbook", kwargs={"pk": h.pk}),
                h.row_name,
                h.row_reference,
                responsible,
                h.row_agency,
                h.row_category,
                updated,
                format_thai_date(h.row_updated),
            )
            for h in handbooks
        ),
    )
