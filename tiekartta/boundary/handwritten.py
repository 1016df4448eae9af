"""Hand-written pages (docs/*.md): what their front matter may say, which template code they may
hold, and which heading ids they may not take.

Macros: a page that mkdocs-macros renders may call the project's own macros (PROJECT_MACROS) with
literal arguments, and nothing else. The page's text is read by Jinja's lexer, which runs nothing,
and any token outside that grammar refuses the page before Jinja compiles or renders it: no
variable (`config`, `lipsum`, `cycler`), no attribute (`.__globals__`), no filter, statement,
comment or `{% raw %}` block. So no page's text reaches Jinja with access to Python objects; see
docs/kehittajille/turvallisuus.md for why this, and not a sandbox.
"""

from __future__ import annotations

import ast
import difflib
import re
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml
from jinja2 import Environment, TemplateSyntaxError
from markdown.extensions.toc import slugify
from mkdocs.utils.meta import get_data

from ..model.nesting import MAX_INLINE_MARKS, MAX_NESTING, too_deep
from ..model.problems import Problem
from ..model.sensitive import find_in_text
from .theme_ids import is_theme_id, theme_attribute_problem, theme_attributes_in, theme_id_problem

# The macros of macros.py, with how many text arguments each takes: the only template code a
# hand-written page may hold.
MACRO_ARGUMENTS = {"teemakortti": 1, "tuotokset_kunnittain": 0, "saavuttamattomat_aineistot": 0, "sisallon_maarat": 0}
PROJECT_MACROS = frozenset(MACRO_ARGUMENTS)

# Front matter a hand-written page may have, and the values Material understands for `hide`.
# Anything else (e.g. `template`, which picks the theme's page template, or Material's
# `redirect.html` with a `location`) is refused: front matter reaches the theme's templates.
FRONT_MATTER_KEYS = {"title": "teksti", "description": "teksti", "render_macros": "true tai false", "hide": "luettelo"}
HIDE_VALUES = ("navigation", "toc", "footer", "path")

_FRONT_MATTER = re.compile(r"\A(-{3}|\.{3})[ \t]*\n(.*?\n)?(?:-{3}|\.{3})[ \t]*(?:\n|\Z)", re.DOTALL)
_ATX_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_ID_IN_ATTR_LIST = re.compile(r"\{:?[^}\n]*?#([^\s}]+)[^}\n]*\}")
_ID_IN_HTML = re.compile(r"""\b(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_ALLOWED_IN_CALL = {"whitespace", "name", "operator", "string"}


class UnsafePage(Exception):
    """A page that must not be rendered: its message is Finnish and names the file and line."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(p.format() for p in problems))


@dataclass(frozen=True)
class _Call:
    line: int
    tokens: list[tuple[str, str]]


def template_code_problems(text: str, env: Environment, file: str, first_line: int = 1,
                           theme_ids: Collection[str] | None = None) -> list[Problem]:
    """Problems of a page's text as a template: every piece of template code that is not a call of
    one of the project's macros with literal arguments, and, when the content's `theme_ids` are
    given, a theme card of a theme that is not there. Only Jinja's lexer reads the text."""
    problems = []
    try:
        for call in _template_code(text, env):
            wrong = _wrong_call(call.tokens)
            line = first_line + call.line - 1
            if wrong:
                problems.append(_template_problem(file, line, wrong))
            elif theme_ids is not None:
                problems += _unknown_theme_problems(call.tokens, theme_ids, file, line)
    except TemplateSyntaxError as error:
        # Jinja's own message is English ("unexpected '}'"): name the line as written instead.
        number = error.lineno or 1
        lines = text.splitlines()
        written = lines[number - 1].strip() if 0 < number <= len(lines) else ""
        problems.append(_template_problem(file, first_line + number - 1, written, unfinished=True))
    return problems


def _template_code(text: str, env: Environment) -> Iterator[_Call]:
    call: _Call | None = None
    for line, token, value in env.lex(text):
        if call is None:
            if token == "data":
                continue
            call = _Call(line, [(token, value)])
            continue
        call.tokens.append((token, value))
        if token in {"variable_end", "block_end", "comment_end", "raw_end", "linestatement_end", "linecomment_end"}:
            yield call
            call = None
    if call is not None:
        yield call


def _wrong_call(tokens: list[tuple[str, str]]) -> str:
    """'' for `{{ macro("text", …) }}` with as many texts as the macro takes; otherwise the
    template code as written."""
    written = "".join(value for _, value in tokens)
    inner = [(t, v) for t, v in tokens[1:-1] if t != "whitespace"]
    if tokens[0][0] != "variable_begin" or tokens[-1][0] != "variable_end":
        return written
    if any(t not in _ALLOWED_IN_CALL for t, _ in inner) or len(inner) < 3:
        return written
    (name_kind, name), (open_kind, opening), *arguments, (close_kind, closing) = inner
    if name_kind != "name" or name not in PROJECT_MACROS or opening != "(" or closing != ")":
        return written
    # Text arguments separated by commas: "a", 'b'
    for i, (kind, value) in enumerate(arguments):
        expected_literal = i % 2 == 0
        if expected_literal and kind != "string":
            return written
        if not expected_literal and value != ",":
            return written
    if arguments and len(arguments) % 2 == 0:
        return written
    if (len(arguments) + 1) // 2 != MACRO_ARGUMENTS[name]:
        return written
    return ""


def _unknown_theme_problems(tokens: list[tuple[str, str]], theme_ids: Collection[str], file: str,
                            line: int) -> list[Problem]:
    names = [value for kind, value in tokens if kind == "name"]
    texts = [ast.literal_eval(value) for kind, value in tokens if kind == "string"]  # a string literal, nothing else
    if names != ["teemakortti"] or not texts or texts[0] in theme_ids:
        return []
    close = difflib.get_close_matches(texts[0], list(theme_ids), n=1, cutoff=0.6)
    hint = f" Tarkoititko '{close[0]}'?" if close else ""
    return [Problem(file, line, "", "unknown-theme",
                    f"Teemakortin teemaa '{texts[0]}' ei ole.{hint} Teemojen tunnisteet: {', '.join(theme_ids)}.",
                    "theme card of an unknown theme")]


def _template_problem(file: str, line: int, written: str, unfinished: bool = False) -> Problem:
    """Template code on a hand-written page: code other than the project's macros, or (`unfinished`)
    code Jinja cannot read at all."""
    shown = written if len(written) <= 80 else written[:77] + "…"
    example = '{{ teemakortti("omatyontekijaisyys") }}'
    macros = ", ".join(sorted(PROJECT_MACROS))
    if unfinished:
        text = (f"Rivillä on keskeneräistä tai väärin kirjoitettua mallikoodia: {shown}. Tarkista, että jokainen "
                f"sulku ja lainausmerkki on suljettu ja makrokutsu päättyy merkkeihin }}}}, esim. {example} "
                f"(makrot: {macros}).")
        return Problem(file, line, "", "unsafe-template", text, "template code that Jinja cannot read")
    text = (f"Sivulla on mallikoodia, jota sivusto ei suorita: {shown}. Käsin kirjoitettu sivu voi käyttää vain "
            f"sivuston omia makroja tekstiarvoin, esim. {example} (makrot: {macros}). Poista muu {{{{ … }}}}-, "
            f"{{% … %}}- ja {{# … #}}-koodi.")
    return Problem(file, line, "", "unsafe-template", text, "template code other than a call of the project's macros")


def _meant(key) -> str:
    """' Tarkoititko 'title'?' for 'titel' or 'otsikko' (the Finnish word an editor may write)."""
    close = difflib.get_close_matches(str(key).lower(), list(FRONT_MATTER_KEYS), n=1, cutoff=0.6)
    meant = close[0] if close else _FINNISH_KEYS.get(str(key).lower())
    return f" Tarkoititko '{meant}'?" if meant else ""


_FINNISH_KEYS = {"otsikko": "title", "kuvaus": "description", "nimi": "title"}


def check_macro_page(file: str, source: str, markdown: str, title: str | None, env: Environment,
                     theme_ids: Collection[str] | None = None) -> None:
    """Before mkdocs-macros renders a page: raises UnsafePage unless `markdown` (the page as it is
    about to be rendered) and the title hold nothing but calls of the project's macros (with
    themes among `theme_ids`, when given)."""
    body_line = source.count("\n", 0, len(source) - len(markdown)) + 1 if source.endswith(markdown) else 1
    problems = template_code_problems(markdown, env, file, body_line, theme_ids)
    if title and any(mark in title for mark in (env.variable_start_string, env.block_start_string,
                                                 env.comment_start_string)):
        problems.append(_template_problem(file, _title_line(source), title))
    if problems:
        raise UnsafePage(problems)


def _title_line(source: str) -> int:
    """The line of `title:` in the page's front matter (1 if it has none)."""
    match = _FRONT_MATTER.match(source)
    if match:
        for number, line in enumerate(source[: match.end()].splitlines(), start=1):
            if line.startswith("title:"):
                return number
    return 1


def handwritten_page_problems(docs_dir: Path, project: Path, render_by_default: bool = False,
                              theme_ids: Collection[str] | None = None) -> list[Problem]:
    """Every hand-written page's front matter, its template code if macros render it (with its
    theme cards among `theme_ids`, when given), and its heading ids. Read before anything is
    built (tiekartta check and the build's first step)."""
    problems: list[Problem] = []
    env = Environment()
    for path in _pages(docs_dir):
        file = _shown(path, project)
        try:
            source = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            problems.append(Problem(file, 1, "", "not-utf8", "Sivu ei ole UTF-8-tekstiä. Tallenna se UTF-8-muodossa.",
                                    "page is not UTF-8"))
            continue
        meta, meta_problems, body_line = _front_matter(source, file)
        problems += meta_problems
        body = "\n".join(source.splitlines()[body_line - 1:])
        if not body.strip():
            problems.append(Problem(file, body_line if meta else 1, "", "empty-page",
                                    "Sivu on tyhjä, eikä tyhjää sivua julkaista. Kirjoita sivulle otsikko "
                                    "(esim. # Sivun otsikko) ja tekstiä, tai poista tiedosto.", "empty page"))
        renders = meta.get("render_macros") is True or (render_by_default and meta.get("render_macros") is not False)
        if renders:
            problems += template_code_problems(body, env, file, body_line, theme_ids)
            title = meta.get("title")
            if isinstance(title, str) and any(mark in title for mark in ("{{", "{%", "{#")):
                problems.append(_template_problem(file, _title_line(source), title))
        problems += _theme_id_problems(body, file, body_line)
        deep = too_deep(body)
        if deep is not None:
            problems.append(Problem(file, body_line + deep - 1, "", "too-deep",
                                    f"Sivulla on liian monta sisäkkäistä tasoa (luetteloita, lainauksia tai HTML-lohkoja, "
                                    f"enintään {MAX_NESTING}) tai yhdessä kappaleessa liikaa muotoilumerkkejä (*, _, ~, [; enintään "
                                    f"{MAX_INLINE_MARKS}). Tarkista sisennykset ja muotoilumerkit.",
                                    "Markdown nested too deep"))
    return problems


def _pages(docs_dir: Path) -> Iterable[Path]:
    # MkDocs leaves out files and folders whose name starts with a dot.
    return sorted(
        p for p in docs_dir.rglob("*.md")
        if not any(part.startswith(".") for part in p.relative_to(docs_dir).parts) and not p.is_symlink()
    )


def _shown(path: Path, project: Path) -> str:
    return path.relative_to(project).as_posix() if path.is_relative_to(project) else path.as_posix()


def _front_matter(source: str, file: str) -> tuple[dict, list[Problem], int]:
    """The page's front matter, its problems, and the line where the page's text starts."""
    match = _FRONT_MATTER.match(source)
    if not match:
        # MkDocs also reads "Key: value" lines at the very top of a page as its data (MultiMarkdown
        # style), which would reach the theme's templates unchecked.
        if get_data(source)[1]:
            return {}, [Problem(file, 1, "", "front-matter",
                                "Sivun ensimmäiset rivit ovat muotoa 'nimi: arvo', joten MkDocs lukisi ne sivun "
                                "tietoina eikä tekstinä. Aloita sivu otsikolla (# Otsikko) tai kirjoita sivun tiedot "
                                "----rivien väliin (front matter).", "MultiMarkdown-style metadata")], 1
        return {}, [], 1
    body_line = source.count("\n", 0, match.end()) + 1
    text = match.group(2) or ""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        meta = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = 2 + (mark.line if mark else 0)
        return {}, [Problem(file, line, "", "front-matter",
                            "Sivun alun tietolohko (front matter, ----rivien välissä) ei ole kelvollista YAMLia. "
                            "Tarkista sisennykset ja lainausmerkit.", "front matter is not valid YAML")], body_line
    if meta is None:
        return {}, [], body_line
    if not isinstance(meta, dict) or node is None or not isinstance(node, yaml.MappingNode):
        return {}, [Problem(file, 2, "", "front-matter",
                            "Sivun alun tietolohkossa (front matter) pitää olla kenttiä muodossa 'nimi: arvo'.",
                            "front matter is not a mapping")], body_line
    problems = []
    lines = {key.value: 2 + key.start_mark.line for key, _ in node.value if isinstance(key, yaml.ScalarNode)}
    for key, value in meta.items():
        line = lines.get(str(key), 2)
        if key not in FRONT_MATTER_KEYS:
            problems.append(Problem(
                file, line, str(key), "front-matter",
                f"Kenttä '{key}' ei ole sallittu käsin kirjoitetun sivun alun tietolohkossa (front matter).{_meant(key)} "
                f"Sallitut kentät: {', '.join(FRONT_MATTER_KEYS)}.", "front matter key not allowed"))
        elif not _valid_value(key, value):
            expected = FRONT_MATTER_KEYS[key]
            if key == "hide":
                expected += f" arvoista {', '.join(HIDE_VALUES)}"
            problems.append(Problem(
                file, line, str(key), "front-matter",
                f"Kentän '{key}' arvon pitää olla {expected}.", "front matter value of the wrong type"))
        elif isinstance(value, str) and (found := find_in_text(value)):
            # The title and description are published in the page's head, the navigation and
            # the search, outside the page's text that the publishing gate reads.
            problems.append(Problem(
                file, line, str(key), "sensitive",
                f"Kentässä '{key}' on {', '.join(sorted({what for _, what in found}))}. Henkilötietoja ja "
                "tunnistetietoja ei julkaista: poista se.", "personal data in front matter"))
    return {k: v for k, v in meta.items() if k in FRONT_MATTER_KEYS}, problems, body_line


def _valid_value(key: str, value) -> bool:
    if key in ("title", "description"):
        return isinstance(value, str) and bool(value.strip())
    if key == "render_macros":
        return isinstance(value, bool)
    return isinstance(value, list) and all(item in HIDE_VALUES for item in value)


def _theme_id_problems(body: str, file: str, body_line: int) -> list[Problem]:
    """Heading ids and ids written by hand that would take the id of one of the theme's elements."""
    problems = []
    fence = ""
    for number, line in enumerate(body.splitlines(), start=body_line):
        # Code is shown, not made into elements: fenced blocks and `code spans` are left out
        # (the converted page is checked again as HTML, theme_ids.theme_id_problems).
        opening = re.match(r"^ {0,3}(`{3,}|~{3,})", line)
        if opening and (not fence or opening.group(1).startswith(fence)):
            fence = "" if fence else opening.group(1)[:3]
            continue
        if fence:
            continue
        line = re.sub(r"(`+).*?\1", "", line)
        ids = [m.group(1) for m in _ID_IN_ATTR_LIST.finditer(line)]
        ids += [next(g for g in m.groups() if g is not None) for m in _ID_IN_HTML.finditer(line)]
        heading = _ATX_HEADING.match(line)
        if heading:
            ids.append(slugify(_ID_IN_ATTR_LIST.sub("", heading.group(1)), "-"))
        for found in ids:
            if is_theme_id(found):
                problems.append(theme_id_problem(file, number, found))
        problems += [theme_attribute_problem(file, number, name) for name in theme_attributes_in(" " + line)]
    return problems
