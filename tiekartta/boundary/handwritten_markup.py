"""What the markup of a hand-written page may do beyond what the final cleaning allows every page.

* It shows all of its text. The privacy check reads a page's text as one string, so an element a
  reader does not see (one with the `hidden` attribute, or with a class of the theme's or the
  site's style sheet that hides it) could split a henkilötunnus or a phone number that the reader
  sees whole: 131052<span class="md-toggle">x</span>-308T. A hand-written page may use only the
  classes Markdown makes and the site's own classes for such pages.
  Nor may it hold pictures drawn in SVG (a <title> or <text> of one is read, or shown, elsewhere
  than it stands), nor characters that reverse the direction of text (the reader sees
  131052-308T where the text holds T803-250131), which the content's YAML may not hold either.
* It asks nothing of its reader: no form or form field (the knowledge bank's filter form is the
  site's own), so that no page can pose as a login and ask for a password.
* It is what it is: no data- attribute but `data-pagefind-ignore` (leaving a part out of the
  search). The others are the site's hooks for its search and scripts: a Pagefind filter
  (`data-pagefind-filter="laji:tuotos"`) would list the page among the knowledge bank's outputs,
  a `data-tk-…` one would make the script treat it as the site's own part."""

from __future__ import annotations

from lxml import etree

from ..model.problems import Problem
from ..model.yaml_source import BIDI_CONTROL
from .theme_ids import line_of

# Markdown's: heading anchors (toc), notes (admonition, with Material's kinds of note), and a code
# block's language (```yaml gives language-yaml: CODE_LANGUAGE_PREFIX).
MARKDOWN_CLASSES = frozenset({
    "headerlink", "admonition", "admonition-title", "note", "abstract", "info", "tip", "success", "question",
    "warning", "failure", "danger", "bug", "example", "quote",
})
# The site's classes for hand-written pages (docs/assets/tiekartta.css): the editor's guide's
# examples, and those of the pieces the macros put on a page (tiekartta/pages/templates/snippets/).
PAGE_CLASSES = frozenset({"tk-esimerkkilohko", "tk-esimerkkilohko__otsikko", "tk-kortti", "tk-kortti-nimi", "tk-laji"})
ALLOWED_CLASSES = MARKDOWN_CLASSES | PAGE_CLASSES
CODE_LANGUAGE_PREFIX = "language-"

_CLASSES = etree.XPath("//@class")
_HIDDEN = etree.XPath("//*[@hidden]")
FORM_TAGS = ("form", "input", "select", "option", "button", "label", "textarea")
_FORMS = etree.XPath("|".join(f"//{tag}" for tag in FORM_TAGS))
SVG_TAGS = ("svg", "title", "defs", "marker", "path", "circle", "rect", "text", "g")
_SVG = etree.XPath("|".join(f"//{tag}" for tag in SVG_TAGS))
_TEXT = etree.XPath("string()")
ALLOWED_DATA_ATTRIBUTE = "data-pagefind-ignore"
_DATA_ATTRIBUTES = etree.XPath(f"//@*[starts-with(name(), 'data-') and name() != '{ALLOWED_DATA_ATTRIBUTE}']")


def handwritten_markup_problems_in(tree: etree._Element | None, file: str, source: str) -> list[Problem]:
    """Classes outside ALLOWED_CLASSES, `hidden` attributes and forms in a hand-written page (read
    by libxml2's HTML parser, as the publishing gate reads it); the line is where `source` has it."""
    if tree is None:
        return []
    classes = dict.fromkeys(name for value in _CLASSES(tree) for name in str(value).split())
    problems = [
        Problem(file, line_of(source, name), "", "hiding-markup",
                f"Sivulla on luokka '{name}', jota käsin kirjoitetuilla sivuilla ei voi käyttää: luokka voi piilottaa "
                "tekstiä lukijalta, jolloin sivun tarkistus lukisi eri tekstin kuin lukija näkee. Sallitut luokat: "
                f"{', '.join(sorted(ALLOWED_CLASSES))} sekä koodilohkojen luokat, jotka alkavat '{CODE_LANGUAGE_PREFIX}'.", "class not allowed on a hand-written page")
        for name in classes if name not in ALLOWED_CLASSES and not name.startswith(CODE_LANGUAGE_PREFIX)
    ]
    if _HIDDEN(tree):
        problems.append(Problem(file, line_of(source, "hidden"), "", "hiding-markup",
                                "Sivulla on piilotettu osa (attribuutti hidden). Käsin kirjoitetulla sivulla kaikki "
                                "teksti näkyy lukijalle: poista attribuutti.", "hidden attribute on a hand-written page"))
    svg = _SVG(tree)
    if svg:
        problems.append(Problem(file, line_of(source, f"<{svg[0].tag}"), "", "svg-on-page",
                                f"Sivulla on SVG-kuvan osa (<{svg[0].tag}>). Käsin kirjoitetulla sivulla ei piirretä "
                                "kuvia SVG:nä, koska niiden teksti voi näkyä eri kohdassa tai järjestyksessä kuin se on "
                                "kirjoitettu: tallenna kuva PNG-, JPEG- tai WebP-tiedostona.", "SVG on a hand-written page"))
    mark = BIDI_CONTROL.search(str(_TEXT(tree)))
    if mark:
        problems.append(Problem(file, line_of(source, mark.group()), "", "direction-mark",
                                "Sivulla on näkymätön merkki, joka kääntää tekstin suunnan (esim. U+202E), jolloin "
                                "lukija näkee eri tekstin kuin sivulla on kirjoitettu. Poista merkki.",
                                "direction override on a hand-written page"))
    hooks = _DATA_ATTRIBUTES(tree)
    if hooks:
        name = hooks[0].attrname
        problems.append(Problem(file, line_of(source, name), "", "site-hook-on-page",
                                f"Sivulla on attribuutti {name}, joka on sivuston haun tai skriptin oma merkintä: "
                                "sillä sivu voisi esimerkiksi näkyä tietopankissa tuotoksena. Käsin kirjoitetulla "
                                f"sivulla data-attribuuteista voi käyttää vain attribuuttia {ALLOWED_DATA_ATTRIBUTE}: "
                                "poista muut.", "site hook attribute on a hand-written page"))
    forms = _FORMS(tree)
    if forms:
        problems.append(Problem(file, line_of(source, f"<{forms[0].tag}"), "", "form-on-page",
                                f"Sivulla on lomake tai lomakkeen kenttä (<{forms[0].tag}>). Käsin kirjoitettu sivu ei kysy "
                                "lukijalta mitään, jottei mikään sivu voi pyytää esimerkiksi salasanaa: poista lomake.",
                                "form on a hand-written page"))
    return problems
