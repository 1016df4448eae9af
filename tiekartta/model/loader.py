"""Loads roadmap/ into one validated Roadmap, or raises ContentError listing every problem."""

from __future__ import annotations

import calendar
import difflib
import gc
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from pydantic import ValidationError

from . import kinds as k
from .entities import Entity, Theme
from .entities import ID_MAX_LENGTH, ID_PATTERN, id_suggestion
from .kinds import KINDS, NON_CONTENT, RESERVED_ID_PREFIXES, RESERVED_IDS, FileKind
from .materials import check_materials
from .messages import problems_from_validation
from .problems import ContentError, Problem, format_field
from .roadmap import Roadmap
from .sensitive import check_sources
from .yaml_source import SourceFile, read_source


@dataclass(frozen=True)
class Loaded:
    kind: FileKind
    entity: Any
    source: SourceFile


def load_roadmap(content_dir: Path | str, repo_root: Path | str | None = None) -> Roadmap:
    """Read, validate and cross-check every file under content_dir (normally roadmap/)."""
    # Loading creates hundreds of thousands of objects that all stay alive; the garbage
    # collector's passes over them find nothing and cost a fifth of the time, so it pauses.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load(content_dir, repo_root)
    finally:
        if collecting:
            gc.enable()


def _load(content_dir: Path | str, repo_root: Path | str | None) -> Roadmap:
    content_dir = Path(content_dir).resolve()
    repo_root = Path(repo_root).resolve() if repo_root else content_dir.parent
    problems: list[Problem] = []

    folders: dict[Path, str] = {}

    def shown(path: Path) -> str:
        # relpath once per folder, not once per file: thousands of files share a few folders.
        folder = folders.get(path.parent)
        if folder is None:
            folder = folders[path.parent] = Path(os.path.relpath(path.parent, repo_root)).as_posix()
        return path.name if folder == "." else f"{folder}/{path.name}"

    if not content_dir.is_dir():
        raise ContentError([Problem(shown(content_dir), 1, "", "missing-folder", "Sisältökansiota ei löydy.", "content folder missing")])

    problems += _unexpected_entries(content_dir, shown)
    loaded: dict[FileKind, list[Loaded]] = {kind: [] for kind in KINDS}
    # Ids of files that exist but could not be read: references to them are not reported again.
    failed: set[str] = set()
    # Every file that could be parsed, for the check for personal data and credentials.
    parsed: list[SourceFile] = []
    for kind in KINDS:
        for path in _files_of(kind, content_dir):
            if path.is_symlink():
                problems.append(_symlink_problem(path, shown))
                failed.add(path.stem)
                continue
            if kind.file and not path.exists():
                problems.append(Problem(shown(path), 1, "", "missing-file", f"Tiedosto puuttuu: {kind.title}. Palauta se.", "required file missing"))
                continue
            display = shown(path)
            entity_id = path.stem
            if kind.folder:
                problems += _id_problems(entity_id, display)
            source, read_problems = read_source(path, display)
            problems += read_problems
            if source is None:
                failed.add(entity_id)
                continue
            parsed.append(source)
            if not isinstance(source.data, dict):
                problems.append(Problem(display, 1, "", "wrong-type", "Tiedoston pitää koostua kentistä muodossa 'kenttä: arvo'.", "top level is not a mapping"))
                failed.add(entity_id)
                continue
            try:
                entity = kind.model.model_validate(source.data)
            except ValidationError as error:
                problems += problems_from_validation(error, source, kind.model)
                failed.add(entity_id)
                continue
            if read_problems:
                failed.add(entity_id)
                continue
            entity.bind(entity_id, display)
            if isinstance(entity, Theme):
                entity._kind = "karkiteema" if kind is k.SPEARHEADS else "lapikulkeva"
            loaded[kind].append(Loaded(kind, entity, source))

    problems += _Checker(loaded, failed).run()
    problems += check_sources(parsed, content_dir, shown)
    material_problems, material_files = check_materials(
        [(x.source, x.entity) for x in loaded[k.OUTPUTS]], content_dir, repo_root, shown,
        every_output=len(loaded[k.OUTPUTS]) == len(_files_of(k.OUTPUTS, content_dir)),
    )
    problems += material_problems
    if problems:
        raise ContentError(problems)
    return _assemble(loaded, material_files)


def _files_of(kind: FileKind, content_dir: Path) -> list[Path]:
    if kind.file:
        return [content_dir / kind.file]
    folder = content_dir / str(kind.folder)
    if not folder.is_dir() or folder.is_symlink():
        return []
    return [folder / entry.name for entry in _entries(folder)
            if entry.name.endswith(".yaml") and (entry.is_file() or entry.is_symlink())]


def _entries(folder: Path) -> list[os.DirEntry]:
    """A folder's entries by name; scandir knows each entry's type without a stat per file."""
    with os.scandir(folder) as entries:
        return sorted(entries, key=lambda entry: entry.name)


def _symlink_problem(entry: Path, shown) -> Problem:
    # A link could publish a file from outside the content folder (or outside the repository).
    return Problem(
        shown(entry), 1, "", "symlink",
        "Tämä on linkki toiseen tiedostoon tai kansioon. Sisällön pitää olla tavallisia tiedostoja "
        "roadmap/-kansiossa: korvaa linkki itse tiedostolla.",
        "symbolic link",
    )


def _unexpected_entries(content_dir: Path, shown) -> list[Problem]:
    problems = []
    known_files = {kind.file for kind in KINDS if kind.file}
    known_folders = {kind.folder for kind in KINDS if kind.folder}
    for entry in sorted(content_dir.iterdir()):
        name = entry.name
        if entry.is_symlink() and entry.is_dir():
            problems.append(_symlink_problem(entry, shown))
            continue
        if name.startswith(".") or name in NON_CONTENT or name in known_files or name in known_folders:
            if name in known_folders and entry.is_dir():
                problems += _unexpected_in_folder(entry, shown)
            continue
        problems.append(_stray(entry, shown, sorted(known_folders), sorted(known_files)))
    return problems


def _unexpected_in_folder(folder: Path, shown) -> list[Problem]:
    problems = []
    for entry in _entries(folder):
        if entry.name.startswith(".") or (entry.name.endswith(".yaml") and (entry.is_file() or entry.is_symlink())):
            continue
        problems.append(_stray(Path(entry.path), shown))
    return problems


def _stray(entry: Path, shown, folders: Sequence[str] = (), files: Sequence[str] = ()) -> Problem:
    """A file or folder the content has no place for; `folders` and `files` are the places that
    the folder it is in has (roadmap/ itself), for the message."""
    named_folders = [repr(f"{folder}/") for folder in folders]
    places = ", ".join([*named_folders, *map(repr, files)])
    if entry.suffix.lower() in (".yml", ".yaml") and entry.suffix != ".yaml" and not entry.is_dir():
        message = (f"Tiedostopääte on {entry.suffix}. Nimeä tiedosto uudelleen päätteellä .yaml (pienin kirjaimin), "
                   "niin se luetaan.")
    elif entry.is_dir():
        message = (f"Tuntematon kansio. Sisältö kuuluu valmiisiin kansioihin ja tiedostoihin ({places})." if places
                   else "Tuntematon kansio. Sisältötiedostot ovat suoraan tyyppinsä kansiossa, eivät alikansioissa.")
    elif entry.suffix == ".yaml" and folders:
        message = (f"Tuntematon tiedosto. Uusi sisältötiedosto kuuluu tyyppinsä kansioon (esim. tuotos kansioon "
                   f"'tuotokset/'): siirrä tiedosto oikeaan kansioon. Kansiot: {', '.join(named_folders)}.")
    else:
        message = "Tuntematon tiedosto. Sisältötiedostot ovat .yaml-tiedostoja niille varatuissa kansioissa."
    return Problem(shown(entry), 1, "", "stray-file", message, "unexpected file or folder")


def _id_problems(entity_id: str, display: str) -> list[Problem]:
    if not re.fullmatch(ID_PATTERN, entity_id) or len(entity_id) > ID_MAX_LENGTH:
        return [
            Problem(display, 1, "", "bad-id",
                    f"Tiedoston nimi '{entity_id}' ei kelpaa tunnisteeksi eikä verkko-osoitteeksi. "
                    f"Nimeä tiedosto uudelleen: vain pienet kirjaimet a–z, numerot ja väliviivat "
                    f"(enintään {ID_MAX_LENGTH} merkkiä), esim. '{id_suggestion(entity_id) or 'omatyontekijaisyys'}.yaml'.",
                    "file name is not a safe id")
        ]
    if _reserved(entity_id):
        return [
            Problem(display, 1, "", "reserved-id",
                    f"Tiedoston nimi '{entity_id}' on varattu sivuston omaan käyttöön. Valitse toinen nimi.",
                    "reserved id")
        ]
    return []


def _reserved(entity_id: str) -> bool:
    return entity_id in RESERVED_IDS or entity_id.startswith(RESERVED_ID_PREFIXES)


class _Checker:
    """Cross-file checks: references resolve, ids are unique, orders and dates make sense."""

    def __init__(self, loaded: dict[FileKind, list[Loaded]], failed: set[str]):
        self.loaded = loaded
        self.failed = failed
        self.problems: list[Problem] = []
        self.themes = {x.entity.id: x for kind in (k.SPEARHEADS, k.CROSSCUTTING) for x in loaded[kind]}
        self.bodies = {x.entity.id: x for x in loaded[k.BODIES]}
        self.events = {x.entity.id: x for x in loaded[k.EVENTS]}
        self.projects = {x.entity.id: x for x in loaded[k.PROJECTS]}
        self.dimensions = {x.entity.id: x for x in loaded[k.DIMENSIONS]}
        self.outputs = {x.entity.id: x for x in loaded[k.OUTPUTS]}
        self.municipalities = {
            m.id: m for x in loaded[k.MUNICIPALITIES] for m in x.entity.municipalities
        }

    def add(self, item: Loaded, path: tuple, kind: str, message: str, english: str) -> None:
        self.problems.append(
            Problem(item.source.path, item.source.line_of(path), format_field(path), kind, message, english)
        )

    def ref(self, item: Loaded, path: tuple, value: str | None, targets: dict, what: str, where: str) -> None:
        if value is None or value in targets or value in self.failed:
            return
        if targets is self.municipalities and Path(k.MUNICIPALITIES.file).stem in self.failed:
            return  # roadmap/kunnat.yaml could not be read: its problems are told, not every reference to it
        close = difflib.get_close_matches(value, list(targets), n=1, cutoff=0.6)
        hint = f" Tarkoititko '{close[0]}'?" if close else ""
        self.add(
            item, path, "unknown-reference",
            f"{what} '{value}' ei löydy.{hint} Arvon pitää olla {where}.",
            "reference does not resolve",
        )

    def run(self) -> list[Problem]:
        theme_where = "jonkin tiedoston nimi ilman .yaml-päätettä kansiossa roadmap/karkiteemat/ tai roadmap/lapikulkevat-teemat/"

        def where(folder: str) -> str:
            return f"jonkin tiedoston nimi ilman .yaml-päätettä kansiossa roadmap/{folder}/"

        for item in self.loaded[k.ROADMAP]:
            info = item.entity
            self.ref(item, ("muotoiltu_tapahtumassa",), info.formulated_at, self.events, "Tapahtumaa", where("tapahtumat"))
            self.ref(item, ("kärkiteemojen_valitsija",), info.spearheads_chosen_by, self.bodies, "Toimielintä", where("toimielimet"))
            self.ref(item, ("visio", "teema"), info.vision.theme, self.themes, "Teemaa", theme_where)
            if info.continues:
                self.ref(item, ("jatkuu", "tapahtuma"), info.continues.event, self.events, "Tapahtumaa", where("tapahtumat"))
        for item in self.loaded[k.WAY_FORWARD]:
            for i, step in enumerate(item.entity.steps):
                for j, theme in enumerate(step.themes):
                    self.ref(item, ("askeleet", i, "teemat", j), theme, self.themes, "Teemaa", theme_where)
                self._ids_once(item, ("askeleet", i, "teemat"), step.themes)
        for item in self.loaded[k.MUNICIPALITIES]:
            self._unique_in_list(item, "kunnat", [(m.id, "tunniste") for m in item.entity.municipalities])
            for i, municipality in enumerate(item.entity.municipalities):
                # Each municipality has a page named by its id (tietopankki/kunnittain/<id>/).
                if _reserved(municipality.id):
                    self.add(item, ("kunnat", i, "tunniste"), "reserved-id",
                             f"Tunniste '{municipality.id}' on varattu sivuston omaan käyttöön. Valitse toinen.",
                             "reserved id")
            self._unique_in_list(item, "kunnat", [(m.name, "nimi") for m in item.entity.municipalities])
        self._unique_theme_ids()
        self._unique_order(self.loaded[k.SPEARHEADS], lambda e: "")
        self._unique_order(self.loaded[k.CROSSCUTTING], lambda e: "")
        self._unique_order(self.loaded[k.BODIES], lambda e: "")
        for item in self.loaded[k.BODIES]:
            for i, relation in enumerate(item.entity.relations):
                self.ref(item, ("suhteet", i, "kohde"), relation.target, self.bodies, "Toimielintä", where("toimielimet"))
                if relation.target == item.entity.id:
                    self.add(item, ("suhteet", i, "kohde"), "self-reference", "Toimielin ei voi olla suhteessa itseensä.", "self reference")
        for item in self.loaded[k.EVENTS]:
            event = item.entity
            self.ref(item, ("järjestäjä",), event.organiser, self.bodies, "Toimielintä", where("toimielimet"))
            self.ref(item, ("hanke",), event.project, self.projects, "Hanketta", where("hankkeet"))
            for j, theme in enumerate(event.themes):
                self.ref(item, ("teemat", j), theme, self.themes, "Teemaa", theme_where)
            for j, output in enumerate(event.outputs):
                self.ref(item, ("tuotokset", j), output, self.outputs, "Tuotosta", where("tuotokset"))
            self._ids_once(item, ("teemat",), event.themes)
            self._ids_once(item, ("tuotokset",), event.outputs)
            self._check_when(item)
        for item in self.loaded[k.PROJECTS]:
            project = item.entity
            if project.ends < project.starts:
                self.add(item, ("päättyy",), "bad-date", "Hanke ei voi päättyä ennen kuin se alkaa. Tarkista päivämäärät.", "ends before it starts")
            if project.presentation:
                self.ref(item, ("esittely", "tapahtuma"), project.presentation.event, self.events, "Tapahtumaa", where("tapahtumat"))
        for item in self.loaded[k.DIMENSIONS]:
            self.ref(item, ("hanke",), item.entity.project, self.projects, "Hanketta", where("hankkeet"))
        self._unique_order(self.loaded[k.DIMENSIONS], lambda e: e.project)
        for item in self.loaded[k.OUTPUTS]:
            output = item.entity
            self.ref(item, ("hanke",), output.project, self.projects, "Hanketta", where("hankkeet"))
            self.ref(item, ("ulottuvuus",), output.dimension, self.dimensions, "Kehittämisulottuvuutta", where("ulottuvuudet"))
            dimension = self.dimensions.get(output.dimension)
            if dimension and output.project in self.projects and dimension.entity.project != output.project:
                self.add(item, ("ulottuvuus",), "wrong-project",
                         f"Ulottuvuus '{output.dimension}' kuuluu hankkeeseen '{dimension.entity.project}', "
                         f"ei hankkeeseen '{output.project}'.", "dimension belongs to another project")
            self.ref(item, ("kunta",), output.municipality, self.municipalities, "Kuntaa tai organisaatiota",
                     "jonkin tunniste tiedostossa roadmap/kunnat.yaml (lisää uusi kunta sinne)")
            seen: dict[str, int] = {}
            for i, link in enumerate(output.theme_links):
                self.ref(item, ("teemayhteydet", i, "teema"), link.theme, self.themes, "Teemaa", theme_where)
                if link.theme in seen:
                    self.add(item, ("teemayhteydet", i, "teema"), "duplicate",
                             f"Teema '{link.theme}' on listassa jo kohdassa {seen[link.theme] + 1}. Poista toinen.",
                             "duplicate theme link")
                seen.setdefault(link.theme, i)
            self._check_description(item)
        self._unique_order(self.loaded[k.OUTPUTS], lambda e: e.dimension)
        for item in self.loaded[k.REFLECTIONS]:
            self.ref(item, ("hanke",), item.entity.project, self.projects, "Hanketta", where("hankkeet"))
            self.ref(item, ("tapahtuma",), item.entity.event, self.events, "Tapahtumaa", where("tapahtumat"))
        self._unique_order(self.loaded[k.REFLECTIONS], lambda e: e.project)
        self._unique_anchors_on_project_pages()
        return self.problems

    def _unique_anchors_on_project_pages(self) -> None:
        """A project's page has an anchor for each of its dimensions and reflections, which come
        from two folders: the same file name in both would give two places one address."""
        for item in self.loaded[k.REFLECTIONS]:
            dimension = self.dimensions.get(item.entity.id)
            if dimension and dimension.entity.project == item.entity.project:
                self.problems.append(
                    Problem(item.source.path, 1, "", "duplicate-id",
                            f"Hankkeella on jo samanniminen kehittämisulottuvuus ({dimension.source.path}), "
                            "ja molemmat saisivat hankkeen sivulla saman osoitteen. Nimeä toinen tiedosto uudelleen.",
                            "reflection and dimension share an id on the project page")
                )

    def _check_description(self, item: Loaded) -> None:
        """The structured description of an output: its organisation, years, type and links."""
        output = item.entity
        self.ref(item, ("vastuutaho",), output.responsible, self.municipalities, "Kuntaa tai organisaatiota",
                 "jonkin tunniste tiedostossa roadmap/kunnat.yaml (vastuutaho on kunta tai organisaatio, "
                 "ei henkilö; lisää uusi organisaatio sinne)")
        if output.first_year and output.last_year and output.last_year < output.first_year:
            self.add(item, ("loppuvuosi",), "bad-date",
                     f"Loppuvuosi {output.last_year} on ennen alkuvuotta {output.first_year}. Tarkista vuodet.",
                     "ends before it starts")
        if output.type_is_editorial and output.output_type is None:
            self.add(item, ("tyyppi_toimituksen",), "conflict",
                     "tyyppi_toimituksen kertoo, että tyyppi on toimituksen arvio: kirjoita myös tyyppi "
                     "tai poista tämä kenttä.", "editorial mark without a type")
        self._check_listed_once(item, "linkit", "osoite", [link.url for link in output.links], "duplicate link")
        self._check_listed_once(item, "aineistot", "tiedosto", [material.file for material in output.materials],
                                "duplicate material")

    def _check_listed_once(self, item: Loaded, field: str, key: str, values: list[str], english: str) -> None:
        """Each value of a list field (field[i].key) once: a repeat is reported where it stands."""
        seen: dict[str, int] = {}
        for i, value in enumerate(values):
            if value in seen:
                self.add(item, (field, i, key), "duplicate",
                         f"Sama {key} on listassa jo kohdassa {seen[value] + 1}. Poista toinen.", english)
            seen.setdefault(value, i)

    def _ids_once(self, item: Loaded, path: tuple, ids) -> None:
        """A list of ids names each once: a repeat would show the link twice on both pages."""
        seen: dict[str, int] = {}
        for j, value in enumerate(ids):
            if value in seen:
                self.add(item, (*path, j), "duplicate",
                         f"'{value}' on listassa jo kohdassa {seen[value] + 1}. Poista toinen.", "duplicate id in a list")
            seen.setdefault(value, j)

    def _check_when(self, item: Loaded) -> None:
        when = item.entity.when
        base = ("ajankohta",)
        if when.year is not None:
            if when.day > calendar.monthrange(when.year, when.month)[1]:
                self.add(item, base + ("päivä",), "bad-date",
                         f"Päivämäärää {when.day}.{when.month}.{when.year} ei ole kalenterissa. Tarkista päivä ja kuukausi.",
                         "no such date")
            if when.inferred_year is not None:
                self.add(item, base + ("päätelty_vuosi",), "conflict",
                         "Kun vuosi on tiedossa, päätelty vuosi jätetään pois. Poista toinen kentistä.",
                         "inferred year given although the year is known")
        elif when.day > calendar.monthrange(2000, when.month)[1]:
            self.add(item, base + ("päivä",), "bad-date",
                     f"Päivää {when.day}.{when.month}. ei ole kalenterissa. Tarkista päivä ja kuukausi.", "no such date")
        if when.inferred_year is not None and not when.inference_reason:
            self.add(item, base + ("päätelty_vuosi",), "missing",
                     "Päätellylle vuodelle pitää kirjoittaa peruste kenttään 'päättelyn_peruste'.",
                     "inferred year needs a reason")
        if when.inference_reason and when.inferred_year is None:
            self.add(item, base + ("päättelyn_peruste",), "conflict",
                     "Päättelyn peruste kuuluu vain päätellylle vuodelle ('päätelty_vuosi').",
                     "reason without an inferred year")
        if when.starts and when.ends and _minutes(when.ends) <= _minutes(when.starts):
            self.add(item, base + ("päättyy",), "bad-time",
                     f"Päättymisaika {when.ends} ei ole alkamisajan {when.starts} jälkeen.", "ends before it starts")
        if when.ends and not when.starts:
            self.add(item, base + ("alkaa",), "missing", "Kun päättymisaika on annettu, anna myös alkamisaika.",
                     "end time without a start time")

    def _unique_theme_ids(self) -> None:
        spear = {x.entity.id: x for x in self.loaded[k.SPEARHEADS]}
        for item in self.loaded[k.CROSSCUTTING]:
            if item.entity.id in spear:
                self.problems.append(
                    Problem(item.source.path, 1, "", "duplicate-id",
                            f"Samanniminen teema on jo tiedostossa {spear[item.entity.id].source.path}. "
                            "Teemojen tiedostonimien pitää olla yksilöllisiä: nimeä toinen uudelleen.",
                            "duplicate theme id")
                )

    def _unique_order(self, items: list[Loaded], group) -> None:
        """Two files with the same order number: both are told, each naming the other."""
        by_key: dict[tuple, list[Loaded]] = {}
        for item in sorted(items, key=lambda x: x.source.path):
            by_key.setdefault((group(item.entity), item.entity.order), []).append(item)
        for (_, order), clash in by_key.items():
            for item in clash if len(clash) > 1 else ():
                others = ", ".join(other.source.path for other in clash if other is not item)
                self.add(item, ("järjestys",), "duplicate-order",
                         f"Järjestysnumero {order} on jo käytössä tiedostossa {others}. Anna eri numero.",
                         "duplicate order number")

    def _unique_in_list(self, item: Loaded, list_field: str, values: list[tuple[str, str]]) -> None:
        seen: dict[str, int] = {}
        for i, (value, field_name) in enumerate(values):
            if value in seen:
                self.add(item, (list_field, i, field_name), "duplicate-id",
                         f"'{value}' on listassa jo kohdassa {seen[value] + 1}. Arvojen pitää olla yksilöllisiä.",
                         "duplicate value")
            seen.setdefault(value, i)


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(".")
    return int(hours) * 60 + int(minutes)


def _assemble(loaded: dict[FileKind, list[Loaded]], material_files: dict | None = None) -> Roadmap:
    def entities(*kinds: FileKind) -> list[Entity]:
        return [x.entity for kind in kinds for x in loaded[kind]]

    dimensions = sorted(entities(k.DIMENSIONS), key=lambda d: (d.project, d.order))
    dimension_rank = {d.id: i for i, d in enumerate(dimensions)}
    return Roadmap(
        info=loaded[k.ROADMAP][0].entity,
        way_forward=loaded[k.WAY_FORWARD][0].entity,
        themes=tuple(sorted(entities(k.SPEARHEADS), key=lambda t: t.order))
        + tuple(sorted(entities(k.CROSSCUTTING), key=lambda t: t.order)),
        bodies=tuple(sorted(entities(k.BODIES), key=lambda b: b.order)),
        events=tuple(sorted(entities(k.EVENTS), key=lambda e: (e.when.sort_key, e.id))),
        projects=tuple(sorted(entities(k.PROJECTS), key=lambda p: (p.starts, p.id))),
        dimensions=tuple(dimensions),
        outputs=tuple(sorted(entities(k.OUTPUTS), key=lambda o: (dimension_rank[o.dimension], o.order, o.id))),
        reflections=tuple(sorted(entities(k.REFLECTIONS), key=lambda r: (r.project, r.order))),
        municipalities=tuple(loaded[k.MUNICIPALITIES][0].entity.municipalities),
        sources=tuple(sorted(x.source.path for kind in KINDS for x in loaded[kind])),
        material_files=MappingProxyType(dict(material_files or {})),
    )
