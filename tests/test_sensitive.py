"""Personal identity codes and credentials are refused with file, line and field; ordinary
numbers, dates and words pass; a reviewed false positive is allowed by an entry of its own."""

from __future__ import annotations

import pytest

from tiekartta.model import ContentError, load_roadmap
from tiekartta.model.sensitive import ALLOWLIST_FILE, find_in_text

_CONTROL = "0123456789ABCDEFHJKLMNPRSTUVWXY"


def hetu(birth: str, sign: str, individual: str) -> str:
    """A henkilötunnus with a correct control character (computed here, independently)."""
    return f"{birth}{sign}{individual}{_CONTROL[int(birth + individual) % 31]}"


def wrong_control(code: str) -> str:
    return code[:-1] + ("A" if code[-1] != "A" else "B")


GITHUB_TOKEN = "ghp_" + "a1B2c3D4e5" * 3 + "f6G7h8"
GITHUB_FINE_GRAINED = "github_pat_" + "11AAQWERTY" * 2 + "zz" + "_" + "Xy7" * 19 + "Q0"
AWS_KEY = "AKIA" + "IOSFODNN7EXAMPL" + "Q"
SLACK_TOKEN = "xoxb-" + "1234567890" + "12-1234567890123-" + "AbCdEfGhIjKlMnOpQrStUvWx"
JWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"

REFUSED = [
    ("hetu-1900s", f"Asiakkaan tunnus oli {hetu('131052', '-', '308')}."),
    ("hetu-2000s", hetu("010105", "A", "123")),
    ("hetu-new-century-sign-1900s", hetu("150590", "Y", "217")),
    ("hetu-new-century-sign-2000s", hetu("240312", "E", "456")),
    ("hetu-1800s", hetu("311299", "+", "002")),
    ("hetu-lower-case", hetu("131052", "a", "308").lower()),
    ("hetu-en-dash-from-a-word-processor", hetu("131052", "-", "308").replace("-", "\u2013")),
    ("hetu-temporary-number", hetu("131052", "-", "912")),
    ("salasana-colon", "Salasana: sosbox123"),
    ("kayttajatunnus-colon", "Käyttäjätunnus: koe.sostyo"),
    ("sosbox-login-line", "Kirjaudu: käyttäjätunnus koe.sostyo, salasana sostyo2005"),
    ("salasana-on", "Salasana on kevät2004!"),
    ("tunnus-with-username", "Extranetin tunnus koe.sostyo"),
    ("pin-code", "PIN-koodi 4321"),
    ("password-equals", "password = 'hunter2x'"),
    ("username-colon", "username: admin"),
    ("api-key-colon", "API key: 9f8e7d6c5b4a"),
    ("api-avain", "API-avain: xyz98765"),
    ("token-colon", "token: abcdef123456"),
    ("github-token", f"Avain {GITHUB_TOKEN}"),
    ("github-fine-grained-token", GITHUB_FINE_GRAINED),
    ("aws-access-key", AWS_KEY),
    ("private-key-block", "-----BEGIN RSA PRIVATE KEY-----"),
    ("openssh-private-key-block", "-----BEGIN OPENSSH PRIVATE KEY-----"),
    ("slack-token", SLACK_TOKEN),
    ("credentials-in-url", "https://koe:sostyo2005@www.pohjois-karjala.fi/sostyo"),
    ("json-web-token", JWT),
]

PASSES = [
    ("hetu-wrong-control-character", wrong_control(hetu("131052", "-", "308"))),
    ("hetu-shape-impossible-date", "311352-308T"),
    ("hetu-individual-number-000", hetu("131052", "-", "000")),
    ("date-finnish", "Seminaari 18.11.2019 klo 12.00–15.30"),
    ("date-iso", "2019-11-18"),
    ("year-range", "Hanke 2003–2005 (3 vuotta)"),
    ("phone-number", "puh. 040 123 4567 tai +358 40 123 4567"),
    ("business-id", "Y-tunnus: 0123456-7"),
    ("isbn", "ISBN 978-951-1-12345-6"),
    ("address", "www.pohjois-karjala.fi/sostyo"),
    ("emblem-called-tunnus", "Tunnus: Yhdessä eteenpäin"),
    ("tunnus-before-a-year", "Hankkeen tunnus 2003–2005"),
    ("about-passwords", "Salasanat vaihdetaan kerran vuodessa."),
    ("about-logging-in", "Extranet vaati kirjautumisen; tämä sivusto on kaikille avoin."),
    ("about-usernames", "Käyttäjätunnukset jaettiin kunnille."),
    ("placeholder-value", "salasana: <oma salasanasi>"),
    ("twelve-digit-number", "Diaarinumero 123456-1234"),
]


@pytest.mark.parametrize("text", [t for _, t in REFUSED], ids=[i for i, _ in REFUSED])
def test_personal_data_and_credentials_are_found(text):
    assert find_in_text(text)


@pytest.mark.parametrize("text", [t for _, t in PASSES], ids=[i for i, _ in PASSES])
def test_ordinary_text_passes(text):
    assert find_in_text(text) == []


def test_the_real_content_has_no_findings(roadmap):
    """The real content loads (the roadmap fixture) and none of its text is a finding."""
    assert roadmap.sources


# --- Through the loader: file, line and field, all in one run --------------------------------------

OUTPUT = "tuotokset/sosbox-extranet.yaml"
CODE = hetu("131052", "-", "308")


def _problems(content) -> list[tuple[str, int, str, str]]:
    with pytest.raises(ContentError) as error:
        load_roadmap(content, content.parent)
    return [(p.file, p.line, p.field, p.kind) for p in error.value.problems]


def _append(content, file: str, text: str) -> int:
    """Append lines to a content file; returns the line number of the first one."""
    path = content / file
    before = path.read_text(encoding="utf-8")
    path.write_text(before + text, encoding="utf-8")
    return before.count("\n") + 1


def test_a_code_in_a_block_of_text_is_reported_on_its_own_line(content_copy):
    line = _append(content_copy, OUTPUT, f"kuvaus: |\n  Ensimmäinen rivi.\n  Asiakas {CODE} soitti.\n")
    assert _problems(content_copy) == [(f"roadmap/{OUTPUT}", line + 2, "kuvaus", "sensitive")]


def test_a_credential_in_a_list_item_names_the_item(content_copy):
    path = content_copy / OUTPUT
    text = path.read_text(encoding="utf-8")
    text += ("  - teema: ilmiokeskustelu\n"
             '    perustelu: "Toimituksen arvion mukaan näin. Salasana: sostyo2005."\n')
    path.write_text(text, encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), start=1) if "sostyo2005" in row)
    assert _problems(content_copy) == [(f"roadmap/{OUTPUT}", line, "teemayhteydet[2].perustelu", "sensitive")]


def test_a_code_hidden_in_escapes_is_found_in_the_value(content_copy):
    escaped = CODE.replace("-", "\\x2D")
    line = _append(content_copy, OUTPUT, f'kuvaus: "Tunnus {escaped}"\n')
    assert _problems(content_copy) == [(f"roadmap/{OUTPUT}", line, "kuvaus", "sensitive")]


def test_a_code_in_a_comment_is_reported_without_a_field(content_copy):
    line = _append(content_copy, OUTPUT, f"# muistiinpano: {CODE}\n")
    assert _problems(content_copy) == [(f"roadmap/{OUTPUT}", line, "", "sensitive")]


def test_a_code_as_a_file_name_is_reported(content_copy):
    name = CODE.lower()
    (content_copy / OUTPUT).rename(content_copy / "tuotokset" / f"{name}.yaml")
    assert (f"roadmap/tuotokset/{name}.yaml", 1, "", "sensitive") in _problems(content_copy)


def test_every_problem_comes_in_one_run(content_copy):
    first = _append(content_copy, OUTPUT, f"kuvaus: Tunnus {CODE}\n")
    second = _append(content_copy, "karkiteemat/ennaltaehkaisy.yaml", "kuvaus: \"salasana: kevät2004\"\n")
    (content_copy / "karkiteemat" / "omatyontekijaisyys.yaml").write_text("nimi: [\n", encoding="utf-8")
    problems = _problems(content_copy)
    assert (f"roadmap/{OUTPUT}", first, "kuvaus", "sensitive") in problems
    assert ("roadmap/karkiteemat/ennaltaehkaisy.yaml", second, "kuvaus", "sensitive") in problems
    assert any(p[0] == "roadmap/karkiteemat/omatyontekijaisyys.yaml" and p[3] == "syntax" for p in problems)


def test_the_message_shows_only_the_start_of_the_finding_and_how_to_mark_it(content_copy):
    _append(content_copy, OUTPUT, f"kuvaus: Tunnus {CODE}\n")
    with pytest.raises(ContentError) as error:
        load_roadmap(content_copy, content_copy.parent)
    message = error.value.problems[0].message
    assert CODE not in message and CODE[:5] in message
    assert "henkilötunnus" in message and f"roadmap/{ALLOWLIST_FILE}" in message


# --- Reviewed false positives ------------------------------------------------------------------------


def _allow(content, entries: str) -> None:
    (content / ALLOWLIST_FILE).write_text("poikkeukset:\n" + entries, encoding="utf-8")


def test_a_reviewed_entry_allows_its_finding(content_copy):
    _append(content_copy, OUTPUT, f"kuvaus: Esimerkkitunnus {CODE} koulutusmateriaalista\n")
    _allow(content_copy, f"  - tiedosto: roadmap/{OUTPUT}\n    kenttä: kuvaus\n    teksti: \"{CODE}\"\n"
                         "    peruste: Keksitty esimerkki koulutusmateriaalista, ei kenenkään tunnus.\n")
    assert load_roadmap(content_copy, content_copy.parent).sources


def test_an_entry_without_a_field_allows_a_comment(content_copy):
    _append(content_copy, OUTPUT, f"# esimerkki: {CODE}\n")
    _allow(content_copy, f"  - tiedosto: roadmap/{OUTPUT}\n    teksti: \"{CODE}\"\n"
                         "    peruste: Keksitty esimerkki kommentissa.\n")
    assert load_roadmap(content_copy, content_copy.parent).sources


def test_an_entry_for_another_field_does_not_allow_it(content_copy):
    line = _append(content_copy, OUTPUT, f"kuvaus: Tunnus {CODE}\n")
    _allow(content_copy, f"  - tiedosto: roadmap/{OUTPUT}\n    kenttä: lisätiedot\n    teksti: \"{CODE}\"\n"
                         "    peruste: Väärä kenttä.\n")
    problems = _problems(content_copy)
    assert (f"roadmap/{OUTPUT}", line, "kuvaus", "sensitive") in problems
    assert (f"roadmap/{ALLOWLIST_FILE}", 2, "poikkeukset[1]", "stale-exception") in problems


def test_a_stale_entry_is_reported(content_copy):
    _allow(content_copy, f"  - tiedosto: roadmap/{OUTPUT}\n    teksti: \"{CODE}\"\n    peruste: Poistettu jo.\n")
    assert _problems(content_copy) == [(f"roadmap/{ALLOWLIST_FILE}", 2, "poikkeukset[1]", "stale-exception")]


def test_an_entry_needs_a_reason(content_copy):
    _append(content_copy, OUTPUT, f"kuvaus: Tunnus {CODE}\n")
    _allow(content_copy, f"  - tiedosto: roadmap/{OUTPUT}\n    teksti: \"{CODE}\"\n")
    problems = _problems(content_copy)
    assert (f"roadmap/{ALLOWLIST_FILE}", 2, "poikkeukset[1].peruste", "missing") in problems


def test_a_broken_allowlist_is_reported_like_any_file(content_copy):
    _allow(content_copy, "  - tiedosto: x\n    teksti: y\n    peruste: z\n    hyväksyjä: minä\n")
    assert (f"roadmap/{ALLOWLIST_FILE}", 5, "poikkeukset[1].hyväksyjä", "unknown-field") in _problems(content_copy)
