"""The one error the kit raises for bad data, and the problems it lists."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a data file.

    Parameters
    ----------
    file : str
        The file, as a path relative to where the check started when possible.
    path : str
        Where in the file: dotted field names and ``[i]`` indexes, or ``""`` for the whole file.
    message : str
        What is wrong, with the bad value and what was expected.
    line : int or None
        The 1-based line of the offending value, when the format allows.

    Examples
    --------
    >>> print(Problem("a.yaml", "quotes[0].speaker", "'bob' is not a known actor", 12))
    a.yaml:12: quotes[0].speaker: 'bob' is not a known actor
    """

    file: str
    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class DataError(ValueError):
    """Bad data: one error that lists every problem found.

    Examples
    --------
    >>> err = DataError([Problem("a.yaml", "id", "missing")])
    >>> print(err)
    1 problem in the data:
      a.yaml: id: missing
    """

    def __init__(self, problems: list[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(self._text())

    def _text(self) -> str:
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} in the data:"
        return "\n".join([head] + [f"  {p}" for p in self.problems])
