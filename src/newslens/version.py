"""The package version, and the version of the analysis that cached results are keyed by."""

__version__ = "0.1.0"

# Bump when a change to the analysis changes its output: cached results of an older version are re-analyzed
# (the cache key also fingerprints the analysis code and rule files, newslens.store.analysis_version).
ANALYSIS_VERSION = "12"
