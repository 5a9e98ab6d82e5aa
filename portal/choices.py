"""Long option lists rendered cheaply: the filter forms of the busiest pages (public search, approver queue,
procedure list) carry selects of 100-200 options (ministries and departments, service areas).

Measured at 100,000 handbooks (bench/RESULTS.md, run 5): building a model instance per option and rendering each
option through a Django-template widget cost the public home ~15 ms of its ~34 ms. Here an option list is one
`values_list` query (no model instances) and the widgets render through Django's Jinja2 copies of its widget
templates (the same HTML, several times faster). Validation is unchanged: a submitted id is still looked up in the
field's queryset.
"""

from __future__ import annotations

import time

from django import forms
from django.forms.models import ModelChoiceIterator
from django.forms.renderers import Jinja2
from django.forms.utils import flatatt
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

# One Jinja2 form renderer for the process: the widget templates are Django's own (django/forms/jinja2).
FAST_RENDERER = Jinja2()


class ValuesChoiceIterator(ModelChoiceIterator):
    """The field's options from one `values_list(*field.option_fields)` query; labels from `field.label_from_row`.
    The (value, label) pairs, and each select written from them (FastSelect), are kept in the process for the
    current generation of the options (portal.paging: every save or deletion of an agency or a service area starts a
    new one, and empties this process's copies at once; publications do not), so a busy page's selects cost no query
    and no writing."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self.kept()[1]

    def kept(self) -> tuple[tuple | None, list[tuple]]:
        """(the key the options are kept under, or None when they are not kept; the options)."""
        return _options(self.queryset.values_list(*self.field.option_fields), self.field.label_from_row)


# (what the option query depends on, label) → the options, and (that key, the select's attributes, value) → its
# HTML, for one generation: emptied when the generation changes.
_kept: dict = {}
_kept_generation: list = [None, float("-inf")]
# How often a process asks the shared cache for the generation (another process's change of an agency reaches this
# one's selects within that time; this process's own change empties them at once: `forget_kept_options`).
GENERATION_CHECK_SECONDS = 1.0


def forget_kept_options() -> None:
    _kept.clear()
    _kept_generation[:] = [None, float("-inf")]


def _options(rows, label_from_row) -> tuple[tuple | None, list[tuple]]:
    from .paging import OPTIONS_GENERATION_KEY, cache_is_down, generation

    if cache_is_down():  # no generation to trust: read them afresh
        return None, [(row[0], label_from_row(row)) for row in rows]
    now = time.monotonic()
    if now - _kept_generation[1] >= GENERATION_CHECK_SECONDS:
        current = generation(OPTIONS_GENERATION_KEY)
        if _kept_generation[0] != current:
            _kept.clear()
        _kept_generation[:] = [current, now]
    key = (_rows_key(rows), label_from_row.__qualname__)
    options = _kept.get(key)
    if options is None:
        options = _kept[key] = [(row[0], label_from_row(row)) for row in rows]
    return key, options


def _rows_key(rows) -> tuple:
    """What an option query returns depends on, without compiling its SQL (~0.2 ms a select, on every page): its
    database, model, filter tree, columns, annotations, order and slice, which Django's query parts compare and hash
    by value. The SQL itself when a part does not hash."""
    query = rows.query
    key = (
        rows.db,
        query.model._meta.label,
        query.where,
        tuple(query.values_select),
        tuple(query.annotations.items()),
        tuple(query.extra.items()),
        tuple(query.order_by),
        query.default_ordering,
        query.distinct,
        query.low_mark,
        query.high_mark,
        query.combinator,
    )
    try:
        hash(key)
    except TypeError:
        return (rows.db, *rows.query.sql_with_params())
    return key


class ValuesChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField whose options need no model instance: subclasses name the columns and the label."""

    iterator = ValuesChoiceIterator
    option_fields: tuple[str, ...] = ("pk", "name")

    def label_from_row(self, row: tuple) -> str:
        return str(row[1])


def _option_values(options_key, options) -> frozenset:
    """The option values of the options kept under `options_key`, as a select's chosen values are (strings)."""
    values_key = (options_key, "values")
    values = _kept.get(values_key)
    if values is None:
        values = _kept[values_key] = frozenset({""} | {str(value) for value, _label in options})
    return values


class FastSelect(forms.Select):
    """A single <select> without option groups, written in Python: the same markup as Django's Select
    (`<select name id class…>` then `<option value="…" selected>label</option>`), a fraction of the time."""

    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        chosen = set(self.format_value(value))
        kept = getattr(self.choices, "kept", None)
        options_key, options = kept() if kept else (None, ())
        # Kept only for a choice among the options: a value typed into the address would otherwise keep one more
        # select in the process for each value sent, until the next change of an agency.
        if options_key is None or not chosen <= _option_values(options_key, options):
            return self._write(final, chosen)
        html_key = (options_key, self.choices.field.empty_label, flatatt(final), tuple(sorted(chosen)))
        html = _kept.get(html_key)
        if html is None:
            html = _kept[html_key] = self._write(final, chosen)
        return html

    def _write(self, final: dict, chosen: set) -> str:
        options, has_selected = [], False
        for option_value, label in self.choices:
            option_value = "" if option_value is None else str(option_value)
            selected = not has_selected and option_value in chosen
            has_selected |= selected
            # conditional_escape escapes every value and label (as format_html would); flatatt the attributes.
            mark = " selected" if selected else ""
            value_html, label_html = conditional_escape(option_value), conditional_escape(label)
            options.append(f'<option value="{value_html}"{mark}>{label_html}</option>')
        # Every value and label went through conditional_escape above, the attributes through flatatt.
        return mark_safe(f"<select{flatatt(final)}>\n" + "\n".join(options) + "\n</select>")  # noqa: S308  # nosec B308 B703


def bootstrap_class(widget) -> str:
    """The Bootstrap 5 class of a widget rendered with plain `{{ field }}` (not through crispy)."""
    if isinstance(widget, (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple)):
        return "form-check-input"
    return "form-select" if isinstance(widget, forms.Select) else "form-control"


def add_bootstrap_classes(form) -> None:
    """Give every visible widget of `form` its Bootstrap 5 class (once; classes already there are kept)."""
    for field in form.fields.values():
        widget = field.widget
        css = bootstrap_class(widget)
        if not widget.is_hidden and css not in widget.attrs.get("class", "").split():
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class FastForm(forms.Form):
    """The base form of the filter sets: plain selects render with FastSelect, other widgets with the Jinja2
    renderer, and every visible widget carries its Bootstrap 5 class (the templates write the label markup; no
    crispy per filter field)."""

    default_renderer = FAST_RENDERER

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if type(widget) is forms.Select:
                fast = FastSelect(attrs=widget.attrs)
                fast.choices = widget.choices
                field.widget = fast
        add_bootstrap_classes(self)
