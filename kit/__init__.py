"""The teaching kit's package: the case study as validated data, and the views the lessons use.

>>> import kit
>>> art = kit.load_article()
>>> art.metadata.headline
'French Parliament calls Uyghur persecution a genocide'
"""

from __future__ import annotations

from .article import Article
from .errors import DataError, Problem
from .loader import Library, check, data_dir, load, load_article
from .model import Absent

__all__ = ["Absent", "Article", "DataError", "Library", "Problem", "check", "data_dir", "load", "load_article"]
