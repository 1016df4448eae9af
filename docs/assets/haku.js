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
 * turns the widening off, for comparisons).
 */
export async function search(text, { filters = {}, shorten = true } = {}) {
  const words = queryWords(text);
  if (!words.length) return null;
  const pf = await pagefind();
  let response = await pf.search(words.join(" "), { filters });
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
      response = merged(response, await pf.search(used.join(" "), { filters }));
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

/**
 * An excerpt of the page's own text around its matches (escaped text with <mark>), or null
 * when the query matched only the other forms of the page's words, which are for finding the
 * page, not for reading.
 */
export function ownExcerpt(data, length = EXCERPT_WORDS) {
  const words = (data.raw_content ?? data.content).split(/[\r\n\s]+/g);
  const mark = words.findIndex((word) => word.startsWith(FORMS_MARK));
  const own = mark < 0 ? words.length : mark;
  const locations = (data.weighted_locations || []).filter((l) => l.location < own);
  if (!locations.length) return null;
  const start = Math.max(0, Math.min(densestStart(locations, length), own - length));
  for (const { location } of locations) {
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

/** The best `limit` pages of a response, each with its own excerpt or its description. */
export async function topPages(response, limit = SHOWN) {
  const batch = await Promise.all(response.results.slice(0, limit).map((r) => r.data()));
  return batch.map((data) => {
    const document = foundInDocument(data);
    return {
      url: document ? document.url : pageUrl(data),
      title: data.meta.title || data.url,
      excerpt: ownExcerpt(data),
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
  if (shortened.length) notes.push(`haettu myös sanan alulla: ${shortened.map((w) => `”${w}…”`).join(", ")}`);
  if (found.missing.length) notes.push(`ei osumia sanalle ${found.missing.map((w) => `”${w}”`).join(", ")}`);
  return notes.length ? ` (${notes.join("; ")})` : "";
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
      pages = found ? await topPages(found.response) : [];
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
      : `Ei osumia${searchedNote(found)}. Kokeile toista sanaa tai sanan alkua.`;
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
  title.textContent = page.title;
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
// The knowledge bank's filters: dimension, municipality and theme, with a text query. Output pages
// carry these as Pagefind filters (templates/output.md.j2), so the outputs are found in the index
// and listed here, BANK_PAGE at a time: the bank's HTML lists none of them and stays small however
// many there are. Without JavaScript the form stays hidden, and the page's overview links to the
// pages that list every output.

const BANK_PAGE = 50;
const FACETS = ["ulottuvuus", "kunta", "teema"];
const OUTPUT_RECORDS = { laji: "tuotos" };

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

async function setUpBankFilters(form) {
  const status = document.querySelector("[data-tk-suodatin-tulos]");
  const holder = document.querySelector("[data-tk-suodatin-tuotokset]");
  const fields = [...form.querySelectorAll("[name]")];
  const all = Number(form.dataset.tkTuotoksia);
  // The selects' option texts name the filter values: a municipality's name for its id.
  const names = Object.fromEntries(
    [...form.querySelectorAll("select")].map((s) => [s.name, new Map([...s.options].map((o) => [o.value, o.text]))]),
  );
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

  async function find(chosen) {
    const filters = { ...OUTPUT_RECORDS };
    for (const name of FACETS) if (chosen[name]) filters[name] = chosen[name];
    if (queryWords(chosen.q).length) {
      const found = await search(chosen.q, { filters });
      return { found: found.response.results.length, next: pagesOf(found.response.results), note: searchedNote(found) };
    }
    const pf = await pagefind();
    const response = await pf.search(null, { filters });
    return { found: response.results.length, next: pagesOf(response.results), note: "" };
  }

  function item(page) {
    const li = document.createElement("li");
    const link = document.createElement("a");
    link.href = page.url;
    link.textContent = page.title;
    li.append(link);
    const municipality = (page.filters.kunta || []).find((id) => id !== "-");
    if (municipality && names.kunta?.has(municipality)) {
      const tag = document.createElement("span");
      tag.className = "tk-kunta";
      tag.textContent = names.kunta.get(municipality);
      li.append(" ", tag);
    }
    return li;
  }

  function report() {
    const shown = list.children.length;
    const { found, note } = current;
    let text = `Näytetään ${found} / ${all} tuotoksesta${note}.`;
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
    if (!params.size) {
      // Nothing chosen: the page's overview lists the projects. The list appears only on the
      // reader's choice, so nothing moves under the reader while the page loads.
      current = null;
      list.replaceChildren();
      more.hidden = true;
      status.textContent = "";
      form.dataset.tulos = "0";
      form.dataset.naytetty = "0";
      form.dataset.valinnat = "";
      return;
    }
    let result;
    let pages;
    try {
      result = await find(chosen);
      pages = await result.next(BANK_PAGE);
    } catch (error) {
      if (mine !== latest) return;
      console.error(error);
      current = null;
      delete form.dataset.valinnat;
      list.replaceChildren();
      more.hidden = true;
      status.textContent = "Haku ei ole juuri nyt käytettävissä. Tuotokset löytyvät alla olevan yleiskuvan kautta.";
      return;
    }
    if (mine !== latest) return; // newer choices are on their way
    current = result;
    list.replaceChildren(...pages.map(item));
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
  const dimensions = form.querySelector("select[data-tk-vaihtoehdot]");
  let dimensionsLoading = null;
  // The dimensions are many in a large bank: they are loaded when the reader comes to the select
  // (or the address names one), grouped by project.
  const loadDimensions = () => {
    dimensionsLoading ??= fetch(new URL(dimensions.dataset.tkVaihtoehdot, document.baseURI))
      .then((response) => (response.ok ? response.json() : Promise.reject(new Error(response.statusText))))
      .then((projects) => {
        for (const project of projects) {
          const group = document.createElement("optgroup");
          group.label = project.hanke;
          for (const dimension of project.ulottuvuudet) group.append(new Option(dimension.nimi, dimension.tunniste));
          dimensions.append(group);
        }
        names.ulottuvuus = new Map([...dimensions.options].map((o) => [o.value, o.text]));
      })
      .catch((error) => {
        dimensionsLoading = null; // tried again on the next visit to the select
        console.error(error);
      });
    return dimensionsLoading;
  };
  if (dimensions) {
    dimensions.addEventListener("focus", loadDimensions);
    dimensions.addEventListener("pointerdown", loadDimensions);
    if (params.get(dimensions.name)) await loadDimensions();
  }
  for (const field of fields) {
    const value = params.get(field.name);
    if (value && (field.tagName !== "SELECT" || [...field.options].some((o) => o.value === value))) {
      field.value = value;
    }
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
  apply();
}

const headerSearch = document.querySelector("[data-tk-haku]");
if (headerSearch) setUpHeaderSearch(headerSearch);
const bankFilters = document.querySelector("[data-tk-suodatin]");
if (bankFilters) setUpBankFilters(bankFilters);
