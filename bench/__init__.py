"""Benchmark: synthetic plans at k× the document (generate), page timings through AppTest (run), in a browser (browser)."""
