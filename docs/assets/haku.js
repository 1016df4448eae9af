// Site search and the knowledge bank's filters, on the static site with no server.
//
// The index is Pagefind's (pagefind/, written beside the build by tiekartta/search/). Each page
// is one record: its own text, then after FORMS_MARK the other Finnish forms of its words (base
// forms, inflected stems, compound parts), so Pagefind's Snowball stemming of the query finds
// inflected forms. A result shows an excerpt of the page's own text only.
// When a query word still finds nothing (a derivation such as omatyöntekijyys for
// omatyöntekijäisyys), the word is retried by its beginning, shortened step by step.
// All URLs are relative to the page, so the site works under a sub-path and in version folders.

const config = JSON.parse(document.getElementById("__config")?.textContent || "{}");
const siteRoot = new URL((config.base || ".").replace(/\/?$/, "/"), document.baseURI);

// A query word is retried by its beginning down to this share of its length (and 4 letters),
// when the whole query finds fewer than ENOUGH pages.
const SHORTEST_SHARE = 0.6;
const SHORTEST_LETTERS = 4;
const ENOUGH = 3;
const SHOWN = 10;
const DEBOUNCE_MS = 120;
const EXCERPT_WORDS = 22;
// Where a record's own text ends (FORMS_MARK in tiekartta/search/index.py).
const FORMS_MARK = "\u2042";
// Where the forms of words found only in an output's documents begin (DOCUMENT_MARK there), and
// the anchors of the documents' sections on an output's page (templates/output.md.j2).
const DOCUMENT_MARK = "\u2051";
const DOCUMENT_ANCHOR = /#asiakirja-(\d+)$/;

let loading = null;

/** Pagefind, loaded on first use. */
export function pagefind() {
  loading ??= import(new URL("pagefind/pagefind.js", siteRoot).href).then(async (pf) => {
    await pf.init();
    return pf;
  });
  return loading;
}

/** The words of a query, lower-cased (letters and digits; everything else separates). */
export function queryWords(text) {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) || []).filter((w) => w.length > 1 || /\d/.test(w));
}

async function hits(pf, words, filters) {
  return (await pf.search(words, { filters })).results.length;
}

/** The longest beginning of the word that finds more than the word itself; null if none. */
async function widerBeginning(pf, word, own, filters) {
  const shortest = Math.max(SHORTEST_LETTERS, Math.ceil(word.length * SHORTEST_SHARE));
  for (let length = word.length - 1; length >= shortest; length--) {
    const beginning = word.slice(0, length);
    if ((await hits(pf, beginning, filters)) > own) return beginning;
  }
  return null;
}

/** Results of `first`, then those of `more` that `first` does not have. */
function merged(first, more) {
  const seen = new Set(first.results.map((r) => r.id));
  return { ...first, results: [...first.results, ...more.results.filter((r) => !seen.has(r.id))] };
}

/**
 * Search: Pagefind's response for the query, and the words actually searched for
 * (`used`: a word may be widened to its beginning; `missing`: words that found nothing).
 * When the query finds fewer than ENOUGH pages, each word is also tried by its beginning and
 * those results follow the exact ones. Options: filters (Pagefind filters), shorten (false
 * turns the widening off, for comparisons), sort (Pagefind's sort; the best matches first without it).
 */
export async function search(text, { filters = {}, sort, shorten = true } = {}) {
  const words = queryWords(text);
  if (!words.length) return null;
  const pf = await pagefind();
  let response = await pf.search(words.join(" "), { filters, sort });
  let used = words;
  let missing = [];
  if (response.results.length < ENOUGH && shorten) {
    const wider = [];
    for (const word of words) {
      const own = await hits(pf, word, filters);
      const beginning = await widerBeginning(pf, word, own, filters);
      wider.push(beginning || (own ? word : null));
    }
    missing = words.filter((_, i) => wider[i] === null);
    used = wider.filter((w) => w !== null);
    if (used.length && used.join(" ") !== words.join(" ")) {
      response = merged(response, await pf.search(used.join(" "), { filters, sort }));
    }
  }
  return { response, words, used, missing };
}

/** A result's page: Pagefind's own URL of the record (raw_url, "/teemat/x/"), from the site root. */
function pageUrl(data) {
  return new URL(data.raw_url.replace(/^\//, ""), siteRoot).href;
}

/** Where the most weight of `locations` (word positions with a score) falls in `length` words:
 * the window's first word, chosen as Pagefind chooses its own excerpts. */
function densestStart(locations, length) {
  const scores = [];
  for (const { location, balanced_score: score } of locations) scores[location] = (scores[location] || 0) + score;
  if (scores.length <= length) return 0;
  let sum = 0;
  for (let i = 0; i < length; i++) sum += scores[i] || 0;
  let best = sum;
  let bestAt = [0];
  for (let i = 1; i < scores.length; i++) {
    sum += (scores[i + length - 1] || 0) - (scores[i - 1] || 0);
    if (sum > best) {
      best = sum;
      bestAt = [i];
    } else if (sum === best && bestAt[bestAt.length - 1] === i - 1) {
      bestAt.push(i);
    }
  }
  return bestAt[Math.floor(bestAt.length / 2)];
}

/** Where a record's own text ends: the index of FORMS_MARK among its words (or their count). */
function ownLength(words) {
  const mark = words.findIndex((word) => word.startsWith(FORMS_MARK));
  return mark < 0 ? words.length : mark;
}

/**
 * An excerpt of the page's own text around its matches (escaped text with <mark>), or null
 * when the query matched only the other forms of the page's words, which are for finding the
 * page, not for reading. `locations`: the matches to show (a section's; the page's by default).
 */
export function ownExcerpt(data, length = EXCERPT_WORDS, locations = data.weighted_locations) {
  const words = (data.raw_content ?? data.content).split(/[\r\n\s]+/g);
  const own = ownLength(words);
  const mine = (locations || []).filter((l) => l.location < own);
  if (!mine.length) return null;
  const start = Math.max(0, Math.min(densestStart(mine, length), own - length));
  for (const { location } of mine) {
    if (!words[location].startsWith("<mark>")) words[location] = `<mark>${words[location]}</mark>`;
  }
  return words.slice(start, Math.min(start + length, own)).join(" ").trim();
}

/**
 * The document a page was found in, when every match is in an output's documents (the text of the
 * n-th document on the page, or after the n-th DOCUMENT_MARK the forms of words only it has):
 * { url, title } of the document's section, or null when the page's other text matched too.
 */
export function foundInDocument(data) {
  const words = (data.raw_content ?? data.content).split(/[\r\n\s]+/g);
  const formsAt = words.findIndex((word) => word.startsWith(FORMS_MARK));
  const marks = [];
  words.forEach((word, at) => word.startsWith(DOCUMENT_MARK) && marks.push(at));
  if (!marks.length) return null;
  const sections = (data.sub_results || []).filter((sub) => DOCUMENT_ANCHOR.test(sub.url));
  let first = 0;
  for (const { location } of data.weighted_locations || []) {
    let number = 0;
    if (formsAt < 0 || location < formsAt) {
      const section = sections.find((sub) => (sub.locations || []).includes(location));
      number = section ? Number(section.url.match(DOCUMENT_ANCHOR)[1]) : 0;
    } else {
      number = marks.filter((at) => at < location).length; // the document whose forms these are
    }
    if (!number) return null; // the page's own text or the forms of its other words
    first ||= number;
  }
  if (!first) return null;
  const anchor = `asiakirja-${first}`;
  return { url: `${pageUrl(data).split("#")[0]}#${anchor}`, title: data.meta[anchor] || "" };
}

/** A query word's beginning that a heading's word must begin with to count as the same word
 * in another form (as the widening of a word, SHORTEST_SHARE and SHORTEST_LETTERS). */
function stemOf(word) {
  return word.slice(0, Math.max(SHORTEST_LETTERS, Math.ceil(word.length * SHORTEST_SHARE)));
}

/**
 * The section of the page the query is about (Pagefind's sub-results: the page's headings with
 * ids), as Material's own search links to sections; null for the page as a whole (the query
 * is about its title). A section is chosen by the weight of the query's matches in
 * the page's own text; when only the added forms matched (they belong to the page, not to a
 * section), by a heading whose words begin like the query's.
 */
export function bestSection(data, queryWordsUsed = []) {
  const sections = (data.sub_results || []).filter((sub) => sub.anchor?.id);
  if (!sections.length) return null;
  const stems = queryWordsUsed.map(stemOf);
  const about = (text) => queryWords(text).some((w) => stems.some((stem) => w.startsWith(stem)));
  if (about(data.meta.title || "")) return null; // the page's own title: the page as a whole
  const own = ownLength((data.raw_content ?? data.content).split(/[\r\n\s]+/g));
  let best = null;
  let bestScore = 0;
  for (const sub of sections) {
    const score = (sub.weighted_locations || [])
      .filter((l) => l.location < own)
      .reduce((sum, l) => sum + l.balanced_score, 0);
    if (score > bestScore) {
      best = sub;
      bestScore = score;
    }
  }
  if (!best) best = sections.find((sub) => about(sub.title)) || null;
  return best && best.anchor.element !== "h1" ? best : null;
}

/** The best `limit` pages of a response, each with its own excerpt or its description, linked
 * to the section the query is about (`words`: the query's words). */
export async function topPages(response, limit = SHOWN, words = []) {
  const batch = await Promise.all(response.results.slice(0, limit).map((r) => r.data()));
  return batch.map((data) => {
    const document = foundInDocument(data);
    const section = document ? null : bestSection(data, words);
    const url = pageUrl(data);
    return {
      url: document ? document.url : section ? `${url}#${section.anchor.id}` : url,
      title: data.meta.title || data.url,
      section: section ? section.title : "",
      excerpt: (section && ownExcerpt(data, EXCERPT_WORDS, section.weighted_locations)) || ownExcerpt(data),
      description: data.meta.kuvaus || "",
      document: document ? document.title : null,
    };
  });
}

/** Pagefind's excerpt (escaped text with <mark>) as DOM nodes; nothing else gets through. */
function excerptNodes(html) {
  const parsed = new DOMParser().parseFromString(`<p>${html}</p>`, "text/html").body.firstChild;
  const nodes = [];
  for (const node of parsed.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      nodes.push(mark);
    } else {
      nodes.push(document.createTextNode(node.textContent));
    }
  }
  return nodes;
}

function count(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}

function searchedNote(found) {
  const notes = [];
  const shortened = found.used.filter((w) => !found.words.includes(w));
  // One word or several: "sanan alulla" / "sanojen alulla", "sanalle" / "sanoille".
  if (shortened.length) {
    const whose = shortened.length === 1 ? "sanan" : "sanojen";
    notes.push(`haettu myös ${whose} alulla: ${shortened.map((w) => `”${w}…”`).join(", ")}`);
  }
  if (found.missing.length) {
    const which = found.missing.length === 1 ? "sanalle" : "sanoille";
    notes.push(`ei osumia ${which} ${found.missing.map((w) => `”${w}”`).join(", ")}`);
  }
  return notes.length ? ` (${notes.join("; ")})` : "";
}

// Nothing found: the words that found nothing are named once ("Ei osumia sanalle ”x”"), not
// after a first "Ei osumia" as in a note.
function noMatches(found) {
  if (!found || !found.missing.length) return `Ei osumia${found ? searchedNote(found) : ""}`;
  const which = found.missing.length === 1 ? "sanalle" : "sanoille";
  const rest = searchedNote({ ...found, missing: [] });
  return `Ei osumia ${which} ${found.missing.map((w) => `”${w}”`).join(", ")}${rest}`;
}

// ---------------------------------------------------------------------------------------------
// The search box in the header.

function setUpHeaderSearch(box) {
  const toggle = document.getElementById("__search");
  const input = box.querySelector("[data-tk-haku-kysely]");
  const form = box.querySelector("[data-tk-haku-lomake]");
  const status = box.querySelector("[data-tk-haku-tila]");
  const list = box.querySelector("[data-tk-haku-tulokset]");
  const prompt = status.textContent;
  let timer = 0;
  let latest = 0;

  const open = (on) => {
    if (toggle && toggle.checked !== on) {
      toggle.checked = on;
      // The theme and the header's search button (assets/tiekartta.js) follow the toggle's change.
      toggle.dispatchEvent(new Event("change"));
    }
  };

  async function run(text) {
    const mine = ++latest;
    if (!queryWords(text).length) {
      list.replaceChildren();
      status.textContent = prompt;
      delete list.dataset.kysely;
      return;
    }
    let found;
    let pages = [];
    try {
      found = await search(text);
      pages = found ? await topPages(found.response, SHOWN, found.used) : [];
    } catch (error) {
      if (mine !== latest) return;
      status.textContent = "Haku ei ole juuri nyt käytettävissä. Kokeile sivuston valikkoa.";
      console.error(error);
      return;
    }
    if (mine !== latest) return; // a newer query is on its way
    list.replaceChildren(...pages.map(resultItem));
    const more = found.response.results.length > pages.length ? ", parhaat ensin" : "";
    status.textContent = pages.length
      ? `${count(pages.length, "osuma", "osumaa")}${more}${searchedNote(found)}`
      : `${noMatches(found)}. Kokeile toista sanaa tai sanan alkua.`;
    list.dataset.kysely = text;
  }

  input.addEventListener("focus", () => {
    open(true);
    pagefind().catch(() => {}); // start loading while the reader types
  });
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => run(input.value), DEBOUNCE_MS);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const first = list.querySelector("a");
    if (first) location.href = first.href;
  });
  form.addEventListener("reset", () => {
    clearTimeout(timer);
    setTimeout(() => run(""), 0);
    input.focus();
  });
  box.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      open(false);
      input.blur();
    }
  });
  toggle?.addEventListener("change", () => {
    if (toggle.checked) setTimeout(() => input.focus(), 50);
  });
  box.dataset.tkValmis = ""; // set up (tests and measurements wait for this)
  if (input.value) run(input.value); // typed before this script ran
}

function resultItem(page) {
  const item = document.createElement("li");
  item.className = "md-search-result__item";
  const link = document.createElement("a");
  link.className = "md-search-result__link";
  link.href = page.url;
  const article = document.createElement("article");
  article.className = "md-search-result__article md-search-result__article--document md-typeset";
  const icon = document.createElement("div");
  icon.className = "md-search-result__icon md-icon";
  const title = document.createElement("h1");
  title.textContent = page.section ? `${page.title} › ${page.section}` : page.title;
  const text = document.createElement("p");
  if (page.excerpt) text.append(...excerptNodes(page.excerpt));
  else text.textContent = page.description;
  article.append(icon, title);
  if (page.document) {
    const where = document.createElement("p");
    where.className = "tk-haku-asiakirja";
    where.textContent = `Löytyi tuotoksen asiakirjasta: ${page.document}`;
    article.append(where);
  }
  article.append(text);
  link.append(article);
  item.append(link);
  return item;
}

// ---------------------------------------------------------------------------------------------
// The knowledge bank's facets: dimension, municipality or organisation, theme, type, year and
// material, with a text query and an order. Output pages carry these as Pagefind filters and
// sort keys (templates/output.md.j2), so the outputs are found in the index and listed here,
// BANK_PAGE at a time, in place of the page's own list; each choice shows how many outputs it
// leaves. The address's query string keeps the choices. Without JavaScript the form stays hidden,
// and the page's list and its numbered pages hold every output.

const BANK_PAGE = 50;
const FACETS = ["ulottuvuus", "kunta", "teema", "tyyppi", "vuosi", "aineisto"];
const OUTPUT_RECORDS = { laji: "tuotos" };
// The orders of the list (the select "jarjestys"): Pagefind's sort keys of output pages.
const ORDERS = { "": { nimi: "asc" }, vuosi: { vuosi: "asc" }, uusin: { vuosi: "desc" } };
const NO_MUNICIPALITY = "-";
const MATERIAL = { on: "Tuotokset, joilla on aineistoa", ei: "Tuotokset ilman aineistoa" };
// Where the facets no longer sit side by side (Material's tablet width, as tiekartta.css).
const NARROW_SCREEN = "(max-width: 59.984375em)";

/** Pages of ranked results, `count` more at a time (fragments are loaded only for what is shown). */
function pagesOf(results) {
  let next = 0;
  return async (count) => {
    const batch = results.slice(next, next + count);
    next += batch.length;
    return (await Promise.all(batch.map((r) => r.data()))).map((data) => ({
      url: pageUrl(data),
      title: data.meta.title || data.url,
      filters: data.filters || {},
    }));
  };
}

/** The facets' choices (routes.BANK_CHOICES) into the selects; names of the values for the list. */
function fillChoices(form, choices) {
  const select = (name) => form.querySelector(`select[name="${name}"]`);
  const option = (value, text) => {
    const o = new Option(text, value);
    o.dataset.nimi = text;
    return o;
  };
  for (const s of form.querySelectorAll("select[data-tk-kaikki]")) s.append(option("", s.dataset.tkKaikki));
  for (const project of choices.hankkeet) {
    const group = document.createElement("optgroup");
    group.label = project.nimi;
    group.append(...project.ulottuvuudet.map((d) => option(d.tunniste, d.nimi)));
    select("ulottuvuus").append(group);
  }
  select("kunta").append(...choices.kunnat.map((m) => option(m.tunniste, m.nimi)));
  if (choices.ilman_kuntaa) select("kunta").append(option(NO_MUNICIPALITY, "Lähde ei nimeä kuntaa"));
  select("teema").append(...choices.teemat.map((t) => option(t.tunniste, t.nimi)));
  select("tyyppi").append(...choices.tyypit.map((t) => option(t.arvo, t.nimi)));
  select("vuosi").append(...choices.vuodet.map((y) => option(String(y), String(y))));
  select("aineisto").append(...Object.entries(MATERIAL).map(([value, text]) => option(value, text)));
  // A facet the content gives no values for (no output has a type, say) is left out.
  for (const field of form.querySelectorAll("[data-tk-jos]")) {
    const value = choices[field.dataset.tkJos];
    field.hidden = Array.isArray(value) ? !value.length : !value;
  }
  return {
    hanke: new Map(choices.hankkeet.map((p) => [p.tunniste, p.nimi])),
    kunta: new Map(choices.kunnat.map((m) => [m.tunniste, m.nimi])),
  };
}

async function setUpBankFilters(form) {
  const status = document.querySelector("[data-tk-suodatin-tulos]");
  const holder = document.querySelector("[data-tk-suodatin-tuotokset]");
  const ownList = document.querySelector("[data-tk-pankki-lista]");
  const fields = [...form.querySelectorAll("[name]")];
  const facets = FACETS.map((name) => form.querySelector(`select[name="${name}"]`)).filter(Boolean);
  const order = form.querySelector('select[name="jarjestys"]');
  const all = Number(form.dataset.tkTuotoksia);
  let names;
  try {
    const response = await fetch(new URL(form.dataset.tkValinnat, document.baseURI));
    if (!response.ok) throw new Error(response.statusText);
    names = fillChoices(form, await response.json());
    // Pagefind counts a filter's values only once it has loaded that filter: all of them, first.
    await (await pagefind()).filters();
  } catch (error) {
    console.error(error); // the page's own list stays, without the facets
    status.textContent = "";
    return;
  }
  const list = document.createElement("ul");
  list.className = "tk-tuotokset";
  const more = document.createElement("button");
  more.type = "button";
  more.className = "md-button";
  more.textContent = "Näytä lisää";
  more.hidden = true;
  holder.append(list, more);
  let timer = 0;
  let latest = 0;
  let current = null; // what the list shows: { found, next, note }

  const read = () => Object.fromEntries(fields.map((f) => [f.name, f.value.trim()]));
  const filtersOf = (chosen, except) => {
    const filters = { ...OUTPUT_RECORDS };
    for (const name of FACETS) if (chosen[name] && name !== except) filters[name] = chosen[name];
    return filters;
  };

  async function find(chosen) {
    const filters = filtersOf(chosen);
    const hasQuery = queryWords(chosen.q).length > 0;
    // With a query and no order chosen, the best matches first; otherwise the chosen order.
    const sort = hasQuery && !chosen.jarjestys ? undefined : ORDERS[chosen.jarjestys] || ORDERS[""];
    if (hasQuery) {
      const found = await search(chosen.q, { filters, sort });
      return { found: found.response.results.length, next: pagesOf(found.response.results),
               note: searchedNote(found), term: found.used.join(" ") || null };
    }
    const response = await (await pagefind()).search(null, { filters, sort });
    return { found: response.results.length, next: pagesOf(response.results), note: "", term: null };
  }

  /** How many outputs each choice of each facet leaves, with the other facets' choices. */
  async function counts(chosen, term) {
    const pf = await pagefind();
    await Promise.all(facets.map(async (select) => {
      const response = await pf.search(term, { filters: filtersOf(chosen, select.name) });
      const of = response.filters?.[select.name] || {};
      for (const o of select.options) {
        if (!o.value) continue;
        const n = of[o.value] || 0;
        o.textContent = `${o.dataset.nimi} (${n})`;
        o.disabled = n === 0 && o.value !== select.value;
        o.dataset.maara = String(n);
      }
    }));
  }

  function item(page) {
    const li = document.createElement("li");
    const link = document.createElement("a");
    link.href = page.url;
    link.textContent = page.title;
    li.append(link);
    const about = [];
    const project = (page.filters.hanke || [])[0];
    if (project && names.hanke.has(project)) about.push(names.hanke.get(project));
    const municipality = (page.filters.kunta || []).find((id) => id !== NO_MUNICIPALITY);
    if (municipality && names.kunta.has(municipality)) about.push(names.kunta.get(municipality));
    if (about.length) {
      const tag = document.createElement("span");
      tag.className = "tk-tuotos-tiedot";
      tag.textContent = about.join(" · ");
      li.append(" ", tag);
    }
    return li;
  }

  function report() {
    const shown = list.children.length;
    const { found, note } = current;
    const everything = all === 1 ? "1 tuotos." : `Kaikki ${all} tuotosta.`;
    let text = found === all && !note ? everything : `Näytetään ${found} / ${all} tuotoksesta${note}.`;
    if (shown < found) text += ` Listassa ${shown} ensimmäistä.`;
    status.textContent = text;
    more.hidden = shown >= found;
    form.dataset.tulos = String(found);
    form.dataset.naytetty = String(shown);
  }

  async function apply() {
    const mine = ++latest;
    const chosen = read();
    const params = new URLSearchParams(Object.entries(chosen).filter(([, v]) => v));
    history.replaceState(null, "", params.size ? `?${params}` : location.pathname);
    // The same choices again (the text field's change event after its input events, when the
    // reader tabs on): the list stays as it is, and so does the reader's place in it.
    // data-valinnat: the choices the list answers, as the address's query string.
    if (params.toString() === form.dataset.valinnat) return;
    const first = order.options[0];
    first.textContent = queryWords(chosen.q).length ? first.dataset.tkHakusanalla : "Nimen mukaan";
    let result;
    let pages;
    try {
      result = await find(chosen);
      pages = await result.next(BANK_PAGE);
      await counts(chosen, result.term);
    } catch (error) {
      if (mine !== latest) return;
      console.error(error);
      current = null;
      delete form.dataset.valinnat;
      list.replaceChildren();
      more.hidden = true;
      holder.hidden = true;
      if (ownList) ownList.hidden = false;
      status.textContent = "Haku ei ole juuri nyt käytettävissä. Alla ovat kaikki tuotokset nimen mukaan.";
      return;
    }
    if (mine !== latest) return; // newer choices are on their way
    current = result;
    list.replaceChildren(...pages.map(item));
    holder.hidden = false;
    if (ownList) ownList.hidden = true;
    report();
    form.dataset.valinnat = params.toString();
  }

  more.addEventListener("click", async () => {
    const mine = latest;
    more.disabled = true;
    try {
      const pages = await current.next(BANK_PAGE);
      if (mine !== latest) return;
      const items = pages.map(item);
      list.append(...items);
      report();
      // The button goes when all are shown: the reader continues from the first new output.
      if (more.hidden) items[0]?.querySelector("a").focus();
    } catch (error) {
      console.error(error);
      status.textContent = "Lisää tuotoksia ei juuri nyt saatu ladattua. Kokeile uudelleen.";
    } finally {
      more.disabled = false;
    }
  });

  const params = new URLSearchParams(location.search);
  for (const field of fields) {
    const value = params.get(field.name);
    if (value && (field.tagName !== "SELECT" || [...field.options].some((o) => o.value === value))) {
      field.value = value;
    }
  }
  // On a phone the facets stay under their summary unless the address chose some.
  const narrowing = form.querySelector("[data-tk-rajaus]");
  if (narrowing) {
    narrowing.open = !matchMedia(NARROW_SCREEN).matches || fields.some((field) => field.name !== "q" && field.value);
  }
  form.addEventListener("input", (event) => {
    clearTimeout(timer);
    timer = setTimeout(apply, event.target.tagName === "SELECT" ? 0 : DEBOUNCE_MS);
  });
  form.addEventListener("change", () => {
    clearTimeout(timer);
    apply();
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    apply();
  });
  form.addEventListener("reset", () => setTimeout(apply, 0));
  form.hidden = false;
  form.dataset.valinnat = "\u0000"; // nothing listed yet: the first apply lists every output
  apply();
}

const headerSearch = document.querySelector("[data-tk-haku]");
if (headerSearch) setUpHeaderSearch(headerSearch);
const bankFilters = document.querySelector("[data-tk-suodatin]");
if (bankFilters) setUpBankFilters(bankFilters);
