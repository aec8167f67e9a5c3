"""The data set `make bench` measures the dashboards against: many programs at real scale.

Bulk inserts throughout, so the full size (50 programs, 2,000 residents, 2,000 capstones,
100,000 data points, 20,000 progress reports) seeds in about a minute. One program, the focus
program, has exactly `focus_residents` pathway residents: its director's board is the page the
performance goal is about. Every bench account shares one password, hashed once."""
