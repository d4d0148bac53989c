// The review page: every element is built with textContent; the state comes from JSON.
(() => {
  "use strict";
  const token = new URLSearchParams(location.search).get("token");
  let S = JSON.parse(document.getElementById("state").textContent);
  let at = 0; // index into S.pending
  let draft = null; // the current item as edited: {entry, quoteStart, quoteEnd}
  let mode = "browse"; // browse | edit | exclude
  const $ = (id) => document.getElementById(id);

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  const current = () => S.pending[at] || null;

  function freshDraft() {
    const item = current();
    if (!item) return null;
    return {
      entry: JSON.parse(JSON.stringify(item.entry)),
      quoteStart: item.quote_start,
      quoteEnd: item.quote_end,
    };
  }

  // ------------------------------------------------------------ the article
  function renderArticle() {
    const text = S.text;
    const item = current();
    const cuts = new Set([0, text.length]);
    S.mentions.forEach((m) => { cuts.add(m.start); cuts.add(m.end); });
    if (item) {
      [draft.quoteStart, draft.quoteEnd, item.sentence[0], item.sentence[1]].forEach((c) => cuts.add(c));
    }
    const offsets = [...cuts].sort((a, b) => a - b);
    const article = $("article");
    article.replaceChildren();
    let next = 0;
    for (let i = 0; i + 1 < offsets.length; i++) {
      const a = offsets[i], b = offsets[i + 1];
      if (a === b) continue;
      const span = el("span", "", text.slice(a, b));
      span.dataset.start = String(a);
      while (next < S.mentions.length && S.mentions[next].end <= a) next++;
      const m = S.mentions[next];
      if (m && m.start <= a && b <= m.end) {
        span.classList.add("mention", m.status);
        span.dataset.mention = m.id;
        if (item && m.id === item.mention) span.classList.add("current");
      }
      if (item && item.sentence[0] <= a && b <= item.sentence[1]) span.classList.add("sentence");
      if (item && draft.quoteStart <= a && b <= draft.quoteEnd) span.classList.add("quote");
      article.appendChild(span);
    }
    const shown = article.querySelector(".current");
    if (shown) shown.scrollIntoView({ block: "center" });
  }

  // ------------------------------------------------------------ the panel
  function renderCount() {
    $("count").textContent = `${S.reviewed} of ${S.total} reviewed · ${S.pending.length} waiting`;
    $("title").textContent = `antlens review: ${S.source_id}`;
  }

  function fieldNames(entry, action) {
    if (action === "exclusion") return ["quote", "occurrence", "reason"];
    const names = [...S.fields];
    Object.keys(entry).forEach((k) => { if (!names.includes(k)) names.push(k); });
    return names;
  }

  function renderItem() {
    const box = $("item");
    box.replaceChildren();
    const item = current();
    if (!item) {
      box.appendChild(el("p", "done", "Every number is reviewed. Run `antlens build` to check the whole repository."));
      return;
    }
    const head = el("p");
    head.appendChild(el("span", `badge ${item.action}`, item.action === "claim" ? "suggested claim" : "suggested exclusion"));
    head.appendChild(document.createTextNode(` ${at + 1} of ${S.pending.length} waiting · `));
    head.appendChild(el("strong", "number", item.number));
    head.appendChild(document.createTextNode(` (${item.kind}, ${item.mention})`));
    box.appendChild(head);
    if (item.along.length) {
      box.appendChild(el("p", "note", `Its quote holds its period, decided with it: ${item.along.join(", ")}.`));
    }
    if (item.unit_addition) {
      box.appendChild(el("p", "note", `The words count “${item.unit_addition}”, a unit the vocabulary lacks: add it to schemas/vocabularies.yaml to use it.`));
    }
    const form = el("form");
    form.id = "fields";
    form.addEventListener("submit", (event) => { event.preventDefault(); accept(); });
    fieldNames(draft.entry, item.action).forEach((name) => form.appendChild(fieldRow(name)));
    box.appendChild(form);
  }

  function fieldRow(name) {
    const row = el("label", "field");
    row.appendChild(el("span", "", name));
    const value = name === "quote" ? quoteText() : draft.entry[name];
    let input;
    if (S.choices[name]) {
      input = el("select");
      const options = [...S.choices[name]];
      if (value !== undefined && value !== null && !options.includes(String(value))) options.push(String(value));
      options.forEach((option) => {
        const o = el("option", "", option === "" ? "(none)" : option);
        o.value = option;
        input.appendChild(o);
      });
      input.value = value === undefined || value === null ? "" : String(value);
    } else {
      input = el("input");
      input.type = "text";
      input.value = value === undefined || value === null ? "" :
        typeof value === "object" ? JSON.stringify(value) : String(value);
    }
    input.name = name;
    input.id = `field-${name}`;
    if (name === "quote") input.readOnly = true; // the quote is chosen in the text: [ ] { } w
    input.addEventListener("change", () => { draft.entry[name] = parsed(name, input.value); });
    row.appendChild(input);
    return row;
  }

  function parsed(name, raw) {
    const words = raw.trim();
    if (words === "") return null;
    if (name === "value") return Number.isNaN(Number(words)) ? words : Number(words);
    if (name === "occurrence") return Number.parseInt(words, 10);
    if (name === "scale" && !Number.isNaN(Number(words))) return Number(words);
    if (words.startsWith("{") || words.startsWith("[")) {
      try { return JSON.parse(words); } catch (error) { return words; }
    }
    return words;
  }

  function readForm() {
    document.querySelectorAll("#fields input, #fields select").forEach((input) => {
      if (input.name !== "quote") draft.entry[input.name] = parsed(input.name, input.value);
    });
    const entry = {};
    Object.entries(draft.entry).forEach(([k, v]) => { if (v !== null && v !== undefined && k !== "occurrence") entry[k] = v; });
    entry.quote = quoteText();
    const occurrence = occurrenceOf(draft.quoteStart, draft.quoteEnd);
    if (occurrence) entry.occurrence = occurrence;
    if (current().action === "claim") {
      const order = ["claim_id", "quote", "occurrence"];
      return Object.fromEntries([...order.filter((k) => k in entry).map((k) => [k, entry[k]]),
        ...Object.entries(entry).filter(([k]) => !order.includes(k))]);
    }
    return entry;
  }

  const quoteText = () => S.text.slice(draft.quoteStart, draft.quoteEnd);

  function occurrenceOf(start, end) {
    const words = S.text.slice(start, end);
    let count = 0, index = 0, from = S.text.indexOf(words);
    while (from !== -1) {
      count++;
      if (from === start) index = count;
      from = S.text.indexOf(words, from + 1);
    }
    return count > 1 ? index : null;
  }

  function renderReasons() {
    const box = $("reasons");
    box.replaceChildren();
    box.appendChild(el("p", "", "Exclude: press a number for a common reason, or type one and press Enter (Esc cancels)."));
    const list = el("ol");
    S.reasons.forEach((reason) => list.appendChild(el("li", "", reason)));
    box.appendChild(list);
    const input = el("input");
    input.id = "reason";
    const item = current();
    const suggested = item && item.action === "exclusion" ? item.entry.reason : "";
    input.placeholder = suggested ? `Enter: ${suggested}` : "Why this number is no statement";
    box.appendChild(input);
  }

  function renderHelp() {
    const box = $("help");
    box.replaceChildren();
    const lines = [
      ["j / k", "next / previous number"], ["a or Enter", "accept the suggestion as shown"],
      ["x", "exclude (then 1–9 for a common reason, or type one)"], ["e", "edit the fields (Esc to stop, Enter to accept)"],
      ["s", "skip for now"], ["[ / ]", "widen the quote by a word to the left / right"],
      ["{ / }", "narrow the quote by a word from the left / right"], ["w", "quote the words selected in the text"],
      ["r", "reload the annotation file"], ["?", "show or hide this help"],
    ];
    const list = el("dl");
    lines.forEach(([keys, what]) => { list.appendChild(el("dt", "", keys)); list.appendChild(el("dd", "", what)); });
    box.appendChild(list);
  }

  function render() {
    if (at >= S.pending.length) at = Math.max(S.pending.length - 1, 0);
    draft = freshDraft();
    renderCount();
    renderArticle();
    renderItem();
    document.body.dataset.ready = "1";
  }

  function showProblems(problems) {
    const box = $("problems");
    box.replaceChildren();
    (problems || []).forEach((p) => {
      const row = el("div", "problem");
      row.dataset.kind = p.kind;
      row.appendChild(el("b", "", `${p.kind}: ${p.message}`));
      if (p.where) row.appendChild(el("div", "", p.where));
      if (p.expected) row.appendChild(el("div", "", `expected: ${p.expected}`));
      if (p.found) row.appendChild(el("div", "", `found: ${p.found}`));
      if (p.fix) row.appendChild(el("div", "", `fix: ${p.fix}`));
      box.appendChild(row);
    });
  }

  // ------------------------------------------------------------ talking to the server
  async function post(path, body) {
    document.body.dataset.busy = "1";
    try {
      const response = await fetch(path, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Review-Token": token },
        body: JSON.stringify(body),
      });
      const data = await response.json();
      if (data.state) S = data.state;
      showProblems(data.problems);
      return data;
    } catch (error) {
      showProblems([{ kind: "no-connection", message: "the review server did not answer; nothing was saved" }]);
      return {};
    } finally {
      delete document.body.dataset.busy;
    }
  }

  async function decide(body, done) {
    const mention = current().mention;
    const data = await post("/api/decide", { sha256: S.sha256, mention, ...body });
    $("status").textContent = data.saved ? `Saved: ${done}` : data.problems ? "Not saved: see the problem below." : "";
    if (data.saved) { mode = "browse"; $("reasons").hidden = true; }
    render();
  }

  function accept() {
    const item = current();
    if (!item) return;
    const entry = readForm();
    const done = item.action === "claim" ? `claim ${entry.claim_id}` : `exclusion of ${item.number}`;
    decide({ action: "accept", entry }, done);
  }

  function exclude(reason) {
    const item = current();
    if (!item) return;
    const entry = { quote: quoteText() };
    const occurrence = occurrenceOf(draft.quoteStart, draft.quoteEnd);
    if (occurrence) entry.occurrence = occurrence;
    if (item.action === "claim" && draft.quoteStart === item.quote_start && draft.quoteEnd === item.quote_end) {
      entry.quote = item.number; // a claim's clause would exclude its neighbours too
      const own = occurrenceOf(item.start, item.end);
      if (own) entry.occurrence = own; else delete entry.occurrence;
    }
    decide({ action: "exclude", reason, entry }, `exclusion of ${item.number}`);
  }

  async function reload() {
    const data = await post("/api/reload", {});
    $("status").textContent = data.state ? "Reloaded the annotation file." : "";
    render();
  }

  // ------------------------------------------------------------ the quote
  function moveQuote(side, widen) {
    const item = current();
    if (!item) return;
    const [low, high] = item.sentence;
    const text = S.text;
    let { quoteStart: start, quoteEnd: end } = draft;
    if (side === "left" && widen) {
      while (start > low && /\s/.test(text[start - 1])) start--;
      while (start > low && !/\s/.test(text[start - 1])) start--;
    } else if (side === "right" && widen) {
      while (end < high && /\s/.test(text[end])) end++;
      while (end < high && !/\s/.test(text[end])) end++;
    } else if (side === "left") {
      let s = start;
      while (s < item.start && !/\s/.test(text[s])) s++;
      while (s < item.start && /\s/.test(text[s])) s++;
      start = s;
    } else {
      let e = end;
      while (e > item.end && !/\s/.test(text[e - 1])) e--;
      while (e > item.end && /\s/.test(text[e - 1])) e--;
      end = e;
    }
    draft.quoteStart = Math.min(start, item.start);
    draft.quoteEnd = Math.max(end, item.end);
    refreshQuote();
  }

  function quoteSelection() {
    const item = current();
    const selection = window.getSelection();
    if (!item || !selection || selection.rangeCount === 0 || selection.isCollapsed) return;
    const range = selection.getRangeAt(0);
    const offset = (node, within) => {
      const span = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
      return span && span.dataset && span.dataset.start ? Number(span.dataset.start) + within : null;
    };
    const start = offset(range.startContainer, range.startOffset);
    const end = offset(range.endContainer, range.endOffset);
    if (start === null || end === null) return;
    draft.quoteStart = Math.max(Math.min(start, item.start), item.sentence[0]);
    draft.quoteEnd = Math.min(Math.max(end, item.end), item.sentence[1]);
    selection.removeAllRanges();
    refreshQuote();
  }

  function refreshQuote() {
    renderArticle();
    const input = $("field-quote");
    if (input) input.value = quoteText();
    const occurrence = $("field-occurrence");
    if (occurrence) occurrence.value = occurrenceOf(draft.quoteStart, draft.quoteEnd) || "";
  }

  // ------------------------------------------------------------ keys
  function move(step) {
    if (!S.pending.length) return;
    at = (at + step + S.pending.length) % S.pending.length;
    $("status").textContent = "";
    showProblems([]);
    render();
  }

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || document.body.dataset.busy) return;
    const typing = event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement;
    if (mode === "exclude") {
      if (event.key === "Escape") { mode = "browse"; $("reasons").hidden = true; event.preventDefault(); return; }
      const number = Number.parseInt(event.key, 10);
      if (!typing || event.target.id !== "reason" || !event.target.value) {
        if (number >= 1 && number <= S.reasons.length) { event.preventDefault(); exclude(S.reasons[number - 1]); return; }
      }
      if (event.key === "Enter") { event.preventDefault(); exclude($("reason").value.trim()); }
      return;
    }
    if (typing) {
      if (event.key === "Escape") { event.target.blur(); mode = "browse"; event.preventDefault(); }
      else if (event.key === "Enter") { event.preventDefault(); event.target.blur(); mode = "browse"; accept(); }
      return;
    }
    const actions = {
      j: () => move(1), k: () => move(-1), s: () => move(1), a: accept, Enter: accept,
      x: () => { if (!current()) return; mode = "exclude"; renderReasons(); $("reasons").hidden = false; $("reason").focus(); },
      e: () => { const first = document.querySelector("#fields input:not([readonly]), #fields select"); if (first) { mode = "edit"; first.focus(); } },
      "[": () => moveQuote("left", true), "]": () => moveQuote("right", true),
      "{": () => moveQuote("left", false), "}": () => moveQuote("right", false),
      w: quoteSelection, r: reload,
      "?": () => { renderHelp(); $("help").hidden = !$("help").hidden; },
    };
    if (actions[event.key]) { event.preventDefault(); actions[event.key](); }
  });

  render();
})();
