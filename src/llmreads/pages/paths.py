"""Moved to llmreads.sitepaths (exports and the plugin need it too, and must not import pages/).

Kept so that `from llmreads.pages import paths` still works inside pages/.
"""

from llmreads.sitepaths import *  # noqa: F403
from llmreads.sitepaths import __all__ as __all__
