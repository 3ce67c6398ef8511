"""EDA report: figures of the curated artifacts assembled into one self-contained HTML file."""

from movierec.report.build import build_report
from movierec.report.data import ReportError, release_counts

__all__ = ["build_report", "release_counts", "ReportError"]
