// The calculator form's behaviour that is layout, not law (issue 22): the theme carries
// it so the WebAssembly module (crates/calc-wasm) only computes. On every calculator
// block (crates/calc/src/html.rs):
// - 「用我的情况计算」 starts the form again from each field's data-default (empty, a
//   default, or the reader's today) with one empty row per list; the choice marked
//   data-keep (who lent, which fee, card_plan) keeps the page's value;
// - 「添加一行」 copies a list's last row, numbered after it; 「删去这一行」 removes one;
// - fields marked data-when="choice=value" show only in that case;
// - the address (its #fragment) follows the form as the reader types (replaceState), so
//   reload, back/forward and a discarded tab restore it; a share link lands on its block,
//   gets the rows it names (an error above the result beyond the limit, never a silent
//   drop) and is highlighted for a moment;
// - 「复制分享链接」 and 「打印结果」 (print rules in style.css print only that block).
// After a change it sends the form an `input` event: the module recomputes. It loads
// before the module (a module script, deferred), which computes once when it starts.
const MAX_ROWS = 1000; // calc::html::MAX_FORM_ROWS

const today = () => {
  const d = new Date();
  const p = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
};
const controls = (form) => [...form.querySelectorAll("input[name], select[name]")];
const say = (section, text) => {
  const s = document.getElementById(section.id + "-error");
  if (s) { s.textContent = text; s.hidden = false; }
};
const changed = (form) => form.dispatchEvent(new Event("input", { bubbles: true }));

// Sets a control: undefined empties an input, unticks a box, keeps a select's choice.
function set(c, v) {
  if (c.type === "checkbox") c.checked = v === "true";
  else if (c.tagName === "SELECT") { if (v !== undefined) c.value = v; }
  else c.value = v === undefined ? "" : v;
}

// A copy of the list's last row, numbered after it and empty; false at the limit.
function addRow(list) {
  const last = [...list.querySelectorAll(".calc-row")].pop();
  const name = last && last.querySelector("[name]")?.name;
  if (!name) return false;
  const [field, n] = name.split(".");
  const m = Number(n) + 1;
  if (!(m < MAX_ROWS)) return false;
  last.insertAdjacentHTML("afterend", last.outerHTML
    .replaceAll(`${field}.${n}`, `${field}.${m}`)
    .replaceAll(`${field}-${n}`, `${field}-${m}`)
    .replaceAll(`第${m}行`, `第${m + 1}行`));
  last.nextElementSibling.querySelectorAll("input[name]").forEach((c) => set(c));
  return true;
}

function ownRows(list) {
  list.querySelectorAll(".calc-row").forEach((row, i) =>
    i ? row.remove() : row.querySelectorAll("input[name]").forEach((c) => set(c)));
}

function showWhen(form) {
  form.querySelectorAll("[data-when]").forEach((f) => {
    const [choice, value] = f.dataset.when.split("=");
    f.hidden = form.elements[choice]?.value !== value;
  });
}

function fragment(section) {
  const q = controls(section.querySelector("form"))
    .filter((c) => c.type !== "hidden" && (c.type !== "checkbox" || c.checked) && c.value.trim())
    .map((c) => encodeURIComponent(c.name) + "=" + encodeURIComponent(c.value));
  return `#${encodeURIComponent(section.id)}?${q.join("&")}`;
}

// The inputs of a share link aimed at this block; true when it was.
function restore(section, form) {
  const [target, query] = location.hash.slice(1).split("?");
  if (query === undefined || decodeURIComponent(target) !== section.id) return false;
  const pairs = query.split("&").filter(Boolean).map((p) => {
    const [k, v = ""] = p.split("=");
    const d = (s) => { try { return decodeURIComponent(s.replace(/\+/g, " ")); } catch { return s; } };
    return [d(k), d(v)];
  });
  let missing = 0;
  for (const [name] of pairs) {
    // A row past the limit is not made (and said, below).
    if (!form.elements[name] && !(Number(name.split(".")[1]) < MAX_ROWS)) { missing++; continue; }
    while (!form.elements[name]) {
      const list = document.getElementById(`${section.id}-${name.split(".")[0]}`);
      if (!list || !list.classList.contains("calc-list") || !addRow(list)) { missing++; break; }
    }
  }
  // A share link carries every filled field: the others are emptied.
  for (const c of controls(form)) {
    if (c.type !== "hidden") set(c, pairs.find(([k]) => k === c.name)?.[1]);
  }
  // Said once the module has computed (its first result would hide it).
  section.dataset.missing = missing;
  return true;
}

function sayMissing(section) {
  const missing = Number(section.dataset.missing);
  if (missing) say(section, `分享链接里有 ${missing} 项没能填入：每个列表最多 ${MAX_ROWS} 行，或链接不完整。请核对上面的数字。`);
}

function share(section) {
  history.replaceState(null, "", fragment(section));
  const field = document.getElementById(section.id + "-share-link");
  const status = document.getElementById(section.id + "-share-status");
  if (!field) return;
  field.parentElement.hidden = false;
  field.value = location.href;
  field.select();
  status.textContent = "请复制上面的链接";
  navigator.clipboard?.writeText(location.href)
    .then(() => { status.textContent = "链接已复制到剪贴板"; }, () => {});
}

function print(section) {
  document.querySelectorAll("[data-print]").forEach((e) => e.removeAttribute("data-print"));
  section.dataset.print = `${decodeURI(location.href)}　打印于 ${today()}`;
  // Every input on paper, 更多选项 included.
  section.querySelectorAll("details").forEach((d) => { d.open = true; });
  window.print();
}

for (const section of document.querySelectorAll("section.calculator")) {
  const form = section.querySelector("form.calc-form");
  if (!form) continue;
  const restored = restore(section, form);
  for (const c of form.querySelectorAll('input[data-default="today"]')) if (!c.value.trim()) c.value = today();
  showWhen(form);
  if (restored) {
    // The inputs are someone's own case now, not the article's example.
    section.dataset.own = "";
    section.dataset.flash = "";
    // Once the module has shown the form.
    new MutationObserver((_, o) => {
      if (form.hidden) return;
      o.disconnect();
      section.scrollIntoView();
      sayMissing(section);
    }).observe(form, { attributes: true });
  }
  // A share link opened on the page already loaded only changes the fragment.
  addEventListener("hashchange", () => {
    if (restore(section, form)) { changed(form); sayMissing(section); }
  });
  const follow = () => { showWhen(form); history.replaceState(null, "", fragment(section)); };
  form.addEventListener("input", follow);
  form.addEventListener("change", follow);
  form.addEventListener("click", (e) => {
    const b = e.target.closest("button");
    if (!b) return;
    const list = b.closest(".calc-list");
    switch (b.className) {
      case "calc-own":
        form.querySelectorAll('input[type="hidden"]').forEach((h) => h.remove());
        form.querySelectorAll(".calc-list").forEach(ownRows);
        for (const c of controls(form)) {
          // The choice that says what the page is about (calc::html::page_subject).
          if (c.hasAttribute("data-keep")) continue;
          const d = c.dataset.default;
          set(c, d === "today" ? today() : d);
        }
        section.dataset.own = "";
        break;
      case "calc-add": addRow(list); break;
      case "calc-remove":
        if (list.querySelectorAll(".calc-row").length > 1) b.parentElement.remove();
        else ownRows(list);
        break;
      case "calc-share": return share(section);
      case "calc-print": return print(section);
      default: return;
    }
    changed(form);
  });
}

// Issue 27: a letter can take a figure of this page's calculators over. The article lists
// those letters (`.letter-carry` links, article.html: data-kind, and data-carry
// `field=figure label;…`); each calculator block of that kind gets its own
// 「用这个结果写信」 link, which opens the letter with the figures the block shows now
// in the letter's address (#letter?field=value: an amount in digits, a date as
// 2027-01-01), read by letter.js. A figure the block does not show is left out.
const carries = [...document.querySelectorAll("a.letter-carry")];
for (const section of document.querySelectorAll("section.calculator")) {
  const mine = carries.filter((a) => a.dataset.kind === section.dataset.kind);
  if (!mine.length) continue;
  const box = document.createElement("p");
  box.className = "calc-letters";
  for (const a of mine) {
    const link = document.createElement("a");
    link.className = "calc-letter";
    link.textContent = `用这个结果写信：${a.textContent}`;
    link.dataset.carry = a.dataset.carry;
    link.href = a.href;
    box.append(link);
  }
  section.querySelector(".calc-actions")?.before(box) ?? section.append(box);
  // The figures are read when the link is followed, so they are the ones on show.
  box.addEventListener("click", (e) => {
    const link = e.target.closest("a.calc-letter");
    if (!link) return;
    const q = [];
    for (const pair of link.dataset.carry.split(";")) {
      const [field, label] = pair.split("=");
      const figure = [...section.querySelectorAll(".calc-figure")]
        .find((f) => f.querySelector("dt")?.textContent.trim() === label);
      // An amount (「13,800.00 元」) as digits; a date (「2027年1月1日起」) as 2027-01-01.
      const shown = figure?.querySelector(".calc-value")?.textContent ?? "";
      const d = shown.match(/(\d{4})年(\d{1,2})月(\d{1,2})日/);
      const v = d ? `${d[1]}-${d[2].padStart(2, "0")}-${d[3].padStart(2, "0")}` : shown.replace(/元|,|\s/g, "");
      if (/^[0-9][0-9.-]*$/.test(v)) q.push(`${encodeURIComponent(field)}=${encodeURIComponent(v)}`);
    }
    link.href = `${link.href.split("#")[0]}#letter?${q.join("&")}`;
  });
}
