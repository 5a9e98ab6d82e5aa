"""Cursor pagination for the API's lists: stable while rows are added, and no COUNT of a big list.

A cursor holds the last position seen on a unique, never-changing column, so a page asked for again after new
handbooks were published neither repeats nor skips a row: handbooks are walked in the order their live version was
approved (`live_version_id`, a new approval goes to the end), agencies and laws by id.
"""

from __future__ import annotations

from rest_framework.pagination import CursorPagination
from rest_framework.response import Response


class ApiCursorPagination(CursorPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    cursor_query_description = "ตำแหน่งหน้าถัดไปจากลิงก์ next / previous — the cursor from a next or previous link"
    page_size_query_description = "จำนวนรายการต่อหน้า (สูงสุด 100) — items per page (at most 100)"
    ordering = "id"
    template = None

    def get_ordering(self, request, queryset, view):
        return (getattr(view, "cursor_ordering", self.ordering),)

    def get_paginated_response(self, data):
        return Response({"next": self.get_next_link(), "previous": self.get_previous_link(), "results": data})

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["results"],
            "properties": {
                "next": {"type": "string", "nullable": True, "format": "uri", "description": "หน้าถัดไป — next page"},
                "previous": {
                    "type": "string",
                    "nullable": True,
                    "format": "uri",
                    "description": "หน้าก่อนหน้า — previous page",
                },
                "results": schema,
            },
        }
