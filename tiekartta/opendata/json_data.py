"""The whole model as one JSON document, its JSON Schema, and the way back to a Roadmap.

Keys are the Finnish field names of the YAML files (the same ones the content schemas in
roadmap/schema/ describe), so the data reads the same for editors and reusers. Every record adds
its id (`tunniste`), the YAML file it comes from (`lähdetiedosto`) and its address on the site
(`osoite`). References between records are ids, found in the lists of the same document.

The document's shape is defined once, by the pydantic models below: they produce both the JSON
and its published schema, and read the JSON back.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..model import Roadmap
from ..model.entities import (
    Dimension,
    Entity,
    Event,
    GovernanceBody,
    Id,
    Municipality,
    Output,
    Project,
    Record,
    Reflection,
    RoadmapInfo,
    Theme,
    WayForward,
)
from ..pages import routes
from .common import (
    LICENCE_ID,
    LICENCE_NAME,
    LICENCE_URL,
    PUBLISHER,
    absolute,
    attribution,
    municipality_source,
)

FORMAT_VERSION = 1
SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


# --- What each record gains in the open data ----------------------------------------------------


_SOURCE_FILE = Field(alias="lähdetiedosto", description="YAML-tiedosto, josta tieto on (versionhallinnassa).")
_URL = Field(alias="osoite", description="Tiedon sivu sivustolla.")


class _Identified(Record):
    entity_id: Id = Field(alias="tunniste", description="Tunniste: tiedoston nimi ilman .yaml-päätettä. "
                          "Muut tiedot viittaavat tähän.")
    source_file: str = _SOURCE_FILE
    url: str = _URL


class _Located(Record):
    source_file: str = _SOURCE_FILE
    url: str = _URL


_ENTITY_META = ("tunniste", "lähdetiedosto", "osoite")


def _out(model: type[Entity], title: str, description: str, *extra_bases: type[BaseModel]) -> type[BaseModel]:
    """The open data form of an entity: its own fields plus id, source file and address first."""
    return type(
        f"{model.__name__}Data",
        (model, *extra_bases, _Identified),
        {"model_config": ConfigDict(title=title, json_schema_extra={"description": description})},
    )


class _ThemeKind(Record):
    theme_kind: Literal["karkiteema", "lapikulkeva"] = Field(
        alias="teemalaji", description="'karkiteema' (kärkiteema) tai 'lapikulkeva' (läpi kulkeva teema)."
    )


class _EventDate(Record):
    full_date: date | None = Field(
        alias="päivämäärä",
        description="Koko päivämäärä (VVVV-KK-PP), kun lähde kertoo vuoden; muuten null. Johdettu ajankohdasta.",
    )


RoadmapInfoData = _out(RoadmapInfo, "Tiekartta", "Tiekartan perustiedot ja visio (roadmap/tiekartta.yaml).")
WayForwardData = _out(WayForward, "Eteenpäin", "Askeleet tiekartalla järjestyksessä (roadmap/eteenpain.yaml).")
ThemeData = _out(Theme, "Teema", "Kärkiteema tai läpi kulkeva teema.", _ThemeKind)
GovernanceBodyData = _out(GovernanceBody, "Toimielin", "Kehittämistä suunnitteleva, ohjaava tai kokoava toimielin.")
EventData = _out(Event, "Tapahtuma", "Seminaari, koulutus tai muu tapahtuma.", _EventDate)
ProjectData = _out(Project, "Hanke", "Aiempi kehittämishanke, jonka tuotokset on arkistoitu.")
DimensionData = _out(Dimension, "Kehittämisulottuvuus", "Hankkeen kehittämisulottuvuus.")
OutputData = _out(Output, "Tuotos", "Hankkeen työmalli tai muu tuotos.")
ReflectionData = _out(Reflection, "Pohdinta", "Hankkeen esityksen pohdintalista.")


class MunicipalityData(Municipality, _Located):
    model_config = ConfigDict(title="Kunta tai organisaatio", json_schema_extra={
        "description": "Kunta tai organisaatio, johon tuotos liittyy (roadmap/kunnat.yaml)."
    })


class Licence(Record):
    model_config = ConfigDict(title="Lisenssi")
    spdx: Literal["CC-BY-4.0"] = Field(alias="tunniste", description="Lisenssin SPDX-tunniste.")
    name: str = Field(alias="nimi", description="Lisenssin nimi.")
    url: str = Field(alias="osoite", description="Lisenssin teksti.")
    attribution: str = Field(alias="viittausohje", description="Näin mainitset lähteen, kun käytät tietoja.")


class OpenDataDocument(Record):
    """The root of data/tiekartta.json."""

    model_config = ConfigDict(title="Sosiaalityön tiekartta – avoin data", json_schema_extra={
        "description": "Sosiaalityön tiekartan koko sisältö yhtenä JSON-tiedostona. Viittaukset ovat "
        "tunnisteita, jotka löytyvät saman tiedoston listoista. Lisenssi CC BY 4.0."
    })

    schema_url: str = Field(alias="$schema", title="JSON Schema", description="Tämän tiedoston JSON Schema.")
    name: str = Field(alias="nimi", description="Aineiston nimi.")
    publisher: str = Field(alias="julkaisija", description="Julkaisija.")
    licence: Licence = Field(alias="lisenssi", description="Aineiston lisenssi: CC BY 4.0.")
    site: str = Field(alias="sivusto", description="Sivusto, jolla aineisto julkaistaan.")
    repository: str = Field(alias="lähdekoodi", description="Versionhallinta, jossa sisällön YAML-tiedostot ovat.")
    updated: datetime | None = Field(
        alias="päivitetty", description="Milloin sisältöä viimeksi muutettiin (versionhallinnasta); null, jos ei tiedossa."
    )
    format_version: Literal[1] = Field(
        alias="tietomallin_versio", description="Tiedoston rakenteen versio. Kasvaa, jos rakenne muuttuu yhteensopimattomasti."
    )
    info: RoadmapInfoData = Field(alias="tiekartta", description="Tiekartan perustiedot ja visio.")
    way_forward: WayForwardData = Field(alias="eteenpäin", description="Eteenpäin Tiekartalla: askeleet.")
    themes: list[ThemeData] = Field(alias="teemat", description="Kärkiteemat järjestyksessä, sitten läpi kulkevat teemat.")
    bodies: list[GovernanceBodyData] = Field(alias="toimielimet", description="Kehittämisen rakenteen toimielimet.")
    events: list[EventData] = Field(alias="tapahtumat", description="Tapahtumat aikajärjestyksessä.")
    projects: list[ProjectData] = Field(alias="hankkeet", description="Aiemmat kehittämishankkeet.")
    dimensions: list[DimensionData] = Field(alias="ulottuvuudet", description="Hankkeiden kehittämisulottuvuudet.")
    outputs: list[OutputData] = Field(alias="tuotokset", description="Hankkeiden tuotokset.")
    reflections: list[ReflectionData] = Field(alias="pohdinnat", description="Pohdintalistat.")
    municipalities: list[MunicipalityData] = Field(alias="kunnat", description="Kunnat ja organisaatiot.")


# --- Model -> JSON ------------------------------------------------------------------------------


def _fields(record: Record) -> dict:
    return record.model_dump(mode="json", by_alias=True)


def _entity(entity: Entity, site_url: str, src_uri: str, **extra) -> dict:
    return {"tunniste": entity.id, "lähdetiedosto": entity.source, "osoite": absolute(site_url, src_uri),
            **extra, **_fields(entity)}


def document(roadmap: Roadmap, site_url: str, repo_url: str, updated: datetime | None) -> OpenDataDocument:
    """The open data document for the roadmap (validated against its own definition)."""
    kunnat = municipality_source(roadmap)
    data = {
        "$schema": absolute(site_url, routes.DATA_SCHEMA),
        "nimi": f"{PUBLISHER} – avoin data",
        "julkaisija": PUBLISHER,
        "lisenssi": {"tunniste": LICENCE_ID, "nimi": LICENCE_NAME, "osoite": LICENCE_URL,
                     "viittausohje": attribution(site_url)},
        "sivusto": site_url,
        "lähdekoodi": repo_url,
        "päivitetty": updated.isoformat() if updated else None,
        "tietomallin_versio": FORMAT_VERSION,
        "tiekartta": _entity(roadmap.info, site_url, routes.ROADMAP),
        "eteenpäin": _entity(roadmap.way_forward, site_url, f"{routes.ROADMAP}#eteenpain"),
        "teemat": [_entity(t, site_url, routes.theme(t), teemalaji=t.kind) for t in roadmap.themes],
        "toimielimet": [_entity(b, site_url, routes.body(b)) for b in roadmap.bodies],
        "tapahtumat": [
            _entity(e, site_url, routes.event(e),
                    päivämäärä=e.when.full_date.isoformat() if e.when.full_date else None)
            for e in roadmap.events
        ],
        "hankkeet": [_entity(p, site_url, routes.project(p)) for p in roadmap.projects],
        "ulottuvuudet": [_entity(d, site_url, routes.dimension(d)) for d in roadmap.dimensions],
        "tuotokset": [_entity(o, site_url, routes.output(o)) for o in roadmap.outputs],
        "pohdinnat": [
            _entity(r, site_url, f"{routes.project(r.project)}#{r.id}") for r in roadmap.reflections
        ],
        "kunnat": [
            {"lähdetiedosto": kunnat, "osoite": absolute(site_url, routes.municipality(m)), **_fields(m)}
            for m in roadmap.municipalities
        ],
    }
    return OpenDataDocument.model_validate(data)


def roadmap_json(roadmap: Roadmap, site_url: str, repo_url: str, updated: datetime | None) -> str:
    return document(roadmap, site_url, repo_url, updated).model_dump_json(by_alias=True, indent=2) + "\n"


@cache  # the same for every build of a site; pydantic takes a while to make it
def json_schema(site_url: str) -> str:
    schema = OpenDataDocument.model_json_schema(by_alias=True, mode="serialization")
    schema = {"$schema": SCHEMA_DIALECT, "$id": absolute(site_url, routes.DATA_SCHEMA), **schema}
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


# --- JSON -> model ------------------------------------------------------------------------------


def _entity_back(model: type[Entity], item: dict, *derived: str) -> Entity:
    fields = {key: value for key, value in item.items() if key not in _ENTITY_META and key not in derived}
    return model.model_validate(fields).bind(item["tunniste"], item["lähdetiedosto"])


def roadmap_from_json(text: str | bytes) -> Roadmap:
    """Read data/tiekartta.json back into the same Roadmap that the YAML files make."""
    raw = json.loads(text)
    OpenDataDocument.model_validate(raw)  # the shape first, with the same errors as the schema gives
    themes = []
    for item in raw["teemat"]:
        theme = _entity_back(Theme, item, "teemalaji")
        theme._kind = item["teemalaji"]
        themes.append(theme)
    municipalities = [
        Municipality.model_validate({k: v for k, v in item.items() if k not in ("lähdetiedosto", "osoite")})
        for item in raw["kunnat"]
    ]
    info = _entity_back(RoadmapInfo, raw["tiekartta"])
    way_forward = _entity_back(WayForward, raw["eteenpäin"])
    records = {
        "bodies": [_entity_back(GovernanceBody, item) for item in raw["toimielimet"]],
        "events": [_entity_back(Event, item, "päivämäärä") for item in raw["tapahtumat"]],
        "projects": [_entity_back(Project, item) for item in raw["hankkeet"]],
        "dimensions": [_entity_back(Dimension, item) for item in raw["ulottuvuudet"]],
        "outputs": [_entity_back(Output, item) for item in raw["tuotokset"]],
        "reflections": [_entity_back(Reflection, item) for item in raw["pohdinnat"]],
    }
    sources = {info.source, way_forward.source, *(t.source for t in themes)}
    sources |= {item["lähdetiedosto"] for item in raw["kunnat"]}
    sources |= {entity.source for entities in records.values() for entity in entities}
    return Roadmap(
        info=info,
        way_forward=way_forward,
        themes=tuple(themes),
        municipalities=tuple(municipalities),
        sources=tuple(sorted(sources)),
        **{name: tuple(entities) for name, entities in records.items()},
    )
