"""tiekartta.boundary without MkDocs: which template code a hand-written page may hold, its front
matter, links and file names in the folders the site is built from, and the theme's ids.
The same inputs through the real build are in test_hostile.py's attack table."""

from __future__ import annotations

import ast
import os

import pytest
from jinja2 import Environment
from PIL import Image, PngImagePlugin

from conftest import REPO
from material_files import located_picture
from tiekartta.boundary import (
    PROJECT_MACROS, UnsafePage, check_macro_page, handwritten_page_problems, project_file_problems, theme_id_problems,
)
from tiekartta.boundary.handwritten import template_code_problems

ALLOWED = [
    "Teksti ilman mallikoodia.",
    '{{ teemakortti("omatyontekijaisyys") }}',
    "{{teemakortti('ennaltaehkaisy')}} ja {{ sisallon_maarat() }}",
    "{{- tuotokset_kunnittain() -}}",
    "Rivi 1\n\n{{ teemakortti(\"a\") }}\n{{ sisallon_maarat() }}",
]
REFUSED = [
    ("{{ config }}", 1),
    ("a\nb\n{{ cycler.__init__.__globals__.os }}", 3),
    ("{{ lipsum.__globals__['os'] }}", 1),
    ("{% raw %}x{% endraw %}", 1),
    ("{% if true %}x{% endif %}", 1),
    ("{# kommentti #}", 1),
    ("{{ teemakortti }}", 1),
    ("{{ teemakortti(x) }}", 1),
    ("{{ teemakortti('a', ) }}", 1),
    ("{{ teemakortti('a' 'b') }}", 1),
    ("{{ teemakortti('a') | safe }}", 1),
    ("{{ teemakortti('a').upper() }}", 1),
    ("{{ teemakortti('a')['x'] }}", 1),
    ("{{ sisallon_maarat()() }}", 1),
    ("{{ context() }}", 1),
    ("{{ (teemakortti)('a') }}", 1),
    ("{{ teemakortti('a'", 1),
    ("{{ 7*7 }}", 1),
    # As many texts as the macro takes (a wrong call would stop the build with a traceback).
    ("{{ teemakortti() }}", 1),
    ("{{ teemakortti(1) }}", 1),
    ("{{ teemakortti('a', 'b') }}", 1),
    ("{{ sisallon_maarat('x', 'y') }}", 1),
]


@pytest.mark.parametrize("text", ALLOWED)
def test_calls_of_the_projects_macros_with_literals_are_allowed(text):
    assert template_code_problems(text, Environment(), "docs/x.md") == []


@pytest.mark.parametrize("text,line", REFUSED, ids=[t for t, _ in REFUSED])
def test_any_other_template_code_is_refused_with_its_line(text, line):
    problems = template_code_problems(text, Environment(), "docs/x.md", first_line=5)
    assert [(p.file, p.line, p.kind) for p in problems][:1] == [("docs/x.md", 4 + line, "unsafe-template")]
    assert "mallikoodia" in problems[0].message


def test_the_check_before_rendering_counts_lines_from_the_file_and_checks_the_title():
    source = "---\nrender_macros: true\ntitle: '{{ config }}'\n---\n# Sivu\n\n{{ config }}\n"
    body = source.split("---\n", 2)[2]
    with pytest.raises(UnsafePage) as error:
        check_macro_page("docs/x.md", source, body, "{{ config }}", Environment())
    assert [(p.line, p.kind) for p in error.value.problems] == [(7, "unsafe-template"), (3, "unsafe-template")]
    check_macro_page("docs/x.md", source, "# Sivu\n\n{{ sisallon_maarat() }}\n", "Sivu", Environment())


def test_a_theme_card_of_a_theme_the_content_does_not_have_is_refused_with_its_line():
    source = "---\nrender_macros: true\n---\n# Sivu\n\n{{ teemakortti('ei-ole') }}\n{{ teemakortti(\"a\") }}\n"
    body = source.split("---\n", 2)[2]
    with pytest.raises(UnsafePage) as error:
        check_macro_page("docs/x.md", source, body, "Sivu", Environment(), theme_ids=["a", "b"])
    assert [(p.line, p.kind) for p in error.value.problems] == [(6, "unknown-theme")]
    assert "'ei-ole'" in error.value.problems[0].message and "a, b" in error.value.problems[0].message


def test_macros_py_defines_exactly_the_allowed_macros():
    tree = ast.parse((REPO / "macros.py").read_text(encoding="utf-8"))
    defined = {
        node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)
        and any(isinstance(d, ast.Attribute) and d.attr == "macro" for d in node.decorator_list)
    }
    assert defined == PROJECT_MACROS


def _docs(tmp_path, name: str, text: str):
    path = tmp_path / "docs" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return handwritten_page_problems(tmp_path / "docs", tmp_path)


@pytest.mark.parametrize("front,line,field", [
    ("template: redirect.html", 2, "template"),
    ("title: Sivu\nlocation: https://evil.example/", 3, "location"),
    ("render_macros: 'true'", 2, "render_macros"),
    ("hide: [toc, x]", 2, "hide"),
    ("title: ''", 2, "title"),
    ("description: [a]", 2, "description"),
])
def test_front_matter_fields_and_values_are_allow_listed(tmp_path, front, line, field):
    problems = _docs(tmp_path, "x.md", f"---\n{front}\n---\n# Sivu\n")
    assert [(p.file, p.line, p.field) for p in problems] == [("docs/x.md", line, field)]


@pytest.mark.parametrize("front,line,field", [
    ("title: Asiakas 131052-308T", 2, "title"),
    ("title: Sivu\ndescription: Soita 040 555 1234", 3, "description"),
])
def test_personal_data_in_the_title_or_description_is_refused(tmp_path, front, line, field):
    """They are published in the page's head and the navigation, outside the text the gate reads."""
    problems = _docs(tmp_path, "x.md", f"---\n{front}\n---\n# Sivu\n")
    assert [(p.file, p.line, p.field, p.kind) for p in problems] == [("docs/x.md", line, field, "sensitive")]
    assert "308T" not in problems[0].message and "1234" not in problems[0].message


@pytest.mark.parametrize("top", [
    "Template: redirect.html\nLocation: javascript:alert(1)//",
    'Author: "><script>alert(1)</script>',
    "Huom: tämä rivi luettaisiin sivun tiedoksi",
])
def test_data_lines_without_front_matter_are_refused(tmp_path, top):
    """MkDocs reads "Key: value" lines at the top of a page as its data (MultiMarkdown style)."""
    problems = _docs(tmp_path, "x.md", f"{top}\n\n# Sivu\n")
    assert [(p.file, p.line, p.kind) for p in problems] == [("docs/x.md", 1, "front-matter")]
    assert "nimi: arvo" in problems[0].message


def test_a_page_that_starts_with_its_heading_or_text_has_no_data_lines(tmp_path):
    assert _docs(tmp_path, "x.md", "# Sivu: alaotsikko\n\nTeksti: jotain.\n") == []
    assert _docs(tmp_path, "y.md", "Tekstiä ilman kaksoispistettä.\nToinen: rivi\n") == []


def test_the_real_pages_pass(tmp_path):
    assert handwritten_page_problems(REPO / "docs", REPO) == []


def test_a_page_without_macros_is_not_read_as_a_template(tmp_path):
    assert _docs(tmp_path, "x.md", "# Sivu\n\n{{ config }} {% raw %}\n") == []


@pytest.mark.parametrize("line", ["## __config", "## Otsikko {#__drawer}", '<p id="__toc">x</p>',
                                  '<a name="__search"></a>', '<div data-md-component="search"></div>'])
def test_theme_ids_in_a_page_are_refused_with_the_line(tmp_path, line):
    problems = _docs(tmp_path, "x.md", f"# Sivu\n\nTeksti.\n{line}\n")
    assert [(p.line, p.kind) for p in problems] == [(4, "reserved-id")]


@pytest.mark.parametrize("nested, line", [
    ("- " * 2000 + "x\n", 5),
    ("".join(f"{'    ' * i}- x\n" for i in range(300)), 45),
    ("<div markdown>" * 400 + "x" + "</div>" * 400 + "\n", 5),
    ("Alku\n" + "*a " * 1000 + "b" + " a*" * 1000 + "\n", 6),
])
def test_a_page_nested_too_deep_for_markdown_is_refused_with_the_line(tmp_path, nested, line):
    """Python-Markdown parses nesting recursively: such a page would stop the build with a traceback."""
    problems = _docs(tmp_path, "x.md", f"---\ntitle: Sivu\n---\n\n{nested}")
    assert [(p.line, p.kind) for p in problems] == [(line, "too-deep")]
    assert "sisäkkäistä" in problems[0].message
    assert _docs(tmp_path, "x.md", "# Sivu\n\n- a\n    - b\n        > c\n") == []


def test_code_that_shows_a_theme_id_is_not_an_id(tmp_path):
    text = '# Sivu\n\n`<script id="__config">`\n\n```html\n<div id="__drawer"></div>\n```\n'
    assert _docs(tmp_path, "x.md", text) == []
    assert theme_id_problems('<p><code>&lt;script id="__config"&gt;</code></p>', "docs/x.md") == []
    assert [p.line for p in theme_id_problems('<h2 id="__toc">x</h2>', "docs/x.md", "a\n## __toc\n")] == [2]


def test_links_and_unsafe_names_are_refused_everywhere_the_site_is_built_from(tmp_path):
    for folder in ("docs/assets", "overrides/partials", "roadmap/tuotokset"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "docs" / "ok-sivu_1.md").write_text("# ok\n")
    (tmp_path / "docs" / "x.txt").symlink_to("../.git/config")
    (tmp_path / "overrides" / "partials" / "y.html").symlink_to("/etc/passwd")
    (tmp_path / "roadmap" / "tuotokset" / "kansio").symlink_to("..", target_is_directory=True)
    (tmp_path / "docs" / 'a"b.md').write_text("# a\n")
    (tmp_path / "docs" / "assets" / "kuva.svg").write_text("<svg/>")
    # Only pages, pictures and the site's style sheet and scripts are published from docs/: XML
    # types a browser runs, text published past the privacy check, Markdown by another name.
    for name in ("x.xsd", "yhteys.txt", "sivu.markdown"):
        (tmp_path / "docs" / name).write_text("<x/>")
    for name in ("tyyli.css", "skripti.js", ".gitkeep"):
        (tmp_path / "docs" / "assets" / name).write_text("")
    Image.new("RGB", (2, 2)).save(tmp_path / "docs" / "assets" / "kuva.png")
    (tmp_path / "docs" / "sivun-skripti.js").write_text("")  # the site's scripts live in docs/assets/ only
    (tmp_path / "overrides" / "main.html").write_text("{% extends 'base.html' %}")  # the theme's own, not published as is
    problems = project_file_problems(tmp_path)
    assert sorted((p.file, p.kind) for p in problems) == [
        ('docs/a"b.md', "bad-file-name"), ("docs/assets/kuva.svg", "active-file"), ("docs/sivu.markdown", "active-file"),
        ("docs/sivun-skripti.js", "active-file"), ("docs/x.txt", "symlink"), ("docs/x.xsd", "active-file"),
        ("docs/yhteys.txt", "active-file"),
        ("overrides/partials/y.html", "symlink"), ("roadmap/tuotokset/kansio", "symlink"),
    ]
    assert "../.git/config" in next(p.message for p in problems if p.file == "docs/x.txt")


def test_two_names_that_differ_only_in_case_are_refused(tmp_path):
    """docs/Tietoa.md beside docs/tietoa.md: two pages on the site, one file on a Windows or macOS checkout."""
    (tmp_path / "docs").mkdir()
    for name in ("tietoa.md", "Tietoa.md", "muu.md"):
        (tmp_path / "docs" / name).write_text("# Sivu\n")
    problems = project_file_problems(tmp_path)
    assert [(p.file, p.kind) for p in problems] == [("docs/Tietoa.md", "same-name-but-case")]
    assert "'docs/tietoa.md'" in problems[0].message


@pytest.mark.parametrize("folder", ["roadmap", "roadmap/tuotokset", "docs", "overrides"])
def test_git_attributes_in_a_folder_the_site_is_built_from_are_refused(tmp_path, folder):
    """"-diff" or "linguist-generated" would fold an editor's change away from its reviewer on GitHub."""
    (tmp_path / folder).mkdir(parents=True)
    (tmp_path / folder / ".gitattributes").write_text("*.yaml -diff linguist-generated\n")
    [problem] = project_file_problems(tmp_path)
    assert (problem.file, problem.kind) == (f"{folder}/.gitattributes", "git-attributes")
    assert f"'{folder}/.gitattributes'" in problem.message


def test_a_file_name_with_personal_data_is_refused(tmp_path):
    """A name is published in the page's address, the sitemap and the edit link."""
    (tmp_path / "docs").mkdir()
    for name in ("131052-308t.md", "0401234567.md", "tietoa-2004.md", "040/1234567.md", "131052/308t.md", "2004/15.md"):
        (tmp_path / "docs" / name).parent.mkdir(exist_ok=True)
        (tmp_path / "docs" / name).write_text("# Sivu\n")
    # A folder's name is in the address too: docs/040/1234567.md is /040/1234567/.
    assert sorted((p.file, p.kind) for p in project_file_problems(tmp_path)) == [
        ("docs/040/1234567.md", "personal-data-name"), ("docs/0401234567.md", "personal-data-name"),
        ("docs/131052-308t.md", "personal-data-name"), ("docs/131052/308t.md", "personal-data-name")]


def test_a_picture_must_be_what_its_name_says_and_carry_no_personal_data(tmp_path):
    (tmp_path / "docs").mkdir()
    Image.new("RGB", (2, 2)).save(tmp_path / "docs" / "kuva.png")
    text = PngImagePlugin.PngInfo()
    text.add_text("Description", "Asiakas 131052-308T puh 040 555 1234")
    Image.new("RGB", (2, 2)).save(tmp_path / "docs" / "tiedot.png", pnginfo=text)
    (tmp_path / "docs" / "logo.jpg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    Image.new("RGB", (2, 2)).save(tmp_path / "docs" / "vaara-tyyppi.jpg", format="PNG")
    assert sorted((p.file, p.kind) for p in project_file_problems(tmp_path)) == [
        ("docs/logo.jpg", "not-a-picture"), ("docs/tiedot.png", "personal-data-in-picture"),
        ("docs/vaara-tyyppi.jpg", "not-a-picture")]


def test_a_folder_that_is_a_link_or_inside_git_is_refused(tmp_path):
    (tmp_path / ".git" / "x").mkdir(parents=True)
    (tmp_path / "docs").symlink_to(tmp_path / ".git", target_is_directory=True)
    assert [(p.file, p.kind) for p in project_file_problems(tmp_path, ("docs", ".git/x"))] == [
        ("docs", "symlink"), (".git/x", "outside-project")]


def test_the_repository_itself_has_no_links_in_the_site_folders():
    assert project_file_problems(REPO) == []
    assert not [p for p in (REPO / "docs").rglob("*") if os.path.islink(p)]


def _jpeg_with_iptc(caption: str) -> bytes:
    """A JPEG with an IPTC caption in its Photoshop segment (APP13), as photo tools save one."""
    import io

    out = io.BytesIO()
    Image.new("RGB", (2, 2)).save(out, format="JPEG")
    text = caption.encode("utf-8")
    iptc = b"\x1c\x02\x78" + len(text).to_bytes(2, "big") + text  # 2:120, the caption
    resource = b"8BIM\x04\x04\x00\x00" + len(iptc).to_bytes(4, "big") + iptc + b"\x00" * (len(iptc) % 2)
    segment = b"Photoshop 3.0\x00" + resource
    data = out.getvalue()
    return data[:2] + b"\xff\xed" + (len(segment) + 2).to_bytes(2, "big") + segment + data[2:]


@pytest.mark.parametrize("case", ["xp-comment", "xp-author", "user-comment", "gps", "iptc"])
def test_the_text_of_a_pictures_exif_sub_ifds_and_iptc_is_checked(tmp_path, case):
    """Windows' UTF-16 fields, the Exif and GPS IFDs and the IPTC caption are published in the picture too."""
    from PIL import ExifTags

    (tmp_path / "docs").mkdir()
    secret = "Asiakas 131052-308T"
    path = tmp_path / "docs" / "kuva.jpg"
    if case == "iptc":
        path.write_bytes(_jpeg_with_iptc(secret))
    else:
        exif = Image.Exif()
        if case in ("xp-comment", "xp-author"):
            exif[0x9C9C if case == "xp-comment" else 0x9C9D] = (secret + "\0").encode("utf-16-le")
        elif case == "user-comment":
            exif.get_ifd(ExifTags.IFD.Exif)[0x9286] = b"UNICODE\0" + secret.encode("utf-16-le")
        else:
            exif.get_ifd(ExifTags.IFD.GPSInfo)[0x001B] = b"UNICODE\0" + secret.encode("utf-16-le")  # GPSProcessingMethod
        Image.new("RGB", (2, 2)).save(path, exif=exif)
    assert [(p.file, p.kind) for p in project_file_problems(tmp_path)] == [("docs/kuva.jpg", "personal-data-in-picture")]


def test_a_picture_that_shows_where_it_was_taken_is_refused(tmp_path):
    """GPS coordinates in a picture's EXIF or XMP are published with it: the place of a home or a visit.
    A picture with GPS tags that hold no place (a camera's empty GPS version) passes."""
    import io

    from PIL import ExifTags

    (tmp_path / "docs").mkdir()
    for name, kind in (("kuva.jpg", "JPEG"), ("kuva.png", "PNG"), ("kuva.webp", "WEBP")):
        (tmp_path / "docs" / name).write_bytes(located_picture(kind))
    (tmp_path / "docs" / "xmp.jpg").write_bytes(located_picture("JPEG", "xmp"))
    exif = Image.Exif()
    exif.get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSVersionID] = b"\x02\x03\x00\x00"
    out = io.BytesIO()
    Image.new("RGB", (2, 2)).save(out, format="JPEG", exif=exif.tobytes())
    (tmp_path / "docs" / "ehja.jpg").write_bytes(out.getvalue())
    problems = project_file_problems(tmp_path)
    assert sorted((p.file, p.kind) for p in problems) == [
        ("docs/kuva.jpg", "location-in-picture"), ("docs/kuva.png", "location-in-picture"),
        ("docs/kuva.webp", "location-in-picture"), ("docs/xmp.jpg", "location-in-picture")]
    assert "GPS-koordinaatit" in problems[0].message


def test_text_in_a_pictures_segments_that_pillow_does_not_read_is_checked(tmp_path):
    """A PNG's private chunk, a JPEG's application segment (also one after the image data) and a
    WebP's own chunk are published with the picture, though Pillow gives no metadata of them."""
    import io
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    secret = b"Asiakas 131052-308T, puh. 040 123 4567"
    pictures = {}
    for kind in ("PNG", "JPEG", "WEBP"):
        out = io.BytesIO()
        Image.effect_noise((16, 16), 80).convert("RGB").save(out, format=kind)
        pictures[kind] = out.getvalue()
    png, jpeg, webp = pictures["PNG"], pictures["JPEG"], pictures["WEBP"]
    iend = png.index(b"IEND") - 4
    webp_with = webp + b"PRIV" + struct.pack("<I", len(secret)) + secret
    (tmp_path / "docs").mkdir()
    for name, data in {
        "yksityinen.png": png[:iend] + chunk(b"prVt", secret) + png[iend:],
        "pakattu.png": png[:iend] + chunk(b"prVt", zlib.compress(secret)) + png[iend:],
        "sovellus.jpg": jpeg[:2] + b"\xff\xe4" + struct.pack(">H", len(secret) + 2) + secret + jpeg[2:],
        # After the scan's data, just before the end marker: a program skips it too.
        "lopussa.jpg": jpeg[:-2] + b"\xff\xe4" + struct.pack(">H", len(secret) + 2) + secret + jpeg[-2:],
        "oma.webp": webp_with[:4] + struct.pack("<I", len(webp_with) - 8) + webp_with[8:],
        "ehja.png": png, "ehja.jpg": jpeg, "ehja.webp": webp,
    }.items():
        (tmp_path / "docs" / name).write_bytes(data)
    problems = project_file_problems(tmp_path)
    assert sorted((p.file, p.kind) for p in problems) == [
        ("docs/lopussa.jpg", "personal-data-in-picture"),
        ("docs/oma.webp", "personal-data-in-picture"), ("docs/pakattu.png", "personal-data-in-picture"),
        ("docs/sovellus.jpg", "personal-data-in-picture"), ("docs/yksityinen.png", "personal-data-in-picture")]


def test_a_picture_with_data_after_its_end_is_refused(tmp_path):
    """A file appended after a PNG's IEND or a JPEG's end marker is published but shown by no program."""
    import io

    (tmp_path / "docs").mkdir()
    for name, kind in (("kuva.png", "PNG"), ("kuva.jpg", "JPEG"), ("kuva.webp", "WEBP"), ("ehja.jpg", "JPEG"),
                       ("ehja-progressiivinen.jpg", "JPEG"), ("ehja.png", "PNG"), ("ehja.webp", "WEBP")):
        out = io.BytesIO()
        exif = Image.Exif()
        exif[0x010E] = "Kuvaus"  # ImageDescription
        picture = Image.effect_noise((64, 64), 80).convert("RGB")
        picture.save(out, format=kind, exif=exif, **({"progressive": True} if "progressiivinen" in name else {}))
        tail = b"" if name.startswith("ehja") else b"PK\x03\x04 Asiakasrekisteri"
        (tmp_path / "docs" / name).write_bytes(out.getvalue() + tail)
    problems = project_file_problems(tmp_path)
    assert sorted((p.file, p.kind) for p in problems) == [
        ("docs/kuva.jpg", "picture-extra-data"), ("docs/kuva.png", "picture-extra-data"),
        ("docs/kuva.webp", "picture-extra-data")]
    assert "kuvan lopun jälkeen" in problems[0].message


@pytest.mark.parametrize("line", ["{{ sisallon_maarat( }}", "{{ sisallon_maarat() }", "{{ teemakortti(\"a\" }}"])
def test_a_macro_call_with_a_typo_is_named_in_finnish_with_its_line(line):
    problems = template_code_problems(f"# Sivu\n\nTeksti.\n{line}\n", Environment(), "docs/x.md", first_line=4)
    assert [(p.file, p.line, p.kind) for p in problems] == [("docs/x.md", 7, "unsafe-template")]
    message = problems[0].message
    assert line in message and "sulku" in message
    assert "expected" not in message and "unexpected" not in message  # Jinja's English


@pytest.mark.parametrize(("text", "line"), [("", 1), ("\n  \n", 1), ("---\ndescription: Sivu\n---\n\n", 4)])
def test_an_empty_hand_written_page_is_refused(tmp_path, text, line):
    problems = _docs(tmp_path, "tyhja.md", text)
    assert [(p.file, p.line, p.kind) for p in problems] == [("docs/tyhja.md", line, "empty-page")]
    assert "Sivu on tyhjä" in problems[0].message


@pytest.mark.parametrize(("key", "meant"), [("titel", "title"), ("otsikko", "title"), ("Description", "description")])
def test_a_front_matter_key_with_a_typo_gets_the_key_it_likely_meant(tmp_path, key, meant):
    problems = _docs(tmp_path, "x.md", f"---\n{key}: Sivu\n---\n# Sivu\n")
    assert [(p.line, p.kind, p.field) for p in problems] == [(2, "front-matter", key)]
    assert f"Tarkoititko '{meant}'?" in problems[0].message
