"""The `id` path converter: row ids, version numbers and list positions in addresses.

Django's `int` converter takes any run of digits; a forged 30-digit id then reached the database and failed there
(SQLite: OverflowError; a foreign-key lookup is not protected by Django's out-of-range handling) as a 500. `id`
takes at most 18 digits (below 2**63, every integer column here), so a longer one simply matches no address: 404.
"""

from django.urls import register_converter


class IdConverter:
    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(int(value))


register_converter(IdConverter, "id")
