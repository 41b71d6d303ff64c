"""Filtering and sorting items: the filter grammar (grammar), its SQL (compiler), keyset sorting
(sorting) and the `filter=` condition of the items list. Views build on these."""
