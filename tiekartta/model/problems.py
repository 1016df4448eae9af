"""Content problems: what went wrong, where (file, line, field) and how to fix it, in Finnish."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..numbers import count_of


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in the content, pointing at the exact place an editor must fix."""

    file: str  # path relative to the repository root, e.g. "roadmap/tuotokset/x.yaml"
    line: int  # 1-based
    field: str  # field path as an editor reads it, e.g. "teemayhteydet[2].teema"; "" for the file
    kind: str  # stable machine-readable kind, e.g. "missing", "unknown-reference"
    message: str  # plain Finnish: what is wrong and how to fix it
    english: str = ""  # short English gloss for maintainers' tests and logs; never shown to editors

    def location(self) -> str:
        return f"{self.file}:{self.line}"

    def format(self) -> str:
        where = f"{self.file}, rivi {self.line}"
        if self.field:
            where += f", kenttä '{self.field}'"
        return f"{where}: {self.message}"

    def github_annotation(self) -> str:
        """The `::error` workflow command that shows the problem on a pull request diff."""
        title = f"Sisältövirhe: {self.field}" if self.field else "Sisältövirhe"
        return (
            f"::error file={_escape_property(self.file)},line={self.line},"
            f"title={_escape_property(title)}::{_escape_data(self.message)}"
        )


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


@dataclass
class ContentError(Exception):
    """Raised when the content cannot be published; carries every problem found in one run."""

    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.problems = sorted(set(self.problems))
        super().__init__(self.report())

    def __reduce__(self):
        # Made again from its problems when unpickled (as between processes), not from the report.
        return (type(self), (self.problems,))

    def report(self) -> str:
        count = len(self.problems)
        head = f"Sisällössä on {count_of(count, 'virhe', 'virhettä')}, joten sivustoa ei julkaistu:"
        return "\n".join([head, *("  - " + p.format() for p in self.problems)])


def format_field(path: tuple[str | int, ...]) -> str:
    """('teemayhteydet', 1, 'teema') -> 'teemayhteydet[2].teema' (items counted from 1)."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            text += ("." if text else "") + part
    return text
