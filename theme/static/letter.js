// A letter template's page (issue 27; letter.html): the reader fills the form and sees
// the finished letter as they type. Everything happens here, in the browser: nothing is
// sent anywhere. The letter block and its fields come from the page's JSON
// (`#letter-data`, written by gen from content/letters/<slug>.md):
// - `{name}` is the field's value: money read like the calculators (「2万」「1.5万元」
//   「20,000」, full-width digits; calc::num::Money::parse, mirrored below) and printed
//   「20,000.00元」; a date 「2026年12月6日」; a list 「1. …」 one entry a line;
// - a paragraph using an optional field left empty is left out; one starting `{?flag}`
//   only when that box is ticked; a required field left empty shows 「＿＿＿＿（label）」;
// - the address (#letter?name=value&…) follows the form (replaceState), so reload
//   restores it; a calculator hands a figure over the same way (calc-form.js);
// - 「复制全文」, 「下载」 (a .txt made here, a Blob) and 「打印」 (print CSS in style.css
//   prints the letter alone).
const MAX_FEN = 100000000000000n; // calc::num::MAX_YUAN × 100

const data = JSON.parse(document.getElementById("letter-data").textContent);
const form = document.getElementById("letter-form");
const sheet = document.getElementById("letter-text");
const status = document.getElementById("letter-status");
const fields = new Map(data.fields.map((f) => [f.name, f]));

// calc::num::reader_digits
const readerDigits = (t) => t
  .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xff10 + 48))
  .replace(/[．。]/g, ".").replace(/，/g, ",").replace(/－/g, "-").replace(/\u3000/g, " ");

// calc::num::Money::parse: the amount in 分 (a BigInt), or the reason in Chinese.
function parseMoney(text) {
  let body = readerDigits(text).trim().replace(/元+$/, "").trimEnd();
  const wan = body.endsWith("万");
  if (wan) body = body.slice(0, -1);
  const places = wan ? 6 : 2;
  let b = body.trim().replace(/[, _]/g, "");
  const negative = b.startsWith("-");
  if (negative) b = b.slice(1); else if (b.startsWith("+")) b = b.slice(1);
  const dot = b.indexOf(".");
  const int = dot < 0 ? b : b.slice(0, dot);
  const frac = dot < 0 ? "" : b.slice(dot + 1);
  if (!b || (!int && !frac) || !/^[0-9]*$/.test(int) || !/^[0-9]*$/.test(frac)) {
    return { error: `“${text.trim()}”不是金额：请填金额，例如 20000 或 2万` };
  }
  const f = frac.replace(/0+$/, "");
  if (f.length > places) return { error: "金额最多两位小数（到分）" };
  const i = int.replace(/^0+/, "");
  if (i.length > 15) return { error: "数值过大" };
  const fen = BigInt((i || "0") + f.padEnd(places, "0"));
  if (negative && fen !== 0n) return { error: "不能为负数" };
  if (fen > MAX_FEN) return { error: "数额过大（不超过一万亿元）" };
  return { fen };
}

// 「20,000.00元」 (calc's Money::grouped, with 元).
const yuan = (fen) =>
  `${(fen / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",")}.${(fen % 100n).toString().padStart(2, "0")}元`;

const control = (name) => form.elements[name];
const blank = (f) => `＿＿＿＿（${f.label}）`;

function sayError(f, text) {
  const c = control(f.name);
  const e = document.getElementById(`f-${f.name}-error`);
  e.textContent = text || "";
  e.hidden = !text;
  if (text) c.setAttribute("aria-invalid", "true"); else c.removeAttribute("aria-invalid");
}

// The field's text in the letter, or null when it is empty (or not a valid amount).
function value(f) {
  const c = control(f.name);
  const raw = c.value.trim();
  if (f.kind === "money") {
    if (!raw) { sayError(f, ""); return null; }
    const m = parseMoney(raw);
    sayError(f, m.error);
    return m.error ? null : yuan(m.fen);
  }
  if (!raw) return null;
  if (f.kind === "date") {
    const [y, mo, d] = raw.split("-").map(Number);
    return y && mo && d ? `${y}年${mo}月${d}日` : raw;
  }
  if (f.kind === "list") {
    const items = c.value.split("\n").map((s) => s.trim()).filter(Boolean);
    return items.map((s, i) => `${i + 1}. ${s}`).join("\n");
  }
  return raw;
}

// The block's paragraphs: lines between blank lines (load/letter.rs, `paragraphs`).
const paragraphs = data.template.split("\n").reduce((out, line) => {
  if (!line.trim()) out.push([]); else out[out.length - 1].push(line.trimEnd());
  return out;
}, [[]]).filter((p) => p.length).map((p) => p.join("\n"));

// The letter as it stands: one string a paragraph.
function letter() {
  const values = new Map();
  for (const f of data.fields) if (f.kind !== "flag") values.set(f.name, value(f));
  const out = [];
  for (let p of paragraphs) {
    const marker = p.match(/^\{\?([a-z][a-z0-9_]*)\}\s*/);
    if (marker) {
      if (!control(marker[1])?.checked) continue;
      p = p.slice(marker[0].length);
    }
    let leave = false;
    const text = p.replace(/\{([a-z][a-z0-9_]*)\}/g, (all, name) => {
      const f = fields.get(name);
      if (!f) return all;
      const v = values.get(name);
      if (v !== null) return v;
      if (!f.required) leave = true;
      return blank(f);
    });
    if (!leave) out.push(text);
  }
  return out;
}

const plainText = () => letter().join("\n\n") + "\n";

function show() {
  sheet.replaceChildren(...letter().map((t) => {
    const p = document.createElement("p");
    p.textContent = t;
    return p;
  }));
}

// The state in the address: #letter?name=value&…
function fragment() {
  const q = [...form.elements]
    .filter((c) => c.name && (c.type === "checkbox" ? c.checked : c.value.trim()))
    .map((c) => `${encodeURIComponent(c.name)}=${encodeURIComponent(c.value)}`);
  return q.length ? `#letter?${q.join("&")}` : "#letter";
}

function restore() {
  const [target, query] = location.hash.slice(1).split("?");
  if (target !== "letter" || query === undefined) return;
  const d = (s) => { try { return decodeURIComponent(s.replace(/\+/g, " ")); } catch { return s; } };
  for (const pair of query.split("&").filter(Boolean)) {
    const [k, v = ""] = pair.split("=");
    const c = control(d(k));
    if (!c || !c.name) continue;
    if (c.type === "checkbox") c.checked = v !== "";
    else c.value = d(v);
  }
}

function say(text) { status.textContent = text; }

function copy() {
  const text = plainText();
  const fallback = () => {
    const t = document.createElement("textarea");
    t.value = text;
    t.setAttribute("readonly", "");
    t.style.position = "fixed"; t.style.opacity = "0";
    document.body.append(t);
    t.select();
    const ok = document.execCommand("copy");
    t.remove();
    say(ok ? "已复制全文，可以粘贴到短信、邮件或文档里" : "复制没有成功：请长按上面的文书全文，选择后复制");
  };
  if (navigator.clipboard?.writeText) {
    navigator.clipboard.writeText(text).then(() => say("已复制全文，可以粘贴到短信、邮件或文档里"), fallback);
  } else fallback();
}

function download() {
  // A BOM and CRLF line ends: older Windows Notepad shows the Chinese text right too.
  const blob = new Blob(["\ufeff" + plainText().replace(/\n/g, "\r\n")], { type: "text/plain;charset=utf-8" });
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = `${data.title}.txt`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  say(`已下载「${data.title}.txt」`);
}

restore();
form.hidden = false;
document.getElementById("letter-actions").hidden = false;
document.querySelector(".letter-nojs")?.setAttribute("hidden", "");
show();
const follow = () => { show(); history.replaceState(null, "", fragment()); };
form.addEventListener("input", follow);
form.addEventListener("change", follow);
addEventListener("hashchange", () => { restore(); show(); });
form.querySelector(".letter-clear").addEventListener("click", () => {
  form.reset();
  follow();
  say("已清空");
});
const actions = document.getElementById("letter-actions");
actions.querySelector(".letter-copy").addEventListener("click", copy);
actions.querySelector(".letter-download").addEventListener("click", download);
actions.querySelector(".letter-print").addEventListener("click", () => window.print());
