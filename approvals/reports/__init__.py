"""สถิติและรายงาน (/reports/): what ก.พ.ร. and each ministry follow, for approvers, over their own scope.

- `figures`: the numbers, each a fixed number of grouped queries (GROUP BY the ministry's tree and the state, a
  window for the percentiles); nothing counts by walking handbooks in Python.
- `tables`: each report table once (Thai header, rows of plain cells); the page, the CSV and the Excel file are
  made from the same Table, so they show the same figures.
- `charts`: the geometry of the inline SVG charts (stacked bars by ministry, the ageing histogram).
- `forms`, `views`, `urls`: the filters (ministry within scope, period, years), the pages and the exports.
"""
