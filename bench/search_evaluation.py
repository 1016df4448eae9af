"""How well search finds the right page for Finnish queries, measured in a real browser.

QUERIES is the reference table: inflected queries as staff type them, each with the page that
must come back among the first three results. It is used by the browser test
(tests/browser/test_search_browser.py) and by the comparison of search options (bench/search_options.py).
Most queries use a form that the expected page does not contain: another case, number or
possessive, the other grade of consonant gradation, or a compound part.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Query:
    text: str
    expected: str  # site path of the page that must be in the top 3, e.g. "teemat/ennaltaehkaisy/"
    why: str  # what Finnish feature the query exercises


_BANK = "tietopankki/"
_FAMILY = _BANK + "sosiaalityon-ja-perhetyon-yhteistyomalli/"
_EARLY = _BANK + "varhaisen-puuttumisen-yhteistyokaytannot-lastensuojelussa/"
_CHILD = _BANK + "lapsen-seksuaalisen-hyvaksikayton-selvittaminen-moniammatillisena-yhteistyona/"
_NGO = _BANK + "lastensuojelun-yhteistyokaytannot-sosiaalityon-ja-jarjestojen-valilla/"
_FOSTER = _BANK + "perhehoidon-ja-sosiaalityon-yhteistyo/"
_FATHERS = _BANK + "toimintamalli-isien-tukemiseksi-erotilanteissa/"
_EXCLUDED = _BANK + "tyomalli-syrjaytyneiden-tukemiseksi/"
_REHAB = _BANK + "kuntouttava-sosiaalityo/"
_ROLE = _BANK + "sosiaalityon-tyokuvan-selkiyttaminen/"
_BENEFITS = _BANK + "sahkoinen-toimeentuloasiointi/"
_TRAINING = _BANK + "sosiaalityontekijoiden-taydennyskoulutusselvitys/"
_WELLBEING = _BANK + "sosiaalityontekijoiden-tyohyvinvointikartoitus/"
_DEVELOPERS = _BANK + "sosiaalityontekijoiden-kehittajakoulutus/"
_LEARNING = _BANK + "oppimis-ja-harjoitteluymparistona-toimiminen/"
_THIRD = _BANK + "sosiaalityo-ja-kolmas-sektori-koulutus/"

QUERIES: tuple[Query, ...] = (
    # Municipalities in case forms (gradation in Kontiolahti, Pyhäselkä, Honkalampi, Kitee).
    Query("Kontiolahdella", _FAMILY, "paikannimi, adessiivi, t:d-vaihtelu"),
    Query("Kontiolahden", _FAMILY, "paikannimi, genetiivi, t:d-vaihtelu"),
    Query("Pyhäselällä", _EARLY, "paikannimi, adessiivi, k:∅-vaihtelu"),
    Query("Pyhäselän", _EARLY, "paikannimi, genetiivi, k:∅-vaihtelu"),
    Query("Joensuussa", _REHAB, "paikannimi, inessiivi"),
    Query("Joensuusta", _REHAB, "paikannimi, elatiivi"),
    Query("Lieksassa", _CHILD, "paikannimi, inessiivi"),
    Query("Lieksan", _CHILD, "paikannimi, genetiivi"),
    Query("Kiteellä", _NGO, "paikannimi, adessiivi, e-vartalo"),
    Query("Kiteen", _NGO, "paikannimi, genetiivi, e-vartalo"),
    Query("Ilomantsissa", _FOSTER, "paikannimi, inessiivi"),
    Query("Enossa", _FATHERS, "paikannimi, inessiivi"),
    Query("Kiihtelysvaarassa", _EXCLUDED, "paikannimi, inessiivi"),
    Query("Honkalammella", _ROLE, "paikannimi, adessiivi, mp:mm-vaihtelu"),
    # Case forms, plurals, possessive and clitic endings of subject words.
    Query("lastensuojelusta", _NGO, "elatiivi"),
    Query("lastensuojeluun", _EARLY, "illatiivi"),
    Query("lastensuojelussammekin", _EARLY, "inessiivi, omistusliite ja liitepartikkeli"),
    Query("omatyöntekijyyden", "teemat/omatyontekijaisyys/", "johdos, genetiivi"),
    Query("omatyöntekijäisyydessä", "teemat/omatyontekijaisyys/", "inessiivi sanasta, jota sanakirja ei tunne"),
    Query("omatyöntekijöiden", "teemat/omatyontekijaisyys/", "monikon genetiivi"),
    Query("yhteistyömallissa", _FAMILY, "inessiivi"),
    Query("järjestöissä", _NGO, "monikon inessiivi"),
    Query("syrjäytyneille", _EXCLUDED, "monikon allatiivi"),
    Query("erotilanteessa", _FATHERS, "inessiivi, nt:nn-vaihtelu"),
    Query("isille", _FATHERS, "monikon allatiivi, vartalon vaihtelu"),
    Query("toimintamallissaan", _FATHERS, "inessiivi ja omistusliite"),
    Query("sähköinen", _BENEFITS, "perusmuoto, sivulla genetiivi (nen:se)"),
    Query("toimeentuloasioinnissa", _BENEFITS, "inessiivi, nt:nn-vaihtelu"),
    Query("työkuvasta", _ROLE, "elatiivi"),
    Query("ennaltaehkäisyyn", "teemat/ennaltaehkaisy/", "illatiivi"),
    Query("palveluprosessissa", "teemat/palvelupolut-ja-palveluprosessi/", "inessiivi"),
    Query("osallisuudesta", "teemat/osallisuuden-ja-asiantuntijuuden-vahvistaminen/", "elatiivi, s:d-vaihtelu"),
    Query("asiantuntijuutta", "teemat/osallisuuden-ja-asiantuntijuuden-vahvistaminen/", "partitiivi"),
    Query("perusterveydenhuollon", "teemat/sosiaalityo-perusterveydenhuollossa/", "genetiivi"),
    Query("tehtävärakenteessa", "teemat/tehtavarakenteen-tarkastelu/", "inessiivi"),
    Query("ilmiökeskusteluun", "teemat/ilmiokeskustelu/", "illatiivi"),
    Query("rakenteellisesta sosiaalityöstä", "teemat/rakenteellinen-sosiaalityo/", "kaksi sanaa elatiivissa"),
    Query("kehittäjäkoulutuksessa", _DEVELOPERS, "inessiivi, s:ks-vartalo"),
    Query("harjoitteluympäristöissä", _LEARNING, "monikon inessiivi"),
    Query("kolmannen sektorin", _THIRD, "järjestysluku ja genetiivi"),
    # Consonant gradation where the page has the other grade.
    Query("perhehoitoon", _FOSTER, "illatiivi, t:d-vaihtelu (sivulla perhehoidon)"),
    Query("hyväksikäyttöä", _CHILD, "partitiivi, tt:t-vaihtelu (sivulla hyväksikäytön)"),
    Query("palvelupolulla", "teemat/palvelupolut-ja-palveluprosessi/", "adessiivi, k:∅-vaihtelu (sivulla palvelupolut)"),
    Query("työhyvinvoinnista", _WELLBEING, "yhdyssanan osa, nt:nn-vaihtelu"),
    # Compound parts that are words of their own.
    Query("perhetyö", _FAMILY, "yhdyssanan osa"),
    Query("täydennyskoulutuksesta", _TRAINING, "yhdyssanan osa (täydennyskoulutusselvitys)"),
    Query("kartoituksessa", _WELLBEING, "yhdyssanan osa (työhyvinvointikartoitus)"),
    Query("työmallissa", _EXCLUDED, "yhdyssanan osa"),
    Query("extranetissä", _BANK + "sosbox-extranet/", "vierassana, inessiivi"),
    Query("hankeyhteistyöstä", _BANK + "hankeyhteistyo/", "elatiivi"),
    # A word in a page's title or heading, which other pages mention in their lists.
    Query("yhdyspinnoilla", "teemat/palvelupolut-ja-palveluprosessi/", "monikon adessiivi, otsikon sana"),
    # A section of a page: a governance body, an event, a reflection.
    Query("johdon kehittämistyöryhmässä", "kehittamisen-rakenne/", "toimielimen otsikko, inessiivi"),
    Query("Hiihtomuseolla", "tapahtumat/vuosi-ei-tiedossa/", "tapahtuman paikka, adessiivi"),
    Query("kummajaisista", "hankkeet/pohjois-karjala-2003-2005/", "pohdinnan otsikko, monikon elatiivi"),
)


@dataclass(frozen=True)
class Outcome:
    query: Query
    top: tuple[str, ...]  # site paths of the first results, best first

    @property
    def hit(self) -> bool:
        return self.query.expected in self.top[:3]


def site_path(url: str, base_url: str) -> str:
    """Absolute result URL -> site path relative to the site root ('teemat/x/'), no anchor."""
    path = urlsplit(url).path
    base = urlsplit(base_url).path
    return path[len(base):] if path.startswith(base) else path.lstrip("/")


def hit_rate(outcomes: list[Outcome]) -> float:
    return sum(o.hit for o in outcomes) / len(outcomes) if outcomes else 0.0


def report(outcomes: list[Outcome]) -> str:
    """A table of the outcomes, misses marked, and the hit rate."""
    lines = []
    for outcome in outcomes:
        mark = "ok  " if outcome.hit else "MISS"
        lines.append(f"{mark} {outcome.query.text!r:36} -> {outcome.query.expected}  top3={list(outcome.top[:3])}")
    hits = sum(o.hit for o in outcomes)
    lines.append(f"Osumatarkkuus (oikea sivu kolmen parhaan joukossa): {hits}/{len(outcomes)} = {hit_rate(outcomes):.0%}")
    return "\n".join(lines)


def search_in_header(page, query: str, timeout_ms: int = 30_000) -> list[str]:
    """Type a query into the site's header search (a Playwright page on the site); result URLs."""
    page.locator("[data-tk-haku][data-tk-valmis]").wait_for(state="attached", timeout=timeout_ms)
    box = page.locator("[data-tk-haku-kysely]")
    box.fill("")
    box.fill(query)
    try:
        page.locator(f"[data-tk-haku-tulokset][data-kysely={_css_string(query)}]").wait_for(
            state="attached", timeout=timeout_ms
        )
    except Exception as error:  # noqa: BLE001 - say what the search box showed instead
        status = page.locator("[data-tk-haku-tila]").inner_text()
        raise AssertionError(f"no results shown for {query!r}; the search box says: {status!r}") from error
    return page.locator("[data-tk-haku-tulokset] a").evaluate_all("links => links.map(a => a.href)")


def search_by_api(page, query: str, *, shorten: bool = True) -> list[str]:
    """The same search through assets/haku.js's functions, with options (for comparisons)."""
    return page.evaluate(
        """async ([query, shorten]) => {
            const base = JSON.parse(document.getElementById("__config").textContent).base;
            const haku = await import(new URL(base.replace(/\\/?$/, "/") + "assets/haku.js", location.href).href);
            const found = await haku.search(query, { shorten });
            if (!found) return [];
            return (await haku.topPages(found.response, 5)).map(p => p.url);
        }""",
        [query, shorten],
    )


def search_in_material(page, query: str, timeout_ms: int = 30_000) -> list[str]:
    """Material's own search box (on a build with Material's search plugin); page URLs in order."""
    page.reload()  # no results of the previous query left on screen
    # Material says "Kirjoita aloittaaksesi haun" once its index is loaded: type only then.
    page.wait_for_function(
        "() => /Kirjoita/.test(document.querySelector('.md-search-result__meta')?.textContent || '')",
        timeout=timeout_ms,
    )
    page.locator(".md-search__input").click()
    page.keyboard.type(query)  # Material searches on key events, not on a filled-in value
    # Material's count line ("N täsmäävää dokumenttia", "Ei täsmääviä dokumentteja") tells it is done.
    page.wait_for_function(
        "() => /täsmää/.test(document.querySelector('.md-search-result__meta')?.textContent || '')",
        timeout=timeout_ms,
    )
    urls = page.locator(".md-search-result__item > a").evaluate_all("links => links.map(a => a.href)")
    pages = []
    for url in urls:
        url = url.split("#", 1)[0]
        if url not in pages:
            pages.append(url)
    return pages


def evaluate(page, base_url: str, search=search_in_header, queries=QUERIES) -> list[Outcome]:
    """Run every query; the page must already show the site (any page of it)."""
    return [
        Outcome(query, tuple(site_path(url, base_url) for url in search(page, query.text)))
        for query in queries
    ]


def _css_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
