"""The ``mkdocs-policy`` command: check, diff, release, import over the same core as the plugin.

Exit codes: 0 ok, 1 problems found, 2 usage error.
"""

from __future__ import annotations

import click

# Each command lives in its own module and registers itself on ``main``.
from . import check as _check  # noqa: F401
from . import diff as _diff  # noqa: F401
from . import importer as _importer  # noqa: F401
from . import init as _init  # noqa: F401
from . import notice as _notice  # noqa: F401
from . import release as _release  # noqa: F401
from .common import main

__all__ = ["click", "main"]
