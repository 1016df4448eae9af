"""The table of broken content: each case a mistake an editor can make in a real file of roadmap/,
and the file, line, field and Finnish word the error must name. Used by test_validation.py (each
mistake reported exactly) and test_proofreading.py (the messages read as Finnish)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from conftest import REPO


@dataclass(frozen=True)
class Case:
    name: str
    file: str  # relative to roadmap/
    change: Callable[[str], str | bytes | None]  # new file content; None deletes the file
    kind: str
    field: str
    line: int | str  # a number, or a text whose line in the changed file is expected
    says: str = ""  # a word the Finnish message must contain


def replace(old: str, new: str) -> Callable[[str], str]:
    def change(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)

    return change


def append(extra: str) -> Callable[[str], str]:
    return lambda text: text + extra


def whole(content: str | bytes) -> Callable[[str], str | bytes]:
    return lambda text: content


THEME = "karkiteemat/ennaltaehkaisy.yaml"
OUTPUT = "tuotokset/kuntouttava-sosiaalityo.yaml"
EVENT = "tapahtumat/omatyontekijaisyys-kehittamisseminaari.yaml"
PROJECT = "hankkeet/pohjois-karjala-2003-2005.yaml"

CASES = [
    Case("required field missing", THEME, replace("nimi: Ennaltaehkäisy\n", ""), "missing", "nimi", 2, "Pakollinen"),
    Case("unknown field with a typo", OUTPUT, replace("kunta: joensuu", "kuntaa: joensuu"), "unknown-field", "kuntaa", "kuntaa:", "Tarkoititko 'kunta'"),
    Case("unknown nested field", "tiekartta.yaml", replace("  teksti: vahva", "  tekstii: vahva"), "unknown-field", "visio.tekstii", "tekstii:", "Tuntematon"),
    Case("text where a number belongs", THEME, replace("järjestys: 3", "järjestys: kolme"), "wrong-type", "järjestys", "järjestys:", "kokonaisluku"),
    Case("quoted number", THEME, replace("järjestys: 3", 'järjestys: "3"'), "wrong-type", "järjestys", "järjestys:", "ilman lainausmerkkejä"),
    Case("unquoted on becomes a boolean", THEME, append("tarkenne: on\n"), "wrong-type", "tarkenne", "tarkenne:", '"on"'),
    Case("unquoted no becomes a boolean", THEME, append("kuvaus: no\n"), "wrong-type", "kuvaus", "kuvaus:", "lainausmerkkeihin"),
    Case("unquoted time becomes a number", EVENT, replace('alkaa: "12.00"', "alkaa: 12.00"), "wrong-type", "ajankohta.alkaa", "alkaa:", '"12.00"'),
    Case("colon in a list item's text", "toimielimet/kehittamistyoryhma.yaml",
         replace("  - työryhmässä suunnitellaan yhteistä", "  - työryhmässä suunnitellaan: yhteistä"),
         "wrong-type", "tehtävät[1]", "suunnitellaan:", '"työryhmässä suunnitellaan: yhteistä kehittämistyötä"'),
    Case("list where a long text belongs", THEME, append("kuvaus:\n  - ensimmäinen\n  - toinen\n"), "wrong-type", "kuvaus", "  - ensimmäinen", "kirjoita kentän nimen perään |"),
    Case("unquoted time with a colon", EVENT, replace('alkaa: "12.00"', "alkaa: 12:00"), "wrong-type", "ajankohta.alkaa", "alkaa:", '"12.00". Kellonajassa on piste'),
    Case("unquoted 23.11 becomes a number", EVENT, replace("paikka: Hiihtomuseon auditorio", "paikka: 23.11"), "wrong-type", "paikka", "paikka:", "numeroksi"),
    Case("duplicate key loses text", THEME, append("nimi: Toinen nimi\n"), "duplicate-key", "nimi", "nimi: Toinen", "kahteen kertaan"),
    Case("tab in indentation", EVENT, replace("  kuukausi: 11", "\tkuukausi: 11"), "tab", "", "\tkuukausi", "sarkain"),
    Case("not UTF-8", THEME, lambda t: t.replace("nimi: Ennaltaehkäisy", "nimi: Ennaltaehk").encode() + b"kuvaus: \xe4\n", "not-utf8", "", 4, "UTF-8"),
    Case("invisible control character", THEME, replace("nimi: Ennaltaehkäisy", "nimi: Ennalta\x1fehkäisy"), "control-character", "", "nimi:", "ohjausmerkki"),
    # Python-Markdown parses nesting recursively: a few hundred levels stop the build with a traceback.
    Case("markdown nested too deep", OUTPUT, append('kuvaus: "' + "- " * 2000 + 'x"\n'), "too-deep", "kuvaus", "kuvaus:", "sisäkkäistä"),
    Case("markdown nested too deep in a block", OUTPUT, append("kuvaus: |\n  Alku\n" + "".join(f"  {'    ' * i}- x\n" for i in range(300))),
         "too-deep", "kuvaus", "  " + "    " * 40 + "- x", "sisäkkäistä"),
    Case("inline markup nested too deep", OUTPUT, append('kuvaus: "' + "*a " * 1000 + "b" + " a*" * 1000 + '"\n'), "too-deep", "kuvaus", "kuvaus:", "muotoilumerkkejä"),
    Case("empty file", THEME, whole(""), "empty", "", 1, "tyhjä"),
    Case("only comments", THEME, whole("# vain kommentti\n"), "empty", "", 1, "tyhjä"),
    Case("broken YAML syntax", THEME, append('kuvaus: "avoin lainaus\n'), "syntax", "", "kuvaus:", "YAML"),
    Case("unknown theme reference", OUTPUT, replace("teema: tyomenetelmat-tyovalineet-ja-kokeilut", "teema: tyomenetelmat"), "unknown-reference", "teemayhteydet[1].teema", "teema: tyomenetelmat", "ei löydy"),
    Case("unknown municipality", OUTPUT, replace("kunta: joensuu", "kunta: jonesuu"), "unknown-reference", "kunta", "kunta:", "Tarkoititko 'joensuu'"),
    Case("unknown event in roadmap", "tiekartta.yaml", replace("tapahtuma: omatyontekijaisyys-kehittamisseminaari", "tapahtuma: seminaari-2021"), "unknown-reference", "jatkuu.tapahtuma", "tapahtuma: seminaari-2021", "roadmap/tapahtumat/"),
    Case("id that is not a safe URL part", "karkiteemat/Ennaltaehkäisy.yaml", whole("nimi: X\njärjestys: 9\n"), "bad-id", "", 1, "Nimeä tiedosto uudelleen"),
    Case("reserved id", "tuotokset/kunnittain.yaml", lambda t: (REPO / "roadmap" / OUTPUT).read_text(encoding="utf-8").replace("järjestys: 1", "järjestys: 9"), "reserved-id", "", 1, "varattu"),
    Case("same theme id in both folders", "lapikulkevat-teemat/ennaltaehkaisy.yaml", whole("nimi: Ennaltaehkäisy\njärjestys: 9\n"), "duplicate-id", "", 1, "yksilöllisiä"),
    Case("two spearheads with the same order", THEME, replace("järjestys: 3", "järjestys: 2"), "duplicate-order", "järjestys", "järjestys:", "on jo käytössä"),
    Case("date not in the calendar", PROJECT, replace('alkaa: "2003-10-01"', 'alkaa: "2003-02-30"'), "bad-date", "alkaa", "alkaa:", "kalenterissa"),
    Case("date in Finnish format", PROJECT, replace('alkaa: "2003-10-01"', 'alkaa: "1.10.2003"'), "bad-date", "alkaa", "alkaa:", "VVVV-KK-PP"),
    Case("unquoted date", PROJECT, replace('alkaa: "2003-10-01"', "alkaa: 20031001"), "bad-date", "alkaa", "alkaa:", "lainausmerkkeihin"),
    Case("event day not in the month", "tapahtumat/kehittamisseminaari-2019-11-18.yaml", replace("päivä: 18\n  kuukausi: 11", "päivä: 31\n  kuukausi: 2"), "bad-date", "ajankohta.päivä", "päivä:", "31.2.2019"),
    Case("inferred year without a reason", EVENT, lambda t: re.sub(r"  päättelyn_peruste: >-\n(    .*\n)+", "", t), "missing", "ajankohta.päätelty_vuosi", "päätelty_vuosi:", "päättelyn_peruste"),
    Case("month out of range", EVENT, replace("kuukausi: 11", "kuukausi: 13"), "out-of-range", "ajankohta.kuukausi", "kuukausi:", "enintään 12"),
    Case("end before start", EVENT, replace('päättyy: "15.30"', 'päättyy: "11.30"'), "bad-time", "ajankohta.päättyy", "päättyy:", "alkamisajan"),
    Case("duplicate municipality id", "kunnat.yaml", replace("tunniste: eno", "tunniste: kontiolahti"), "duplicate-id", "kunnat[5].tunniste", 17, "kohdassa 4"),
    Case("value not among the allowed", "kunnat.yaml", replace("laji: organisaatio", "laji: kuntayhtymä"), "not-allowed", "kunnat[3].laji", "laji: kuntayhtymä", "Sallitut arvot"),
    Case("file with .yml extension", "tuotokset/uusi.yml", whole("nimi: X\n"), "stray-file", "", 1, ".yaml"),
    Case("line break in a one-line field", THEME, replace("nimi: Ennaltaehkäisy", "nimi: |\n  Ennalta\n  ehkäisy"), "multiline", "nimi", "nimi:", "rivinvaihdot"),
    Case("text where a list belongs", EVENT, replace("teemat: [omatyontekijaisyys]", "teemat: omatyontekijaisyys"), "wrong-type", "teemat", "teemat:", "lista"),
    Case("empty value", THEME, replace("nimi: Ennaltaehkäisy", "nimi:"), "empty-value", "nimi", "nimi:", "pakollinen, mutta se on tyhjä"),
    Case("anchor and alias", THEME, append("kuvaus: &a teksti\ntarkenne: *a\n"), "anchor", "", "kuvaus:", "ankkurit"),
    Case("python tag", THEME, append('kuvaus: !!python/object/apply:os.system ["true"]\n'), "tag", "", "kuvaus:", "Huutomerkillä alkava"),
    Case("relation to itself", "toimielimet/johdon-kehittamistyoryhma.yaml", replace("kohde: kehittamistyoryhma", "kohde: johdon-kehittamistyoryhma"), "self-reference", "suhteet[1].kohde", "kohde: johdon-kehittamistyoryhma", "itseensä"),
    Case("required file deleted", "eteenpain.yaml", lambda t: None, "missing-file", "", 1, "puuttuu"),
    Case("whole file is a list", THEME, whole("- nimi: Ennaltaehkäisy\n"), "wrong-type", "", 1, "kenttä: arvo"),
    Case("date on one line where a group belongs", "tapahtumat/kehittamisseminaari-2019-11-18.yaml",
         replace("ajankohta:\n  päivä: 18\n  kuukausi: 11\n  vuosi: 2019", "ajankohta: 18.11.2019"),
         "wrong-type", "ajankohta", "ajankohta:", "(päivä, kuukausi, vuosi"),
    Case("text where a group of a list belongs", OUTPUT, replace("  - teema: tyomenetelmat-tyovalineet-ja-kokeilut\n    perustelu: Toimitus pitää kuntouttavaa sosiaalityötä työmenetelmänä ja liittää tuotoksen siksi tähän teemaan.",
         "  - tyomenetelmat-tyovalineet-ja-kokeilut"), "wrong-type", "teemayhteydet[1]", "- tyomenetelmat", "(teema, perustelu"),
    Case("same theme twice in a list", EVENT, replace("teemat: [omatyontekijaisyys]", "teemat: [omatyontekijaisyys, omatyontekijaisyys]"),
         "duplicate", "teemat[2]", "teemat:", "kohdassa 1"),
    Case("id written as a name", OUTPUT, replace("kunta: joensuu", "kunta: Joensuu"), "bad-id", "kunta", "kunta:", "Tarkoititko 'joensuu'?"),
    Case("file name in capitals", "karkiteemat/Uusi-Teema.yaml", whole("nimi: X\njärjestys: 9\n"), "bad-id", "", 1, "'uusi-teema.yaml'"),
    Case("file extension in capitals", "tuotokset/uusi.YAML", whole("nimi: X\n"), "stray-file", "", 1, "päätteellä .yaml"),
    Case("content file in roadmap/ itself", "uusi-tuotos.yaml", whole("nimi: X\n"), "stray-file", "", 1, "kuuluu tyyppinsä kansioon"),
    # ' #' starts a YAML comment: the rest of the line would vanish from the text without a word.
    Case("hash sign in an unquoted text", THEME, replace("nimi: Ennaltaehkäisy", "nimi: Ennaltaehkäisy #1"), "comment-in-value", "nimi", "nimi:", '"Ennaltaehkäisy #1"'),
    # The page that shows a text is not where the editor thinks: a relative link there would break.
    Case("relative link in a text", OUTPUT, append("kuvaus: |-\n  Katso myös teema\n  [Omatyöntekijäisyys](../teemat/omatyontekijaisyys/).\n"),
         "bad-link", "kuvaus", "](../teemat/", "koko verkko-osoite"),
    Case("link without https://", OUTPUT, append("kuvaus: Lisää [Innokylässä](www.innokyla.fi).\n"), "bad-link", "kuvaus", "kuvaus:", "'www.innokyla.fi'"),
    Case("image in a text", OUTPUT, append("kuvaus: |-\n  Kaavio:\n  ![Kaavio](kaavio.png)\n"), "bad-link", "kuvaus", "![Kaavio]", "kuvaa"),
]


BY_NAME = {case.name: case for case in CASES}


def apply(content: Path, case: Case) -> Path:
    path = content / case.file
    original = path.read_text(encoding="utf-8") if path.exists() else ""
    changed = case.change(original)
    if changed is None:
        path.unlink()
    elif isinstance(changed, bytes):
        path.write_bytes(changed)
    else:
        path.write_text(changed, encoding="utf-8")
    return path
