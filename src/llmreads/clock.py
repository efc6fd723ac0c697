"""Today's date, or the one SOURCE_DATE_EPOCH names, so runs can be reproduced."""

from __future__ import annotations

import datetime as dt
import os


def today() -> dt.date:
    """Return today's date, or the date of SOURCE_DATE_EPOCH when it is set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()
