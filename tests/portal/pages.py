"""Reading a page as its reader does: the visible text (and the texts read aloud: title, alt, aria-label,
placeholder), and the rows of an admin list."""

from __future__ import annotations

from html.parser import HTMLParser

SPOKEN_ATTRIBUTES = ("title", "alt", "aria-label", "placeholder")
HIDDEN = {"script", "style", "template"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class PageText(HTMLParser):
    """`texts`: (tag, text) for every visible text node and spoken attribute; `rows`: the visible text of each row
    of the admin's result list; `marked`: the indexes in `texts` of those inside an element the page marks as not
    Thai prose: another language (`lang="en"`, as the open-data pages mark their English) or code (`<code>`)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.marks: list[bool] = []  # beside `stack`: inside a lang="en" or <code> element
        self.marked: set[int] = set()
        self.texts: list[tuple[str, str]] = []
        self.rows: list[str] = []
        self._row: list[str] | None = None
        self._in_results = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        mark = (
            (self.marks[-1] if self.marks else False)
            or tag == "code"
            or (attributes.get("lang") or "").startswith("en")
        )
        if tag not in VOID:
            self.stack.append(tag)
            self.marks.append(mark)
        if tag == "table" and attributes.get("id") == "result_list":
            self._in_results = True
        if self._in_results and tag == "tr" and "tbody" in self.stack:
            self._row = []
        for name in SPOKEN_ATTRIBUTES:
            if attributes.get(name):
                if mark:
                    self.marked.add(len(self.texts))
                self.texts.append((f"{tag}@{name}", attributes[name]))
        if tag == "input" and attributes.get("type") in ("submit", "button") and attributes.get("value"):
            self.texts.append((f"{tag}@value", attributes["value"]))

    def handle_endtag(self, tag):
        if tag == "tr" and self._row is not None:
            self.rows.append(" ".join(self._row))
            self._row = None
        if tag == "table":
            self._in_results = False
        if tag in self.stack:
            while self.stack.pop() != tag:
                self.marks.pop()
            self.marks.pop()

    def handle_data(self, data):
        text = data.strip()
        if not text or any(tag in HIDDEN for tag in self.stack):
            return
        if self.marks and self.marks[-1]:
            self.marked.add(len(self.texts))
        self.texts.append((self.stack[-1] if self.stack else "", text))
        if self._row is not None:
            self._row.append(text)


def read(html: str) -> PageText:
    page = PageText()
    page.feed(html)
    page.close()
    return page


def visible_text(html: str) -> str:
    return "\n".join(text for _tag, text in read(html).texts)


def result_rows(html: str) -> list[str]:
    return read(html).rows
