"""Scale: streamed and distributed table coding (:mod:`.engine`) and theme discovery for large N
(:mod:`.themes`). See the README's "Performance" section for the figures and choices."""
from .coders import CODERS
from .engine import ENGINES, code_table, fit_coder

__all__ = ["CODERS", "ENGINES", "code_table", "fit_coder"]
