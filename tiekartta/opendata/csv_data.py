"""The outputs (tuotokset) as CSV for a Finnish spreadsheet.

Excel in Finnish uses the comma as the decimal separator and therefore expects ';' between
fields, and it reads a CSV file as UTF-8 only when the file starts with a byte order mark.
So: UTF-8 with BOM, ';' as separator, CRLF line ends, every field quoted when needed (the csv
module). One row per output, column names in Finnish.
"""

from __future__ import annotations

import csv
import io

from ..model import Roadmap
from ..pages import routes
from .common import absolute

ENCODING = "utf-8-sig"
DELIMITER = ";"
LIST_SEPARATOR = " | "  # between several themes in one cell

# (column name, what it holds): the header row, and the column list on the open data page.
COLUMN_DESCRIPTIONS = (
    ("Tunniste", "tuotoksen tunniste (tiedoston nimi)"),
    ("Nimi", "tuotoksen nimi"),
    ("Nimi lähteessä", "nimi lähteen kirjoitusasussa, jos se poikkeaa"),
    ("Hanke", "hanke, jonka tuotos on"),
    ("Hankkeen tunniste", "hankkeen tunniste"),
    ("Kehittämisulottuvuus", "hankkeen kehittämisulottuvuus"),
    ("Ulottuvuuden tunniste", "ulottuvuuden tunniste"),
    ("Järjestys ulottuvuudessa", "järjestysnumero ulottuvuuden sisällä"),
    ("Kunta tai organisaatio", "kunta tai organisaatio, jos tuotos liittyy sellaiseen"),
    ("Kunnan tunniste", "kunnan tai organisaation tunniste"),
    ("Teemat (toimituksen arvio)", "tiekartan teemat, joihin tuotos toimituksen arvion mukaan liittyy"),
    ("Teemojen tunnisteet (toimituksen arvio)", "teemojen tunnisteet samassa järjestyksessä"),
    ("Teemayhteyksien perustelut (toimituksen arvio)", "toimituksen perustelu kullekin teemalle samassa järjestyksessä"),
    ("Kuvaus", "kuvaus (Markdown)"),
    ("Lisätiedot", "lisätiedot (Markdown)"),
    ("Sivu", "tuotoksen sivu sivustolla"),
    ("Lähdetiedosto", "YAML-tiedosto, josta tiedot ovat"),
    # Added after the first columns, so that a reader who picks columns by position still gets them.
    ("Tyyppi", "tuotoksen tyyppi (työmalli, koulutus …), jos se tiedetään"),
    ("Tyyppi toimituksen arviona", "kyllä, jos tyyppi on toimituksen arvio eikä lähteen sana; ei, jos se on lähteestä"),
    ("Tila", "kehitteillä, käytössä tai päättynyt"),
    ("Alkuvuosi", "vuosi, jona työ alkoi"),
    ("Loppuvuosi", "vuosi, jona työ päättyi"),
    ("Vastuutaho", "kunta tai organisaatio, joka vastaa tuotoksesta"),
    ("Vastuutahon tunniste", "vastuutahon tunniste"),
    ("Tavoite", "mihin tuotoksella pyritään"),
    ("Kohderyhmä", "kenelle tuotos on tarkoitettu"),
    ("Toteutus", "miten työ tehdään (Markdown)"),
    ("Tulokset", "tulokset tai arviointi (Markdown)"),
)
COLUMNS = tuple(name for name, _ in COLUMN_DESCRIPTIONS)

# A spreadsheet runs a cell that starts with one of these as a formula. Data is never code, so
# such a cell gets a leading apostrophe, which spreadsheets show as text (OWASP CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def output_rows(roadmap: Roadmap, site_url: str) -> list[list[str]]:
    rows = []
    for output in roadmap.outputs:
        project = roadmap.project_by_id[output.project]
        dimension = roadmap.dimension_by_id[output.dimension]
        municipality = roadmap.municipality_of(output)
        responsible = roadmap.municipality_by_id[output.responsible] if output.responsible else None
        themes = roadmap.themes_of_output(output)
        row = [
            output.id,
            output.name,
            output.name_in_source,
            project.name,
            project.id,
            dimension.name,
            dimension.id,
            output.order,
            municipality.name if municipality else "",
            municipality.id if municipality else "",
            LIST_SEPARATOR.join(t.name for t in themes),
            LIST_SEPARATOR.join(t.id for t in themes),
            LIST_SEPARATOR.join(link.reason for link in output.theme_links),
            output.description,
            output.details,
            absolute(site_url, routes.output(output)),
            output.source,
            output.output_type,
            ("kyllä" if output.type_is_editorial else "ei") if output.output_type else "",
            output.status,
            output.first_year,
            output.last_year,
            responsible.name if responsible else "",
            responsible.id if responsible else "",
            output.goal,
            output.target_group,
            output.how,
            output.results,
        ]
        rows.append([_cell(value) for value in row])
    return rows


def outputs_csv(roadmap: Roadmap, site_url: str) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=DELIMITER, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(output_rows(roadmap, site_url))
    return buffer.getvalue().encode(ENCODING)
