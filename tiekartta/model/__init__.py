"""The content model: YAML files under roadmap/ -> one validated, immutable Roadmap."""

from .loader import load_roadmap
from .problems import ContentError, Problem
from .roadmap import Roadmap

__all__ = ["ContentError", "Problem", "Roadmap", "load_roadmap"]
