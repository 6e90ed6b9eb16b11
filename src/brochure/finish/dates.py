"""Finish stage: the dates written into a PDF, reproducible (SOURCE_DATE_EPOCH)."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path


def build_time(inputs: list[Path]) -> datetime:
    """SOURCE_DATE_EPOCH when set; otherwise the newest modification of the inputs,
    so that building the same files twice gives the same bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    newest = max((path.stat().st_mtime for path in inputs if path.exists()), default=0)
    return datetime.fromtimestamp(int(newest), tz=UTC)


def pdf_date(moment: datetime) -> str:
    return moment.strftime("D:%Y%m%d%H%M%S+00'00'")


def xmp_date(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S+00:00")
