// etl's search: the header's link to the shows becomes a search box on every page, and search.html asks
// the Pagefind index (built by `etl build`, fetched in fragments) and lists episodes with the moments
// where the words were said. Without JavaScript the link stays a link and search.html says so.
(() => {
  "use strict";
  const root = new URL("../", document.currentScript.src); // this file is <root>/assets/search.js
  const MOMENTS = 3; // transcript turns shown under each episode
  const PAGE = 10; // results loaded at a time

  const element = (name, attributes = {}, ...children) => {
    const made = document.createElement(name);
    for (const [key, value] of Object.entries(attributes)) made.setAttribute(key, value);
    made.append(...children);
    return made;
  };

  const link = document.querySelector("a[data-search]");
  const form = document.querySelector("form.search-page");
  if (link && form) {
    link.parentElement.remove(); // the search page has its own box
  } else if (link) {
    const input = element("input", { type: "search", name: "q", "aria-label": "Search every episode" });
    input.placeholder = "Search every episode";
    const form = element("form", { role: "search", action: link.dataset.search }, input, element("button", {}, "Search"));
    link.replaceWith(form);
  }

  if (!form) return;
  form.hidden = false;
  document.querySelector(".no-script").hidden = true;
  const query = form.elements.namedItem("q");
  const selects = Array.from(form.querySelectorAll("select[data-filter]"));
  const status = document.querySelector(".status");
  const list = document.querySelector("ol.results");
  const asked = new URLSearchParams(location.search);
  query.value = asked.get("q") || "";

  // Pagefind's excerpts are text in which only <mark> is markup: shown as text nodes and <mark> elements,
  // so no word from a source can become markup here.
  // A turn's excerpt starts with its heading's words, which the result already shows: `heading` is dropped.
  const excerpt = (html, heading = "") => {
    const paragraph = element("p", { class: "excerpt" });
    const decoder = document.createElement("textarea");
    html.split(/(<mark>.*?<\/mark>)/).forEach((piece, n) => {
      const marked = /^<mark>(.*)<\/mark>$/.exec(piece);
      decoder.innerHTML = marked ? marked[1] : piece;
      let text = decoder.value;
      if (n === 0 && heading && text.startsWith(heading)) text = text.slice(heading.length).trimStart();
      paragraph.append(marked ? element("mark", {}, text) : text);
    });
    return paragraph;
  };

  // A turn's heading reads "M:SS Speaker" (or "H:MM:SS Speaker", or just the speaker when untimed).
  const moment = (sub) => {
    const heading = /^\s*(?:(\d+):)?(\d+):(\d\d)\s*(.*)$/.exec(sub.title);
    const page = sub.url.split("#")[0];
    const item = element("li");
    if (heading) {
      const seconds = Number(heading[1] || 0) * 3600 + Number(heading[2]) * 60 + Number(heading[3]);
      const clock = sub.title.trim().split(/\s+/)[0];
      const time = element("time", {}, clock);
      item.append(element("a", { href: `${page}#t=${seconds}` }, "Play from ", time), " ");
      if (heading[4]) item.append(element("span", { class: "speaker" }, heading[4]));
    } else {
      item.append(element("a", { href: sub.url }, element("span", { class: "speaker" }, sub.title)));
    }
    item.append(excerpt(sub.excerpt, sub.title.trim()));
    return item;
  };

  const result = (data) => {
    const title = element("h2", {}, element("a", { href: data.url }, data.meta.title || data.url));
    const facts = [data.meta.show, data.meta.date].filter(Boolean);
    const item = element("li", { class: "result" }, title);
    if (facts.length) item.append(element("p", { class: "meta" }, ...facts.map((fact) => element("span", {}, fact))));
    // The turns that hold the most of the query first (Pagefind lists them in page order), then in page order.
    const turns = data.sub_results
      .filter((sub) => sub.anchor && sub.anchor.id.startsWith("turn-"))
      .map((sub, order) => ({ sub, order, weight: sub.locations.length }))
      .sort((a, b) => b.weight - a.weight || a.order - b.order)
      .map(({ sub }) => sub);
    if (turns.length) {
      item.append(element("ul", { class: "moments" }, ...turns.slice(0, MOMENTS).map(moment)));
    } else {
      item.append(excerpt(data.excerpt));
    }
    return item;
  };

  let pagefind = null;
  let hidden = new Set();
  const load = async () => {
    // pagefind/parts.json lists the bundles: the main one, whose script searches them all, and the pages
    // changed since it was made, whose stale copies in the main one it names (`hide`).
    const listing = await (await fetch(new URL("pagefind/parts.json", root), { cache: "no-cache" })).json();
    const [first, ...others] = listing.parts;
    hidden = new Set(listing.hide || []);
    pagefind = await import(new URL(`pagefind/${first}/pagefind.js`, root).href);
    await pagefind.options({ baseUrl: root.pathname });
    for (const part of others) await pagefind.mergeIndex(`${root.pathname}pagefind/${part}/`, { baseUrl: root.pathname });
  };

  // The filters' values come from the index's filter files, fetched when the listener opens the filters
  // (or the address asks for one): a first search does not pay for them.
  const fieldset = form.querySelector("fieldset.filters");
  let filling = null;
  const fill = () =>
    (filling ||= (async () => {
      await loading;
      const filters = await pagefind.filters();
      for (const select of selects) {
        const values = Object.keys(filters[select.dataset.filter] || {}).sort((a, b) => a.localeCompare(b));
        if (select.dataset.filter === "year") values.reverse();
        for (const value of values) select.append(element("option", { value }, value));
        select.value = asked.get(select.name) || "";
      }
      fieldset.classList.add("filled");
    })());

  let asking = 0;
  const run = async () => {
    const term = query.value.trim();
    const filters = {};
    for (const select of selects) if (select.value) filters[select.dataset.filter] = select.value;
    const params = new URLSearchParams({ q: term, ...filters });
    history.replaceState(null, "", `?${params}`);
    const ask = ++asking;
    if (!term && !Object.keys(filters).length) {
      list.replaceChildren();
      status.textContent = "";
      return;
    }
    const found = await pagefind.search(term || null, { filters });
    const results = found.results.filter((hit) => !hidden.has(hit.id));
    const shown = await Promise.all(results.slice(0, PAGE).map((hit) => hit.data()));
    if (ask !== asking) return; // a newer question was asked meanwhile
    list.replaceChildren(...shown.map(result));
    const count = results.length;
    const words = term ? `“${term}”` : "these filters";
    if (!count) status.textContent = `Nothing matches ${words}.`;
    else if (count > PAGE) status.textContent = `${count} pages match ${words}; the ${PAGE} best are listed.`;
    else status.textContent = `${count} ${count === 1 ? "page matches" : "pages match"} ${words}.`;
  };

  let waiting = null;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run();
  });
  query.addEventListener("input", () => {
    clearTimeout(waiting);
    waiting = setTimeout(run, 250);
  });
  for (const select of selects) {
    select.addEventListener("change", run);
    for (const asking of ["focus", "pointerdown"]) select.addEventListener(asking, fill, { once: true });
  }

  const loading = load();
  const wanted = selects.some((select) => asked.get(select.name));
  (wanted ? loading.then(fill) : loading)
    .then(run)
    .catch(() => {
      status.textContent = "The search index could not be loaded.";
    });
})();
