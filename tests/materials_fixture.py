"""The fixture roadmap of the outputs' materials (tests/fixtures/aineistot/): the real content
with the fixture's outputs added and their documents written by the test, one of each type."""

from __future__ import annotations

import shutil
from pathlib import Path

from material_files import write_document

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "aineistot"
OUTPUT_ID = "aineistokoe-perhetyo"
# Words that are nowhere else on the site, each only in one document, and the inflected form a
# reader types: the first matches the document's own text by its stem, the second only by the
# forms the search adds (Snowball stems sopimuksen as sopimuks-, sopimus as sopimus-).
DOCUMENT_WORD = "mummolassa"
DOCUMENT_QUERY = "mummolaan"
FORMS_WORD = "sopimuksen"
FORMS_QUERY = "sopimus"
# The text of each document: a line of its own in each, so that a test can tell them apart.
DOCUMENTS = {
    "koe/malli.pdf": ("pdf", ["Perhetyön malli", f"Lapsi viettää viikonlopun {DOCUMENT_WORD} isovanhempien luona."]),
    "koe/malli.odt": ("odt", ["Perhetyön malli", f"Perheen kanssa laaditaan {FORMS_WORD} luonnos ja kotikäyntien vuorokalenteri."]),
    "koe/seuranta.ods": ("ods", ["Seurantataulukko", "Kotikäyntejä kertyi neljäkymmentä."]),
    "koe/esitys.odp": ("odp", ["Esitys seminaarissa", "Verkostopalaverin kulku diana."]),
    "koe/ohje.docx": ("docx", ["Työntekijän ohje", "Sovi ensitapaamisesta puhelimitse."]),
    "koe/kysely.xlsx": ("xlsx", ["Kyselyn tulokset", "Vastaajia oli kaksikymmentä."]),
    "koe/koulutus.pptx": ("pptx", ["Utbildning", "Familjearbete i hemmet."]),
    "koe/muistio.txt": ("txt", ["Muistio", "Palaverissa sovittiin työnjaosta."]),
}


def add_fixture(content: Path) -> Path:
    """Add the fixture's outputs and documents to `content` (a copy of roadmap/)."""
    for path in (FIXTURE / "tuotokset").glob("*.yaml"):
        shutil.copy2(path, content / "tuotokset" / path.name)
    for name, (kind, lines) in DOCUMENTS.items():
        write_document(content / "aineistot" / name, kind, lines)
    return content
