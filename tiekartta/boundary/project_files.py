"""The folders the site is built from hold real files only: no symbolic links (which git stores
and a checkout makes, e.g. docs/x.txt -> ../.git/config, copying the push token's settings into
the site), and none of the folders is, or lies in, the repository's .git folder."""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..model.pictures import has_location, picture_end, picture_texts, segment_texts
from ..model.problems import Problem
from ..model.sensitive import find_in_text

# docs/ (hand-written pages and assets), overrides/ (the theme's templates), roadmap/ (the content).
BUILT_FROM = ("docs", "overrides", "roadmap")
# A file name becomes part of a page's address and of its edit link, which the theme prints as
# it is: letters a-z, digits, '.', '_' and '-' only (roadmap/ has stricter rules of its own).
SAFE_NAME = re.compile(r"[A-Za-z0-9._-]+")
# Git's settings for the files of its folder: "-diff" or "binary" makes GitHub show a change of the
# content as "Binary file not shown", "linguist-generated" folds it away, so that whoever reviews an
# editor's change (roadmap/ needs no maintainer, .github/CODEOWNERS) would not see what it changes.
GIT_ATTRIBUTES = ".gitattributes"
# Files in docs/ other than pages are published as they are, on the site's own address, outside
# every page's cleaning, privacy check and Content-Security-Policy; a browser runs what a web page,
# SVG or XML file holds. So docs/ holds only pages (Markdown, .md) and pictures (PNG, JPEG, WebP),
# and docs/assets/ (code, which only maintainers approve: .github/CODEOWNERS) the site's own style
# sheet and scripts too; data is published from roadmap/.
PUBLISHED_SUFFIXES = frozenset({".md", ".png", ".jpg", ".jpeg", ".webp"})
# A picture is published as it is: it must be the picture its name says (not, say, an SVG with a
# script named .jpg), end where its format says it ends (nothing appended after it), and the text
# it carries (PNG text, EXIF with its sub-IFDs, XMP, IPTC, a JPEG comment) is checked for personal
# data like every other published text.
PICTURE_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".webp": "WEBP"}
ASSETS = "assets"  # under docs/
ASSET_SUFFIXES = frozenset({".css", ".js"})


class ProjectFilesError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems))
        count = len(self.problems)
        head = (f"Sivuston lähdekansioissa on {count} "
                f"{'tiedosto, jota' if count == 1 else 'tiedostoa, joita'} ei voi julkaista, joten sivustoa ei tehty:")
        super().__init__("\n".join([head, *("  - " + p.format() for p in self.problems)]))


def project_file_problems(project: Path, folders: tuple[str | Path, ...] = BUILT_FROM,
                          docs: str | Path = "docs") -> list[Problem]:
    """Every symbolic link under the folders (relative to `project`, or absolute), and any folder
    that is a link itself, lies outside the project or inside .git; names unsafe in an address;
    and in `docs` (published file by file), files a browser would run."""
    project = Path(project).absolute()
    docs_path = (project / docs).resolve()
    problems = []
    for folder in folders:
        path = Path(folder) if Path(folder).is_absolute() else project / folder
        shown = _shown(path, project)
        if path.is_symlink():
            problems.append(_file_problem("symlink", shown, target=os.readlink(path)))
            continue
        resolved = path.resolve()
        if not resolved.is_relative_to(project.resolve()) or ".git" in resolved.relative_to(project.resolve()).parts:
            problems.append(Problem(shown, 1, "", "outside-project",
                                    f"Kansio {shown} ei ole projektin oma kansio (se on projektin tai sen .git-kansion "
                                    "ulkopuolella tai sisällä). Sivusto tehdään vain projektin omista kansioista.",
                                    "folder outside the project or inside .git"))
            continue
        if not path.is_dir():
            continue
        in_docs = resolved == docs_path  # the folder's place, resolved once, not for each of its files
        for root, folders_here, files in os.walk(path, followlinks=False):
            by_case: dict[str, str] = {}
            # A name in small letters first: of two names differing in case, the other one is told.
            for name in sorted(folders_here + files, key=lambda n: (n != n.lower(), n)):
                entry = Path(root) / name
                same = by_case.setdefault(name.casefold(), name)
                if same != name:
                    problems.append(_file_problem("same-name-but-case", _shown(entry, project),
                                                  other=_shown(Path(root) / same, project)))
                if entry.is_symlink():
                    problems.append(_file_problem("symlink", _shown(entry, project), target=os.readlink(entry)))
                elif name == GIT_ATTRIBUTES:
                    problems.append(_file_problem("git-attributes", _shown(entry, project)))
                elif not SAFE_NAME.fullmatch(name):
                    problems.append(_file_problem("bad-file-name", _shown(entry, project)))
                elif in_docs and find_in_text(_address_of(entry.relative_to(path)).replace("_", " ")):
                    # A page's name is published: in its address, the sitemap and the edit link (the
                    # content's file names are checked with the content, tiekartta.model.sensitive).
                    # The whole address is read, folders with it: docs/040/1234567.md is /040/1234567/.
                    problems.append(_file_problem("personal-data-name", _shown(entry, project)))
                elif (in_docs and entry.is_file() and not name.startswith(".")
                      and not _published_type(entry.relative_to(path))):
                    problems.append(_file_problem("active-file", _shown(entry, project)))
                elif in_docs and entry.suffix.lower() in PICTURE_FORMATS and entry.is_file():
                    problem = _picture_problem(entry)
                    if problem:
                        problems.append(_file_problem(problem, _shown(entry, project)))
    return problems


def _address_of(in_docs: Path) -> str:
    """The part of the site's address a file in docs/ gives: its path, a page's without ".md"."""
    return (in_docs.with_suffix("") if in_docs.suffix == ".md" else in_docs).as_posix()


def _published_type(in_docs: Path) -> bool:
    """Whether a file of this type may be published from this place in docs/."""
    suffix = in_docs.suffix.lower()
    return suffix in PUBLISHED_SUFFIXES or (in_docs.parts[0] == ASSETS and suffix in ASSET_SUFFIXES)


def _picture_problem(path: Path) -> str | None:
    """The problem code of a picture in docs/ (None: it may be published)."""
    from PIL import Image, UnidentifiedImageError

    data = path.read_bytes()
    try:
        with Image.open(path) as picture:
            if picture.format != PICTURE_FORMATS[path.suffix.lower()]:
                return "not-a-picture"
            picture.load()  # a PNG's text after the image data is read with the image
            texts, located = picture_texts(picture) + segment_texts(picture.format, data), has_location(picture)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return "not-a-picture"
    end = picture_end(picture.format, data)
    if end is None:
        return "not-a-picture"
    if end < len(data):
        return "picture-extra-data"
    if located:
        return "location-in-picture"
    return "personal-data-in-picture" if find_in_text("\n".join(texts)) else None


def refuse_unsafe_project_files(project: Path, folders: tuple[str | Path, ...] = BUILT_FROM,
                                docs: str | Path = "docs") -> None:
    problems = project_file_problems(project, folders, docs)
    if problems:
        raise ProjectFilesError(problems)


def _shown(path: Path, project: Path) -> str:
    return path.relative_to(project).as_posix() if path.is_relative_to(project) else path.as_posix()


# What an editor is told of a file in a folder the site is built from, by the problem's code:
# the message (formatted with the file's name as shown, and the link's target), an English gloss.
_FILE_PROBLEMS = {
    "symlink": (
        "{shown} on symbolinen linkki (osoittaa: {target}). Linkki voisi tuoda sivustolle tiedoston "
        "projektin ulkopuolelta tai .git-kansiosta, joten linkkejä ei hyväksytä sivuston kansioissa "
        "(docs/, overrides/, roadmap/). Korvaa linkki oikealla tiedostolla.",
        "symbolic link in a folder the site is built from",
    ),
    "bad-file-name": (
        "Tiedoston tai kansion nimessä {shown!r} on merkkejä, joita verkko-osoitteessa ei voi käyttää. "
        "Käytä nimessä vain kirjaimia a–z, numeroita, pistettä, alaviivaa ja väliviivaa.",
        "file name with characters unsafe in an address",
    ),
    "same-name-but-case": (
        "Nimet {shown!r} ja {other!r} eroavat vain isojen ja pienten kirjainten osalta. Monella koneella "
        "(Windows, macOS) ne ovat sama tiedosto, ja toinen korvaisi toisen. Yhdistä tiedostot tai nimeä toinen "
        "uudelleen (mieluiten pienin kirjaimin).",
        "two names that differ only in case",
    ),
    "personal-data-name": (
        "Tiedoston tai kansion nimessä {shown!r} (kansioineen) on henkilö- tai tunnistetieto, ja nimi "
        "julkaistaisiin sivun osoitteessa. Nimeä tiedosto tai kansio uudelleen.",
        "personal data in a file name",
    ),
    "git-attributes": (
        "Tiedosto {shown!r} muuttaisi sitä, miten GitHub näyttää kansion tiedostot: sillä voi esimerkiksi "
        "piilottaa muutoksen sisällön tarkastajalta. Sivuston kansioissa tätä tiedostoa ei käytetä: poista se.",
        ".gitattributes in a folder the site is built from",
    ),
    "not-a-picture": (
        "Tiedosto {shown} ei ole nimensä mukainen kuva. Tallenna kuva PNG-, JPEG- tai WebP-muodossa "
        "ja anna sille sitä vastaava pääte.",
        "picture not of the type its name says",
    ),
    "personal-data-in-picture": (
        "Kuvan {shown} tiedoissa (esim. kuvaus, tekijä tai EXIF-tiedot) on henkilö- tai tunnistetieto. "
        "Poista kuvan tiedot tai tallenna kuva ilman niitä.",
        "personal data in a picture's metadata",
    ),
    "location-in-picture": (
        "Kuvan {shown} tiedoissa on paikan sijainti (GPS-koordinaatit), joka julkaistaisiin kuvan mukana ja "
        "voi paljastaa esimerkiksi kodin tai asiakaskäynnin paikan. Poista kuvan sijaintitiedot tai tallenna kuva "
        "ilman niitä (esim. kuvankäsittelyohjelman vienti ilman metatietoja).",
        "the coordinates of a place in a picture",
    ),
    "picture-extra-data": (
        "Kuvassa {shown} on ylimääräistä tietoa kuvan lopun jälkeen (esim. toinen tiedosto tai piilotettua "
        "tekstiä), ja se julkaistaisiin kuvan mukana. Avaa kuva kuvankäsittelyohjelmassa ja tallenna se uudelleen.",
        "data after the end of a picture",
    ),
    "active-file": (
        "Tiedosto {shown} julkaistaisiin sellaisenaan sivuston osoitteessa ohi sivujen tarkistusten, joten "
        "tätä tiedostotyyppiä ei hyväksytä docs-kansiossa. Kirjoita sivu Markdownina (.md); kuvat PNG-, JPEG- "
        "tai WebP-muodossa. Tuotosten asiakirjat kuuluvat kansioon roadmap/aineistot/.",
        "file type not published from docs/",
    ),
}


def _file_problem(code: str, shown: str, **values: str) -> Problem:
    message, english = _FILE_PROBLEMS[code]
    return Problem(shown, 1, "", code, message.format(shown=shown, **values), english)
