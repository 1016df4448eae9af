"""Which files the content consists of: one entry per kind of file under roadmap/."""

from __future__ import annotations

from dataclasses import dataclass

from .materials import FOLDER as MATERIALS_FOLDER
from .sensitive import ALLOWLIST_FILE

from .entities import (
    Dimension,
    Entity,
    Event,
    GovernanceBody,
    MunicipalityList,
    Output,
    Project,
    Reflection,
    RoadmapInfo,
    Theme,
    WayForward,
)


@dataclass(frozen=True)
class FileKind:
    schema: str  # name of the JSON Schema file: roadmap/schema/<schema>.schema.json
    model: type[Entity]
    title: str  # Finnish, for editors
    description: str  # Finnish, for editors: what a file of this kind holds (its schema's description)
    folder: str | None = None  # one file per record in roadmap/<folder>/
    file: str | None = None  # or a single file roadmap/<file>

    @property
    def pattern(self) -> str:
        return f"{self.folder}/*.yaml" if self.folder else str(self.file)


ROADMAP = FileKind("tiekartta", RoadmapInfo, "Tiekartan perustiedot",
                   "Mikä tiekartta on, milloin ja miten se tehtiin, ja sen visio.", file="tiekartta.yaml")
WAY_FORWARD = FileKind("eteenpain", WayForward, "Eteenpäin Tiekartalla",
                       "Tiekartan pohjalta otetut askeleet järjestyksessä.", file="eteenpain.yaml")
MUNICIPALITIES = FileKind("kunnat", MunicipalityList, "Kunnat ja organisaatiot",
                          "Kunnat ja organisaatiot, joihin tuotokset viittaavat.", file="kunnat.yaml")
_THEME = (
    "Kärkiteema (roadmap/karkiteemat/) tai läpi kulkeva teema (roadmap/lapikulkevat-teemat/), yksi teema "
    "tiedostossa."
)
SPEARHEADS = FileKind("teema", Theme, "Kärkiteema", _THEME, folder="karkiteemat")
CROSSCUTTING = FileKind("teema", Theme, "Läpi kulkeva teema", _THEME, folder="lapikulkevat-teemat")
BODIES = FileKind("toimielin", GovernanceBody, "Toimielin",
                  "Kehittämisen rakenteen toimielin: suunnittelee, ohjaa tai kokoaa kehittämistyötä.",
                  folder="toimielimet")
EVENTS = FileKind("tapahtuma", Event, "Tapahtuma", "Seminaari, koulutus tai muu päivätty tilaisuus.",
                  folder="tapahtumat")
PROJECTS = FileKind("hanke", Project, "Hanke", "Aiempi kehittämishanke, jonka tuotokset ovat tietopankissa.",
                    folder="hankkeet")
DIMENSIONS = FileKind("ulottuvuus", Dimension, "Kehittämisulottuvuus",
                      "Hankkeen kehittämisulottuvuus (sarake hankkeen tuotostaulukossa).", folder="ulottuvuudet")
OUTPUTS = FileKind("tuotos", Output, "Tuotos", "Hankkeen työmalli tai muu tuotos.", folder="tuotokset")
REFLECTIONS = FileKind("pohdinta", Reflection, "Pohdinta", "Hankkeen esityksen pohdintoja luettelona.",
                       folder="pohdinnat")

KINDS: tuple[FileKind, ...] = (
    ROADMAP,
    WAY_FORWARD,
    MUNICIPALITIES,
    SPEARHEADS,
    CROSSCUTTING,
    BODIES,
    EVENTS,
    PROJECTS,
    DIMENSIONS,
    OUTPUTS,
    REFLECTIONS,
)

# Folders and files under roadmap/ that are not content files (the outputs' materials are
# checked by tiekartta.model.materials).
NON_CONTENT = {"schema", "README.md", ALLOWLIST_FILE, MATERIALS_FOLDER}

# Ids that would collide with fixed pages or folders of the site, or are unsafe on some systems.
RESERVED_IDS = frozenset(
    {
        "index", "assets", "search", "haku", "kunnittain", "teemoittain", "ulottuvuuksittain", "hankkeittain",
        "kunnat", "karkiteemat", "lapikulkevat-teemat", "avoin-data", "data", "opas", "404", "aineistot",
        "sitemap", "feed", "con", "prn", "aux", "nul",
        *(f"com{n}" for n in range(10)),
        *(f"lpt{n}" for n in range(10)),
        # Fixed anchors of the generated pages, which ids share a page with as anchors.
        "visio", "eteenpain", "merkitys", "pohdinnat", "ei-kuntaa",
    }
)
# The site's own class names and the ids inside its pictures (tk-nuoli, tk-kartta-otsikko).
RESERVED_ID_PREFIXES = ("tk-",)
