"""A synthetic roadmap of any size, written as YAML files that the real model validates.

The proportions follow what a regional or national knowledge bank holds: many projects, each
with a few development dimensions and a few dozen outputs; municipalities and organisations
across the country; more themes and events as the archive grows. The text is Finnish, built
from social-work vocabulary, so that page sizes and the search index resemble real content.
The same size and seed always give the same files.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from tiekartta.model.kinds import (
    BODIES,
    CROSSCUTTING,
    DIMENSIONS,
    EVENTS,
    MUNICIPALITIES,
    OUTPUTS,
    PROJECTS,
    REFLECTIONS,
    ROADMAP,
    SPEARHEADS,
    WAY_FORWARD,
    FileKind,
)
from tiekartta.model.kinds import RESERVED_IDS

# --- vocabulary --------------------------------------------------------------------------------

REGIONS = [
    "Pohjois-Karjala", "Etelä-Savo", "Pohjois-Savo", "Keski-Suomi", "Pirkanmaa", "Varsinais-Suomi",
    "Satakunta", "Kanta-Häme", "Päijät-Häme", "Kymenlaakso", "Etelä-Karjala", "Uusimaa",
    "Etelä-Pohjanmaa", "Pohjanmaa", "Keski-Pohjanmaa", "Pohjois-Pohjanmaa", "Kainuu", "Lappi",
]
PLACE_STEMS = [
    "Koivu", "Kuusi", "Honka", "Mänty", "Pihlaja", "Leppä", "Haapa", "Kivi", "Hieta", "Saari",
    "Vaara", "Lampi", "Pelto", "Kallio", "Raja", "Laakso", "Kangas", "Ahven", "Hauki", "Karhu",
    "Kettu", "Joutsen", "Kurki", "Sorsa", "Tammi", "Vehka", "Kaisla", "Ruoko", "Louhi", "Virta",
    "Salmi", "Uuras", "Hirvi", "Ilves", "Pyy", "Teeri", "Kaarna", "Petäjä", "Kataja", "Muurain",
]
PLACE_ENDINGS = [
    "lahti", "järvi", "vesi", "joki", "koski", "vaara", "mäki", "niemi", "salo", "kylä",
    "harju", "saari", "ranta", "selkä", "kangas", "lampi", "virta", "suo",
]
ORGANISATION_KINDS = [
    "sosiaalialan osaamiskeskus", "kuntayhtymä", "hyvinvointialue", "perheneuvola", "ensi- ja turvakoti",
    "päihdeklinikka", "sosiaalipäivystys", "yhteistoiminta-alue", "setlementti", "kriisikeskus",
]
TOPICS = [
    "lastensuojelu", "aikuissosiaalityö", "päihdetyö", "mielenterveystyö", "vammaispalvelut",
    "ikääntyneiden palvelut", "perhetyö", "toimeentulotuki", "kuntouttava työtoiminta",
    "asumisneuvonta", "maahanmuuttajatyö", "nuorisososiaalityö", "koulukuraattorityö",
    "sovittelu", "jälkihuolto", "sijaishuolto", "perhehoito", "kotihoito", "omaishoito",
    "rikosseuraamustyö", "velkaneuvonta", "lähisuhdeväkivaltatyö", "kriisityö", "sosiaalipäivystys",
]
TOPIC_GENITIVES = [
    "lastensuojelun", "aikuissosiaalityön", "päihdetyön", "mielenterveystyön", "vammaispalvelujen",
    "ikääntyneiden palvelujen", "perhetyön", "toimeentulotuen", "kuntouttavan työtoiminnan",
    "asumisneuvonnan", "maahanmuuttajatyön", "nuorisososiaalityön", "koulukuraattorityön",
    "sovittelun", "jälkihuollon", "sijaishuollon", "perhehoidon", "kotihoidon", "omaishoidon",
    "rikosseuraamustyön", "velkaneuvonnan", "lähisuhdeväkivaltatyön", "kriisityön",
    "sosiaalipäivystyksen",
]
MODEL_KINDS = [
    "työmalli", "toimintamalli", "yhteistyömalli", "palvelupolku", "koulutusohjelma", "selvitys",
    "käsikirja", "arviointimalli", "ryhmätoimintamalli", "verkostotyön malli", "kartoitus",
    "asiakasprosessin kuvaus", "tarkistuslista", "perehdytysopas", "kokeilu",
]
QUALITIES = [
    "Moniammatillinen", "Varhaisen tuen", "Asiakaslähtöinen", "Seudullinen", "Jalkautuva",
    "Ennaltaehkäisevä", "Sähköinen", "Ryhmämuotoinen", "Kokemusasiantuntijoiden", "Yhteinen",
    "Kuntouttava", "Dialoginen", "Verkostomainen", "Osallistava", "Matalan kynnyksen",
]
AUDIENCES = [
    "lapsiperheille", "nuorille aikuisille", "ikääntyneille", "työttömille", "maahanmuuttajille",
    "omaishoitajille", "sijaisperheille", "päihteitä käyttäville", "asunnottomille", "vanhemmille",
    "opiskelijoille", "vammaisille henkilöille", "kriisissä oleville", "yksinasuville",
]
THEME_BASES = [
    "Ennaltaehkäisy", "Omatyöntekijäisyys", "Palvelupolut ja palveluprosessi", "Rakenteellinen sosiaalityö",
    "Ilmiökeskustelu", "Osallisuuden vahvistaminen", "Työmenetelmät ja kokeilut", "Tehtävärakenne",
    "Yhteistyö ja yhdessä tekeminen", "Sosiaalityö perusterveydenhuollossa", "Ohjaus ja neuvonta",
    "Tiedolla johtaminen", "Digitaaliset palvelut", "Asiakkaan oikeusturva", "Työhyvinvointi",
    "Kokemusasiantuntijuus", "Monialainen arviointi", "Lähisuhdeväkivallan ehkäisy", "Köyhyyden ehkäisy",
    "Asumisen tuki", "Nuorten syrjäytymisen ehkäisy", "Perheiden tuki", "Mielenterveyden edistäminen",
    "Päihdehaittojen vähentäminen", "Vaikuttavuuden arviointi", "Sosiaalinen kuntoutus",
]
THEME_SCOPES = [
    None, "lapsiperheissä", "aikuissosiaalityössä", "ikääntyneiden palveluissa", "vammaispalveluissa",
    "maaseudulla", "kaupunkiseuduilla", "sote-keskuksissa", "järjestöyhteistyössä", "koulutuksessa",
]
VERBS = [
    "vahvistaa", "selkiyttää", "nopeuttaa", "yhtenäistää", "tukee", "tekee näkyväksi", "kehittää",
    "parantaa", "helpottaa", "jäsentää",
]
OBJECTS = [
    "asiakkaan osallisuutta", "työntekijöiden yhteistyötä", "palvelutarpeen arviointia",
    "tiedonkulkua eri toimijoiden välillä", "varhaista puuttumista", "asiakasprosessin sujuvuutta",
    "sosiaalityön asiantuntijuutta", "kuntien välistä yhteistyötä", "järjestöjen ja kuntien kumppanuutta",
    "työntekijöiden jaksamista", "vaikuttavuuden seurantaa", "kokemustiedon hyödyntämistä",
]
OPENINGS = [
    "Malli syntyi kehittämishankkeessa, jossa",
    "Työskentely käynnistyi, kun",
    "Kehittämistyössä huomattiin, että",
    "Kokeilun aikana todettiin, että",
    "Toimintamallin taustalla on havainto, että",
]
OBSERVATIONS = [
    "asiakkaat jäivät usein palvelujen väliin",
    "tieto ei kulkenut sosiaali- ja terveydenhuollon välillä",
    "työntekijöiden käytännöt vaihtelivat kunnittain",
    "kokemusasiantuntijoiden tietoa ei hyödynnetty",
    "palvelutarpeen arviointi kesti liian kauan",
    "perheet tarvitsivat tukea jo ennen lastensuojelun asiakkuutta",
    "ikääntyneiden sosiaaliset tarpeet jäivät terveyspalveluissa huomaamatta",
]
RESULTS = [
    "Tulokset kirjattiin yhteiseen käsikirjaan, jota käytetään edelleen.",
    "Arvioinnissa asiakkaat kokivat tulleensa kuulluiksi aiempaa paremmin.",
    "Työntekijät arvioivat yhteistyön selkiytyneen selvästi.",
    "Malli levisi hankkeen aikana naapurikuntiin.",
    "Kokeilusta koottiin suositukset jatkokehittämiselle.",
    "Toimintatapa vakiintui osaksi perustyötä hankkeen päätyttyä.",
]
EVENT_KINDS = [
    "kehittämisseminaari", "koulutuspäivä", "työpaja", "verkostopäivä", "sosiaalityön päivät",
    "kehittäjäfoorumi", "alueellinen seminaari", "webinaari",
]
PLACES = [
    "Hiihtomuseon auditorio", "kaupungintalon valtuustosali", "yliopiston päärakennus", "kirjaston sali",
    "sosiaalialan osaamiskeskus", "etäyhteys", "kulttuuritalo", "ammattikorkeakoulun auditorio",
]
REFLECTION_TITLES = [
    "Mitä kehittämisestä jäi käteen?", "Kehittäminen osaksi perustyötä?", "Hyvän kehittäjän ominaisuuksia",
    "Tiedontuotannon edellytykset", "Miksi hankkeet jäävät irrallisiksi?", "Mitä seuraavaksi?",
]
REFLECTION_ITEMS = [
    "Mistä aikaa kehittämistyöhön?",
    "Onko kehittäminen jatkuvaa toimintaa vai **sysäyksittäisiä** muutoksia?",
    "Kuka kehittämistä koordinoi ja minne tieto kehittämisestä katoaa?",
    "Uuvuttaako vai voimaannuttaako kehittäminen?",
    "Miten asiakkaiden kokemus saadaan mukaan kehittämiseen?",
    "Kehittämistyö vaatii johdon tuen ja selkeän vastuunjaon.",
    "Hyvä kehittäjä kuuntelee, kokeilee ja uskaltaa luopua.",
]
DUTIES = [
    "suunnittelee yhteistä kehittämistyötä", "ohjaa ja seuraa kehittämistä", "kokoaa kehittämistarpeet",
    "antaa tehtäviä työyhteisöille", "arvioi kehittämisen tuloksia", "järjestää kehittämisseminaarit",
]
DIMENSION_NAMES = [
    "Perussosiaalityön kehittäminen", "Erityisosaaminen ja seudulliset yhteistyökäytännöt",
    "Sosiaalityön kumppanuusverkot", "Hankkeen muu toiminta", "Asiakasosallisuus",
    "Koulutus ja osaamisen kehittäminen", "Tiedontuotanto ja arviointi",
]


# --- proportions -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sizes:
    """How many of each kind a roadmap with `outputs` outputs holds."""

    outputs: int

    @property
    def projects(self) -> int:
        return max(1, round(self.outputs / 25))

    @property
    def spearheads(self) -> int:
        return 3  # a roadmap raises a few spearhead themes however big the archive is

    @property
    def themes(self) -> int:
        # Cross-cutting themes grow slowly with the archive: 8 for a region, about 30 nationally.
        return self.spearheads + 8 + self.outputs // 250

    @property
    def events(self) -> int:
        return max(4, self.outputs // 10)

    @property
    def municipalities(self) -> int:
        return min(300, max(9, self.outputs // 15))

    @property
    def organisations(self) -> int:
        return max(1, self.municipalities // 8)

    @property
    def bodies(self) -> int:
        return 3

    @property
    def steps(self) -> int:
        return 4 + self.themes // 8


# How the outputs fall: spread over projects, dimensions, municipalities and themes, or the
# skewed archives where every page that lists outputs must still stay small: every output in
# one project, in one dimension, in one municipality, or linked to one theme.
EVEN = "tasainen"
ONE_PROJECT = "yksi-hanke"
ONE_DIMENSION = "yksi-ulottuvuus"
ONE_MUNICIPALITY = "yksi-kunta"
ONE_THEME = "yksi-teema"
SKEWED = (ONE_PROJECT, ONE_DIMENSION, ONE_MUNICIPALITY, ONE_THEME)
DISTRIBUTIONS = (EVEN, *SKEWED)


def write_roadmap(target: Path, outputs: int, seed: int = 2025, distribution: str = EVEN) -> Sizes:
    """Write a complete roadmap/ with `outputs` outputs into `target` (created; must be empty),
    the outputs falling as `distribution` says (DISTRIBUTIONS)."""
    if distribution not in DISTRIBUTIONS:
        raise ValueError(f"unknown distribution {distribution!r}: one of {', '.join(DISTRIBUTIONS)}")
    return _Writer(Path(target), Sizes(outputs), random.Random(seed), distribution).write()


def slug(text: str) -> str:
    """'Päihdetyön työmalli' -> 'paihdetyon-tyomalli' (a valid content id)."""
    folded = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    words = "".join(c if c.isalnum() else " " for c in folded).split()
    return "-".join(words)


class _Writer:
    def __init__(self, target: Path, sizes: Sizes, rng: random.Random, distribution: str = EVEN):
        self.target = target
        self.sizes = sizes
        self.rng = rng
        self.distribution = distribution
        self.used_ids: set[str] = set(RESERVED_IDS)

    def unique_id(self, text: str, limit: int = 60) -> str:
        base = slug(text)[:limit].strip("-") or "kohde"
        candidate, n = base, 2
        while candidate in self.used_ids:
            candidate, n = f"{base}-{n}", n + 1
        self.used_ids.add(candidate)
        return candidate

    def put(self, kind: FileKind, data: dict, entity_id: str | None = None) -> None:
        if kind.folder:
            path = self.target / kind.folder / f"{entity_id}.yaml"
            schema = f"../schema/{kind.schema}.schema.json"
        else:
            path = self.target / str(kind.file)
            schema = f"schema/{kind.schema}.schema.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
        path.write_text(f"# yaml-language-server: $schema={schema}\n{text}", encoding="utf-8")

    def sentence(self) -> str:
        r = self.rng
        return (f"{r.choice(OPENINGS)} {r.choice(OBSERVATIONS)}. "
                f"Se {r.choice(VERBS)} {r.choice(OBJECTS)} ja {r.choice(VERBS)} {r.choice(OBJECTS)}.")

    def paragraph(self, sentences: int) -> str:
        text = " ".join(self.sentence() for _ in range(sentences))
        return f"{text} {self.rng.choice(RESULTS)}"

    def write(self) -> Sizes:
        self.target.mkdir(parents=True, exist_ok=True)

        municipalities = self.municipalities()
        themes = self.themes()
        bodies = self.bodies()
        projects = self.projects()
        dimensions = self.dimensions(projects)
        outputs = self.outputs(dimensions, municipalities, themes)
        events = self.events(projects, bodies, themes, outputs)
        self.reflections(projects, events)
        self.roadmap(themes, bodies, events)
        return self.sizes

    def municipalities(self) -> list[str]:
        r, s = self.rng, self.sizes
        names = [stem + ending for stem in PLACE_STEMS for ending in PLACE_ENDINGS]
        r.shuffle(names)
        entries = []
        for name in names[: s.municipalities]:
            entries.append({"tunniste": self.unique_id(name), "nimi": name, "laji": "kunta"})
        for i in range(s.organisations):
            name = f"{r.choice(PLACE_STEMS)}{r.choice(PLACE_ENDINGS)}n {ORGANISATION_KINDS[i % len(ORGANISATION_KINDS)]}"
            if any(e["nimi"] == name for e in entries):
                name = f"{name} {i + 1}"
            entries.append({"tunniste": self.unique_id(name), "nimi": name, "laji": "organisaatio"})
        self.put(MUNICIPALITIES, {"kunnat": entries})
        return [e["tunniste"] for e in entries]

    def themes(self) -> list[str]:
        r, s = self.rng, self.sizes
        names = [base if scope is None else f"{base} {scope}" for scope in THEME_SCOPES for base in THEME_BASES]
        ids = []
        for i, name in enumerate(names[: s.themes]):
            spearhead = i < s.spearheads
            theme_id = self.unique_id(name)
            data = {"nimi": name, "järjestys": i + 1 if spearhead else i + 1 - s.spearheads}
            if spearhead and i == 1:
                data["painopiste"] = True
            if r.random() < 0.5:
                data["kuvaus"] = self.paragraph(2)
            self.put(SPEARHEADS if spearhead else CROSSCUTTING, data, theme_id)
            ids.append(theme_id)
        return ids

    def bodies(self) -> list[str]:
        names = ["Sosiaalityön kehittämistyöryhmä", "Johdon kehittämistyöryhmä", "Sosiaalityön kehittämisseminaari"]
        ids = [self.unique_id(name) for name in names[: self.sizes.bodies]]
        for i, (name, body_id) in enumerate(zip(names, ids)):
            data = {
                "nimi": name,
                "järjestys": i + 1,
                "kokoonpano": "edustuksellinen" if i == 0 else "avoin",
                "tehtävät": self.rng.sample(DUTIES, 3),
                "tehtävien_saajat": ["työyhteisöt", "alatyöryhmät"] if i == 0 else [],
                "suhteet": [{"kohde": ids[(i + 1) % len(ids)], "kuvaus": "raportoi kehittämisen etenemisestä"}],
                "lähteen_teksti": self.paragraph(1),
            }
            if not data["tehtävien_saajat"]:
                del data["tehtävien_saajat"]
            self.put(BODIES, data, body_id)
        return ids

    def projects(self) -> dict[str, tuple[int, str, str]]:
        """project id -> (start year, name, region); the files are written with the events."""
        r, s = self.rng, self.sizes
        projects = {}
        for i in range(s.projects):
            region = REGIONS[i % len(REGIONS)]
            start = 2003 + (i * 7) % 20
            topic = r.choice(TOPIC_GENITIVES)
            name = f"{topic.capitalize()} kehittämishanke, {region}"
            project_id = self.unique_id(f"{topic} {region} {start}-{start + 2}")
            projects[project_id] = (start, name, region)
        return projects

    def dimensions(self, projects) -> dict[str, str]:
        """dimension id -> project id."""
        result = {}
        for project_id in projects:
            count = self.rng.randint(3, 5)
            for order, name in enumerate(self.rng.sample(DIMENSION_NAMES, count), start=1):
                dimension_id = self.unique_id(f"{name} {project_id}", limit=78)
                self.put(DIMENSIONS, {"nimi": name, "hanke": project_id, "järjestys": order}, dimension_id)
                result[dimension_id] = project_id
        return result

    def outputs(self, dimensions, municipalities, themes) -> list[str]:
        r, s = self.rng, self.sizes
        dimension_ids = list(dimensions)
        if self.distribution == ONE_PROJECT:
            dimension_ids = [d for d in dimension_ids if dimensions[d] == dimensions[dimension_ids[0]]]
        elif self.distribution == ONE_DIMENSION:
            dimension_ids = dimension_ids[:1]
        order_in: dict[str, int] = {}
        ids = []
        for i in range(s.outputs):
            # Every dimension gets outputs first; the rest fall where they fall.
            dimension = dimension_ids[i] if i < len(dimension_ids) else r.choice(dimension_ids)
            order_in[dimension] = order_in.get(dimension, 0) + 1
            topic = r.choice(TOPIC_GENITIVES)
            name = f"{r.choice(QUALITIES)} {topic} {r.choice(MODEL_KINDS)} {r.choice(AUDIENCES)}"
            output_id = self.unique_id(name)
            data: dict = {"nimi": name}
            if r.random() < 0.15:
                data["nimi_lähteessä"] = name.upper()
            data.update({"hanke": dimensions[dimension], "ulottuvuus": dimension, "järjestys": order_in[dimension]})
            if self.distribution == ONE_MUNICIPALITY:
                data["kunta"] = municipalities[0]
            elif r.random() < 0.85:
                data["kunta"] = r.choice(municipalities)
            if r.random() < 0.8:
                data["kuvaus"] = self.paragraph(r.randint(1, 3))
            if r.random() < 0.4:
                data["lisätiedot"] = f"{self.paragraph(1)}\n\n**Yhteyshenkilö:** kehittämiskoordinaattori"
            links = r.sample(themes, r.choice((0, 1, 1, 2, 2, 2, 3)))
            if self.distribution == ONE_THEME:
                links = [themes[0], *(t for t in links if t != themes[0])]
            if links:
                data["teemayhteydet"] = [
                    {"teema": t, "perustelu": f"Tuotos {r.choice(VERBS)} {r.choice(OBJECTS)}."} for t in links
                ]
            self.put(OUTPUTS, data, output_id)
            ids.append(output_id)
        return ids

    def events(self, projects, bodies, themes, outputs) -> list[str]:
        r, s = self.rng, self.sizes
        project_ids = list(projects)
        ids = []
        for i in range(s.events):
            kind = r.choice(EVENT_KINDS)
            topic = r.choice(TOPIC_GENITIVES)
            year = 2003 + r.randrange(23)
            when: dict = {"päivä": r.randint(1, 28), "kuukausi": r.randint(1, 12)}
            if r.random() < 0.05:
                when["päätelty_vuosi"] = year
                when["päättelyn_peruste"] = "Lähde ei kerro vuotta; vuosi on päätelty hankkeen aikataulusta."
            else:
                when["vuosi"] = year
            if r.random() < 0.5:
                hour = r.randint(8, 13)
                when["alkaa"] = f"{hour}.00"
                when["päättyy"] = f"{hour + r.randint(1, 4)}.30"
            name = f"{topic.capitalize()} {kind} {i + 1}"
            event_id = self.unique_id(f"{topic} {kind} {year} {i + 1}")
            data: dict = {"nimi": name, "ajankohta": when}
            if r.random() < 0.7:
                data["paikka"] = r.choice(PLACES)
            if r.random() < 0.3:
                data["järjestäjä"] = r.choice(bodies)
            if r.random() < 0.6:
                data["hanke"] = r.choice(project_ids)
            if r.random() < 0.6:
                data["teemat"] = r.sample(themes, r.randint(1, 2))
            if r.random() < 0.4:
                data["tuotokset"] = r.sample(outputs, r.randint(1, 3))
            if r.random() < 0.7:
                data["kuvaus"] = self.paragraph(1)
            self.put(EVENTS, data, event_id)
            ids.append(event_id)
        # Projects were presented at some of the events.
        for n, (project_id, (start, name, region)) in enumerate(projects.items()):
            data = {
                "nimi": name,
                "alue": region,
                "alkaa": f"{start}-{r.randint(1, 12):02d}-01",
                "päättyy": f"{start + 2}-{r.randint(1, 12):02d}-28",
            }
            if r.random() < 0.7:
                data["esittely"] = {
                    "otsikko": f"Kokemuksia hankkeesta {name}",
                    "esittäjä": "hankkeen projektipäällikkö",
                    "tapahtuma": ids[n % len(ids)],
                }
            if r.random() < 0.6:
                data["merkitys"] = {"otsikko": "Mikä merkitys hankkeella oli?", "kohdat": r.sample(RESULTS, 4)}
            data["lähde"] = f"Hankkeen loppuraportti ({region}, {start + 2})."
            self.put(PROJECTS, data, project_id)
        return ids

    def reflections(self, projects, events) -> None:
        r = self.rng
        for n, project_id in enumerate(projects):
            if n % 2:
                continue
            for order, title in enumerate(r.sample(REFLECTION_TITLES, r.randint(1, 2)), start=1):
                data = {"otsikko": title, "hanke": project_id, "järjestys": order}
                if r.random() < 0.5:
                    data["tapahtuma"] = r.choice(events)
                data["kohdat"] = r.sample(REFLECTION_ITEMS, r.randint(3, 6))
                self.put(REFLECTIONS, data, self.unique_id(f"{title} {project_id}", limit=78))

    def roadmap(self, themes, bodies, events) -> None:
        r, s = self.rng, self.sizes
        self.put(ROADMAP, {
            "nimi": "Sosiaalityön Tiekartta 2025",
            "muotoiltu_tapahtumassa": events[0],
            "osallistujat": "noin 80 sosiaalityön asiantuntijaa eri toimialoilta",
            "kuvaus": self.paragraph(3),
            "tavoite": "Tiekartan tavoitteena on toimia suunnan näyttäjänä yhteiselle kehittämistyölle.",
            "kärkiteemojen_valitsija": bodies[0],
            "visio": {
                "teksti": "vahva, toimiva ja näkyvä omatyöntekijäisyys",
                "tausta": self.paragraph(1),
                "teema": themes[1],
            },
            "rakenne": "Sosiaalityön kehittämisen suunnittelulle ja koordinoinnille on oma rakenne.",
            "jatkuu": {"otsikko": "Yhteiskehittäminen jatkuu", "tapahtuma": events[-1]},
            "lähde": "Sosiaalityön Tiekartta 2025 (tiekarttadokumentti)",
        })
        steps = []
        for i in range(s.steps):
            step: dict = {"teksti": self.sentence(), "teemat": r.sample(themes, r.randint(1, 2))}
            if r.random() < 0.5:
                step["toimija"] = "Verso"
            if r.random() < 0.3:
                step["ajankohta"] = f"syksy {2020 + i}"
            if r.random() < 0.3:
                step["alakohdat"] = [f"**{r.choice(MODEL_KINDS).capitalize()}** {r.choice(AUDIENCES)}"]
            steps.append(step)
        self.put(WAY_FORWARD, {"otsikko": "Eteenpäin Tiekartalla", "askeleet": steps})
