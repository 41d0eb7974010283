"""cjresearch: evidence-backed customer journey maps from interviews and survey answers.

Importing the package is cheap: spaCy, pandas' heavy paths and BERTopic load only when used.
"""
from .errors import UserError

__version__ = "0.1.0"
__all__ = ["Project", "UserError", "__version__"]


def __getattr__(name):
    if name == "Project":
        from .project import Project
        return Project
    raise AttributeError(name)
