"""The rows' widgets written in Python: the same HTML as their Jinja2 templates (handbooks/jinja2/handbooks/widgets/).

An edit page renders ~5,000 widgets (~40 rows, their hidden fields and ~40 <option>s per select); through a Jinja2
template each costs a template lookup, a new context and an escape per attribute, ~60 % of the rows' time. `RowRenderer`
writes the four plain templates (input, textarea, select, radio option) here from the same context Django builds
(`Widget.get_context`, so `required`, `aria-*`, ids and values are Django's), escaped with the same `markupsafe.escape`
as Jinja2's autoescape; any other template (the file input, the row card) still renders through Jinja2.
tests/handbooks/test_form_rendering.py compares both ways byte for byte.
"""

from __future__ import annotations

from django.forms.renderers import Jinja2
from markupsafe import escape


def _attrs(attrs: dict) -> str:
    # {% for name, value in attrs.items() %}{% if value is not sameas False %} {{ name }}{% if value is not sameas
    # True %}="{{ value }}"{% endif %}{% endif %}{% endfor %}
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget: dict) -> str:
    value = widget["value"]
    shown = f' value="{escape(value)}"' if value is not None else ""
    return f'<input type="{escape(widget["type"])}" name="{escape(widget["name"])}"{shown}{_attrs(widget["attrs"])}>'


def _input_option(widget: dict) -> str:
    html = _input(widget)
    if not widget.get("wrap_label"):
        return html
    label_id = widget["attrs"].get("id")
    target = f' for="{escape(label_id)}"' if label_id else ""
    return f"<label{target}>{html} {escape(widget['label'])}</label>"


def _textarea(widget: dict) -> str:
    value = widget["value"]
    text = escape(value) if value else ""
    return f'<textarea name="{escape(widget["name"])}"{_attrs(widget["attrs"])}>\n{text}</textarea>'


def _select(widget: dict) -> str:
    parts = [f'<select name="{escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{escape(group_name)}">')
        for option in group_choices:
            value, label = escape(option["value"]), escape(option["label"])
            parts.append(f'\n  <option value="{value}"{_attrs(option["attrs"])}>{label}</option>')
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


PYTHON_WIDGETS = {
    "handbooks/widgets/input.html": _input,
    "handbooks/widgets/input_option.html": _input_option,
    "handbooks/widgets/textarea.html": _textarea,
    "handbooks/widgets/select.html": _select,
}


class RowRenderer(Jinja2):
    """Django's Jinja2 form renderer, but the rows' four plain widget templates are written by PYTHON_WIDGETS."""

    python_widgets = PYTHON_WIDGETS

    def render(self, template_name, context, request=None):
        write = self.python_widgets.get(template_name)
        if write is not None:
            return write(context["widget"]).strip()  # BaseRenderer.render strips the template's output too
        return super().render(template_name, context, request=request)
