"""The content model: one class per kind of YAML file, field names in Finnish as editors write them.

Attributes are English; each field's alias is the Finnish key in the YAML file and its
description is the Finnish explanation shown in the JSON Schema and in the editor's field
reference. All models are immutable and reject unknown fields.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    StrictBool,
    StrictInt,
    StringConstraints,
)
from pydantic.fields import FieldInfo
from pydantic_core import PydanticCustomError

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
ID_MAX_LENGTH = 80


def id_suggestion(text: str) -> str | None:
    """'Joensuu' -> 'joensuu', 'yhteistyön ja yhdessä' -> 'yhteistyon-ja-yhdessa': the id an editor
    most likely meant by a name written with capitals, Finnish letters or spaces (None if none)."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", text.strip().lower())
    plain = "".join(char for char in plain if not unicodedata.combining(char))
    plain = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")
    if plain and plain != text and re.fullmatch(ID_PATTERN, plain) and len(plain) <= ID_MAX_LENGTH:
        return plain
    return None


def _single_line(value: str) -> str:
    if "\n" in value or "\r" in value:
        raise PydanticCustomError(
            "single_line",
            "Tähän kenttään kuuluu yksi rivi tekstiä. Poista rivinvaihdot (tai käytä "
            "pitkälle tekstille kuvaus-kenttää).",
        )
    return value


def _iso_date_text(value: Any) -> Any:
    if isinstance(value, date) or not isinstance(value, str):
        raise PydanticCustomError(
            "date_text",
            "Päivämäärä kirjoitetaan lainausmerkkeihin muodossa \"VVVV-KK-PP\", esimerkiksi "
            "\"2019-11-18\".",
        )
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise PydanticCustomError(
            "date_text",
            "Päivämäärä kirjoitetaan muodossa \"VVVV-KK-PP\", esimerkiksi \"2019-11-18\".",
        )
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError(
            "date_real", "Päivämäärää {value} ei ole kalenterissa. Tarkista päivä ja kuukausi.", {"value": value}
        ) from None


Id = Annotated[
    str,
    StringConstraints(strict=True, pattern=ID_PATTERN, max_length=ID_MAX_LENGTH),
    Field(
        description="Tunniste: pienet kirjaimet a–z, numerot ja väliviivat, esim. 'omatyontekijaisyys'. "
        "Viittaa toisen tiedoston nimeen ilman .yaml-päätettä.",
    ),
]
Line = Annotated[
    str,
    StringConstraints(strict=True, strip_whitespace=True, min_length=1, max_length=300),
    AfterValidator(_single_line),
]
# A Markdown link or image in a text: [teksti](osoite), ![kuva](osoite).
_MARKDOWN_LINK = re.compile(r"(!?)\[(?:[^\[\]\n]|\[[^\[\]\n]*\])*\]\(\s*<?([^\s)>]*)")


def _prose_links(value: str) -> str:
    """A link or image in a text has a whole address. Without one (`../teemat/x/`, `sivu.md`,
    `www.innokyla.fi`) it would lead nowhere: the page that shows the text is at another address
    than the editor thinks, and the site's own pages are linked with the id fields. (An address
    with a scheme is the publishing cleaner's: it keeps https, http and mailto only.)"""
    for match in _MARKDOWN_LINK.finditer(value):
        image, target = match.group(1), match.group(2)
        if ":" in target.split("/", 1)[0]:
            continue
        if image:
            raise PydanticCustomError(
                "prose_link",
                "Tekstikenttään ei voi lisätä kuvaa ('{target}'): kuvaa ei julkaista. Poista merkintä "
                "![…](…); tuotoksen tiedostot lisätään kenttään aineistot.",
                {"target": target},
            )
        if not target:
            raise PydanticCustomError(
                "prose_link", "Linkistä puuttuu osoite. Kirjoita se sulkeisiin: [teksti](https://osoite.fi)."
            )
        raise PydanticCustomError(
            "prose_link",
            "Linkin osoite '{target}' ei toimisi sivustolla. Kirjoita linkkiin koko verkko-osoite, "
            "esim. [teksti](https://osoite.fi). Sivuston omiin sivuihin viitataan tunnistekentillä "
            "(esim. teemat, teemayhteydet), ei linkeillä.",
            {"target": target},
        )
    return value


Prose = Annotated[
    str,
    StringConstraints(strict=True, strip_whitespace=True, min_length=1, max_length=20_000),
    AfterValidator(_prose_links),
]
IsoDate = Annotated[date, BeforeValidator(_iso_date_text), Field(json_schema_extra={"type": "string", "format": "date"})]
ClockTime = Annotated[str, StringConstraints(strict=True, pattern=r"^([01]?\d|2[0-3])\.[0-5]\d$")]
Order = Annotated[StrictInt, Field(ge=1, le=10_000)]


def _field_title(name: str, field: FieldInfo) -> str:
    """A field's title in the schemas, from its Finnish key as a Finnish phrase: "Nimi lähteessä",
    not the "Nimi Lähteessä" that title-casing every word would make."""
    key = (field.alias or name).replace("_", " ")
    return key[:1].upper() + key[1:]


class Record(BaseModel):
    """Base of every content model: immutable, unknown fields refused, Finnish keys only.
    Each nested record names itself in Finnish (`title`) for the schemas readers and editors see."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, populate_by_name=False, field_title_generator=_field_title
    )


class Entity(Record):
    """A record stored in a file of its own; its id is the file name without `.yaml`."""

    _id: str = PrivateAttr(default="")
    _source: str = PrivateAttr(default="")

    # Read straight from pydantic's store of private attributes: `self._id` goes through
    # BaseModel.__getattr__, and pages read ids tens of thousands of times.
    @property
    def id(self) -> str:
        return self.__pydantic_private__["_id"]

    @property
    def source(self) -> str:
        """The YAML file (relative to the repository root) this record comes from."""
        return self.__pydantic_private__["_source"]

    def bind(self, entity_id: str, source: str) -> Entity:
        self._id = entity_id
        self._source = source
        return self


# --- The roadmap -------------------------------------------------------------------------------


class Vision(Record):
    model_config = ConfigDict(title="Visio")

    text: Line = Field(alias="teksti", description="Visiolause sellaisenaan.")
    background: Prose = Field(alias="tausta", description="Mistä visio nousi.")
    theme: Id = Field(alias="teema", description="Teema, johon visio liittyy (teeman tiedoston nimi).")


class Continuation(Record):
    model_config = ConfigDict(title="Jatkuminen")

    title: Line = Field(alias="otsikko", description="Otsikko, esim. 'Yhteiskehittäminen jatkuu'.")
    event: Id = Field(alias="tapahtuma", description="Tapahtuma, jolla työ jatkuu (tapahtuman tiedoston nimi).")


class RoadmapInfo(Entity):
    """roadmap/tiekartta.yaml: what the roadmap is, when and how it was made, and its vision."""

    name: Line = Field(alias="nimi", description="Tiekartan nimi.", examples=["Sosiaalityön Tiekartta 2025"])
    formulated_at: Id = Field(
        alias="muotoiltu_tapahtumassa", description="Tapahtuma, jossa tiekartta muotoiltiin."
    )
    participants: Line = Field(alias="osallistujat", description="Ketkä osallistuivat tiekarttatyöhön.")
    description: Prose = Field(alias="kuvaus", description="Miten tiekartta syntyi. Markdown sallittu.")
    purpose: Prose = Field(alias="tavoite", description="Tiekartan tavoite.")
    spearheads_chosen_by: Id = Field(
        alias="kärkiteemojen_valitsija", description="Toimielin, jossa kärkiteemat nostettiin."
    )
    vision: Vision = Field(alias="visio", description="Yhteisen kehittämistyön visio.")
    structure_intro: Prose = Field(
        alias="rakenne", description="Johdanto kehittämisen rakenteeseen (toimielimet)."
    )
    continues: Continuation | None = Field(
        default=None, alias="jatkuu", description="Seuraava yhteinen tapahtuma, jolla työ jatkuu."
    )
    source_document: Line = Field(alias="lähde", description="Lähdeasiakirja.")


class WayForwardStep(Record):
    model_config = ConfigDict(title="Askel")

    text: Prose = Field(alias="teksti", description="Mitä tehdään. Markdown sallittu.")
    actor: Line | None = Field(default=None, alias="toimija", description="Kuka tekee, jos lähde kertoo.")
    when: Line | None = Field(default=None, alias="ajankohta", description="Milloin, esim. 'elokuu 2020'.")
    substeps: tuple[Prose, ...] = Field(
        default=(), alias="alakohdat", description="Tarkentavat alakohdat. Markdown sallittu."
    )
    themes: tuple[Id, ...] = Field(default=(), alias="teemat", description="Teemat, joihin askel liittyy.")


class WayForward(Entity):
    """roadmap/eteenpain.yaml: the steps taken on the roadmap, in order."""

    title: Line = Field(alias="otsikko", description="Otsikko.", examples=["Eteenpäin Tiekartalla"])
    steps: tuple[WayForwardStep, ...] = Field(
        alias="askeleet", min_length=1, description="Askeleet järjestyksessä."
    )


# --- Themes and governance ---------------------------------------------------------------------


class Theme(Entity):
    """roadmap/karkiteemat/*.yaml and roadmap/lapikulkevat-teemat/*.yaml: one theme per file."""

    _kind: str = PrivateAttr(default="")
    name: Line = Field(alias="nimi", description="Teeman nimi lähteen mukaan.", examples=["Ennaltaehkäisy"])
    qualifier: Line | None = Field(
        default=None, alias="tarkenne", description="Nimen tarkenne (lähteessä suluissa)."
    )
    order: Order = Field(alias="järjestys", description="Järjestysnumero lähteen mukaan (1, 2, 3 …).")
    focus: StrictBool = Field(
        default=False,
        alias="painopiste",
        description="true, jos lähde korostaa teemaa (tiedon tuottaminen päätettiin aloittaa siitä).",
    )
    description: Prose | None = Field(default=None, alias="kuvaus", description="Kuvaus. Markdown sallittu.")

    @property
    def kind(self) -> str:
        """'karkiteema' or 'lapikulkeva' (from the folder)."""
        return self._kind

    @property
    def is_spearhead(self) -> bool:
        return self._kind == "karkiteema"

    @property
    def full_name(self) -> str:
        return f"{self.name} ({self.qualifier})" if self.qualifier else self.name


class Relation(Record):
    model_config = ConfigDict(title="Suhde")

    target: Id = Field(alias="kohde", description="Toimielin, johon suhde kohdistuu.")
    description: Line = Field(alias="kuvaus", description="Millainen suhde on, verbillä alkaen.")


class GovernanceBody(Entity):
    """roadmap/toimielimet/*.yaml: a body that plans, steers or gathers the development work."""

    name: Line = Field(alias="nimi", description="Toimielimen nimi.")
    order: Order = Field(alias="järjestys", description="Järjestys sivulla ja kaaviossa.")
    composition: Line | None = Field(default=None, alias="kokoonpano", description="Esim. 'edustuksellinen'.")
    audience: Line | None = Field(default=None, alias="kenelle", description="Kenelle suunnattu.")
    meets: Line | None = Field(default=None, alias="kokoontuu", description="Kuinka usein kokoontuu.")
    duties: tuple[Line, ...] = Field(alias="tehtävät", min_length=1, description="Mitä toimielin tekee.")
    assigns_to: tuple[Line, ...] = Field(
        default=(), alias="tehtävien_saajat", description="Keille toimielin antaa tehtäviä."
    )
    relations: tuple[Relation, ...] = Field(
        default=(), alias="suhteet", description="Suhteet muihin toimielimiin."
    )
    source_text: Prose = Field(alias="lähteen_teksti", description="Lähteen kuvaus sellaisenaan.")


# --- Events ------------------------------------------------------------------------------------


class When(Record):
    model_config = ConfigDict(title="Ajankohta")

    day: Annotated[StrictInt, Field(ge=1, le=31)] = Field(alias="päivä", description="Päivä (1–31).")
    month: Annotated[StrictInt, Field(ge=1, le=12)] = Field(alias="kuukausi", description="Kuukausi (1–12).")
    year: Annotated[StrictInt, Field(ge=1900, le=2200)] | None = Field(
        default=None, alias="vuosi", description="Vuosi. Jätä pois, jos lähde ei kerro vuotta."
    )
    inferred_year: Annotated[StrictInt, Field(ge=1900, le=2200)] | None = Field(
        default=None,
        alias="päätelty_vuosi",
        description="Vain jos vuosi puuttuu: toimituksen päättelemä vuosi. Näytetään päätelmänä.",
    )
    inference_reason: Prose | None = Field(
        default=None, alias="päättelyn_peruste", description="Mihin päätelty vuosi perustuu (pakollinen päätellylle vuodelle)."
    )
    starts: ClockTime | None = Field(default=None, alias="alkaa", description="Alkamisaika lainausmerkeissä, esim. \"12.00\".")
    ends: ClockTime | None = Field(default=None, alias="päättyy", description="Päättymisaika lainausmerkeissä, esim. \"15.30\".")

    @property
    def full_date(self) -> date | None:
        """The date when the source gives the year; None when the year is open or inferred."""
        return date(self.year, self.month, self.day) if self.year else None

    @property
    def sort_key(self) -> tuple[int, int, int]:
        return (self.year or self.inferred_year or 9999, self.month, self.day)


class Event(Entity):
    """roadmap/tapahtumat/*.yaml: a seminar, training or other dated happening."""

    name: Line = Field(alias="nimi", description="Tapahtuman nimi.")
    when: When = Field(alias="ajankohta", description="Milloin tapahtuma on.")
    place: Line | None = Field(default=None, alias="paikka", description="Paikka.")
    organiser: Id | None = Field(default=None, alias="järjestäjä", description="Järjestävä toimielin.")
    project: Id | None = Field(default=None, alias="hanke", description="Hanke, johon tapahtuma liittyy.")
    themes: tuple[Id, ...] = Field(default=(), alias="teemat", description="Toimituksen arvio: teemat, joihin tapahtuma liittyy.")
    outputs: tuple[Id, ...] = Field(default=(), alias="tuotokset", description="Toimituksen arvio: tuotokset, joihin tapahtuma liittyy.")
    description: Prose | None = Field(default=None, alias="kuvaus", description="Kuvaus. Markdown sallittu.")


# --- The archive: projects, dimensions, outputs, reflections -----------------------------------


class Presentation(Record):
    model_config = ConfigDict(title="Esittely")

    title: Line = Field(alias="otsikko", description="Esityksen otsikko.")
    presenter: Line = Field(alias="esittäjä", description="Esittäjä.")
    event: Id = Field(alias="tapahtuma", description="Tapahtuma, jossa esitys pidettiin.")


class ItemList(Record):
    model_config = ConfigDict(title="Lista")

    title: Line = Field(alias="otsikko", description="Otsikko.")
    items: tuple[Prose, ...] = Field(alias="kohdat", min_length=1, description="Kohdat järjestyksessä.")


class Project(Entity):
    """roadmap/hankkeet/*.yaml: an earlier development project whose outputs are archived."""

    name: Line = Field(alias="nimi", description="Hankkeen nimi.")
    region: Line = Field(alias="alue", description="Alue.")
    starts: IsoDate = Field(alias="alkaa", description="Alkamispäivä \"VVVV-KK-PP\".")
    ends: IsoDate = Field(alias="päättyy", description="Päättymispäivä \"VVVV-KK-PP\".")
    presentation: Presentation | None = Field(default=None, alias="esittely", description="Esitys, josta tiedot ovat.")
    significance: ItemList | None = Field(
        default=None, alias="merkitys", description="Mikä merkitys hankkeella oli."
    )
    source_document: Line = Field(alias="lähde", description="Lähdeasiakirja.")


class Dimension(Entity):
    """roadmap/ulottuvuudet/*.yaml: a development dimension of a project (a column of its table)."""

    name: Line = Field(alias="nimi", description="Kehittämisulottuvuuden nimi.")
    project: Id = Field(alias="hanke", description="Hanke.")
    order: Order = Field(alias="järjestys", description="Sarakkeen järjestys.")


class ThemeLink(Record):
    model_config = ConfigDict(title="Teemayhteys")

    theme: Id = Field(alias="teema", description="Nykyinen teema (teeman tiedoston nimi).")
    reason: Line = Field(alias="perustelu", description="Miksi tuotos liittyy teemaan (toimituksen arvio).")


# Languages a material may be in: ISO 639 code -> Finnish name shown on the page.
MATERIAL_LANGUAGES = {
    "fi": "suomi",
    "sv": "ruotsi",
    "en": "englanti",
    "se": "pohjoissaame",
    "smn": "inarinsaame",
    "sms": "koltansaame",
    "ru": "venäjä",
    "et": "viro",
    "de": "saksa",
}
# Kinds of output, after how Innokylä classifies practice models; Finnish words as editors write them.
OUTPUT_TYPES = (
    "työmalli", "toimintamalli", "yhteistyökäytäntö", "koulutus", "kysely", "selvitys", "kartoitus",
    "verkkopalvelu", "opas", "muu",
)
OUTPUT_STATUSES = ("kehitteillä", "käytössä", "päättynyt")
Year = Annotated[StrictInt, Field(ge=1900, le=2200)]


def _material_path(value: str) -> str:
    parts = value.split("/")
    if value.startswith("/") or "\\" in value or any(part in ("", ".", "..") for part in parts):
        raise PydanticCustomError(
            "material_path",
            "Tiedoston polku kirjoitetaan kansiosta roadmap/aineistot/ alkaen kauttaviivoin, esim. "
            "'perhetyo/tyomalli.pdf' (ei alkukauttaviivaa, ei '..'-osia).",
        )
    return value


def _https_url(value: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.hostname or " " in value:
        raise PydanticCustomError(
            "https_url",
            "Linkin osoitteen pitää alkaa https:// (salattu yhteys), esim. "
            "'https://www.innokyla.fi/'. Osoitetta, joka alkaa http:// tai jotain muuta, ei julkaista.",
        )
    return value


# The pattern goes to the JSON Schemas too, where it is an ECMA-262 regex: no \" there (an error
# in unicode mode, and Ajv then refuses the whole schema).
MaterialPath = Annotated[
    str,
    StringConstraints(strict=True, strip_whitespace=True, min_length=1, max_length=300,
                      pattern=r'^[^<>:"|?*\x00-\x1f]+$'),
    AfterValidator(_material_path),
]
HttpsUrl = Annotated[
    str,
    StringConstraints(strict=True, strip_whitespace=True, min_length=1, max_length=2000),
    AfterValidator(_https_url),
]


class Material(Record):
    """A file kept in the repository (roadmap/aineistot/) and published with its output."""

    # The schemas (the editors' and the published open data's) describe it in Finnish.
    model_config = ConfigDict(title="Aineisto", json_schema_extra={
        "description": "Tuotoksen tiedosto kansiossa roadmap/aineistot/; se julkaistaan tuotoksen sivulla."
    })

    file: MaterialPath = Field(
        alias="tiedosto",
        description="Tiedoston polku kansiossa roadmap/aineistot/, esim. 'perhetyo/tyomalli.pdf'. "
        "Sallitut tiedostot: PDF, ODT, DOCX, ODP, PPTX, ODS, XLSX ja tekstitiedosto (.txt).",
    )
    title: Line = Field(alias="otsikko", description="Aineiston otsikko sellaisena kuin se näytetään.")
    language: Literal[tuple(MATERIAL_LANGUAGES)] = Field(  # type: ignore[valid-type]
        alias="kieli", description="Aineiston kieli: fi (suomi), sv (ruotsi), en (englanti) …"
    )
    year: Year | None = Field(default=None, alias="vuosi", description="Vuosi, jolta aineisto on.")
    accessible: StrictBool = Field(
        alias="saavutettava",
        description="true, jos aineisto on saavutettava (otsikot, lukujärjestys, kuvien tekstivastineet); "
        "muuten false ja syy kenttään saavutettavuuden_puute. Ei-saavutettavat aineistot luetellaan "
        "saavutettavuusselosteessa.",
    )
    accessibility_gap: Line | None = Field(
        default=None,
        alias="saavutettavuuden_puute",
        description="Vain kun saavutettava on false: mikä aineistossa ei ole saavutettavaa, "
        "esim. 'skannattu kuva, ei tekstiä'.",
    )


class ExternalLink(Record):
    model_config = ConfigDict(title="Linkki")

    url: HttpsUrl = Field(alias="osoite", description="Verkko-osoite, alkaa https://.")
    title: Line = Field(alias="otsikko", description="Linkin otsikko, esim. 'Työmallin kuvaus Innokylässä'.")


class Output(Entity):
    """roadmap/tuotokset/*.yaml: a work model or other output of a project."""

    name: Line = Field(alias="nimi", description="Tuotoksen nimi.")
    name_in_source: Line | None = Field(
        default=None, alias="nimi_lähteessä", description="Nimi täsmälleen lähteen kirjoitusasussa, jos se poikkeaa."
    )
    project: Id = Field(alias="hanke", description="Hanke, jonka tuotos on.")
    dimension: Id = Field(alias="ulottuvuus", description="Kehittämisulottuvuus.")
    order: Order = Field(alias="järjestys", description="Järjestys ulottuvuuden sisällä.")
    municipality: Id | None = Field(
        default=None, alias="kunta", description="Kunta tai organisaatio (tunniste tiedostosta kunnat.yaml)."
    )
    description: Prose | None = Field(default=None, alias="kuvaus", description="Kuvaus. Markdown sallittu.")
    details: Prose | None = Field(default=None, alias="lisätiedot", description="Lisätiedot. Markdown sallittu.")
    theme_links: tuple[ThemeLink, ...] = Field(
        default=(),
        alias="teemayhteydet",
        description="Toimituksen arvio siitä, mihin nykyisiin teemoihin tuotos liittyy, perusteluineen.",
    )
    # The structured description, after how Innokylä describes a practice model. All optional.
    output_type: Literal[OUTPUT_TYPES] | None = Field(  # type: ignore[valid-type]
        default=None,
        alias="tyyppi",
        description="Millainen tuotos on. Kirjoita vain, jos lähde sanoo sen (esim. nimessä 'työmalli'); "
        "muuten jätä pois tai merkitse tyyppi_toimituksen: true.",
    )
    type_is_editorial: StrictBool = Field(
        default=False,
        alias="tyyppi_toimituksen",
        description="true, jos tyyppi on toimituksen arvio eikä lähteen sana. Sivulla se näkyy toimituksen arviona.",
    )
    goal: Prose | None = Field(default=None, alias="tavoite", description="Mihin tuotoksella pyritään.")
    target_group: Prose | None = Field(default=None, alias="kohderyhmä", description="Kenelle tuotos on tarkoitettu.")
    how: Prose | None = Field(default=None, alias="toteutus", description="Miten työ tehdään. Markdown sallittu.")
    results: Prose | None = Field(
        default=None, alias="tulokset", description="Tulokset tai arviointi. Markdown sallittu."
    )
    responsible: Id | None = Field(
        default=None,
        alias="vastuutaho",
        description="Vastuussa oleva kunta tai organisaatio (tunniste tiedostosta kunnat.yaml), ei yksittäinen henkilö.",
    )
    status: Literal[OUTPUT_STATUSES] | None = Field(  # type: ignore[valid-type]
        default=None, alias="tila", description="kehitteillä, käytössä tai päättynyt."
    )
    first_year: Year | None = Field(default=None, alias="alkuvuosi", description="Vuosi, jona työ alkoi.")
    last_year: Year | None = Field(
        default=None, alias="loppuvuosi", description="Vuosi, jona työ päättyi (jätä pois, jos se jatkuu)."
    )
    materials: tuple[Material, ...] = Field(
        default=(),
        alias="aineistot",
        description="Tuotoksen tiedostot (kansiossa roadmap/aineistot/): otsikko, kieli, vuosi ja saavutettavuus.",
    )
    links: tuple[ExternalLink, ...] = Field(
        default=(), alias="linkit", description="Linkit muualle verkkoon (vain https://), otsikkoineen."
    )


class Reflection(Entity):
    """roadmap/pohdinnat/*.yaml: a list of reflections from a project's presentation."""

    title: Line = Field(alias="otsikko", description="Otsikko lähteen mukaan.")
    qualifier: Line | None = Field(default=None, alias="tarkenne", description="Tarkenne, esim. tilaisuus ja päivä.")
    project: Id = Field(alias="hanke", description="Hanke.")
    order: Order = Field(alias="järjestys", description="Järjestys hankkeen sivulla.")
    event: Id | None = Field(default=None, alias="tapahtuma", description="Tapahtuma, johon lähde liittää listan.")
    items: tuple[Prose, ...] = Field(alias="kohdat", min_length=1, description="Kohdat. Markdown sallittu.")


class Municipality(Record):
    model_config = ConfigDict(title="Kunta tai organisaatio")

    id: Id = Field(alias="tunniste", description="Tunniste, johon tuotoksen kunta-kenttä viittaa.")
    name: Line = Field(alias="nimi", description="Nimi.")
    kind: Literal["kunta", "organisaatio"] = Field(
        alias="laji",
        description="'kunta' tai 'organisaatio'. Jako on toimituksen luokitus: lähde nimeää kunnat ja "
        "organisaatiot, mutta ei luokittele niitä.",
    )


class MunicipalityList(Entity):
    """roadmap/kunnat.yaml: municipalities and organisations that outputs refer to."""

    municipalities: tuple[Municipality, ...] = Field(alias="kunnat", min_length=1, description="Kunnat ja organisaatiot.")
