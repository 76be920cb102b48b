// The site's offline search: queries the index that crates/search writes next to this
// file (idx/), ranks, and shows results with highlighted excerpts. No request leaves the
// site's origin; no inline script, no eval, no WebAssembly (CSP `script-src 'self'`).
//
// normalize / terms / hash / synonym groups / citation terms must stay identical to
// crates/search/src/tokenize.rs and synonyms.rs: crates/search/tests/parity.rs runs both
// on the same strings. The index format is the serde types of crates/search/src/format.rs.

const isHan = (cp) =>
  (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0xf900 && cp <= 0xfaff);

export function normalizeChar(ch) {
  const cp = ch.codePointAt(0);
  if (cp >= 0xff01 && cp <= 0xff5e) ch = String.fromCodePoint(cp - 0xfee0);
  else if (cp === 0x3000) ch = ' ';
  return ch >= 'A' && ch <= 'Z' ? ch.toLowerCase() : ch;
}

const DIGITS = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const MAGNITUDES = { 十: 10, 百: 100, 千: 1000, 万: 10000, 亿: 100000000 };
const COUNTERS = '个天年月日期次倍元块笔张周岁家条号位份成项步';
const NUMBER_MAX = 1e15;
const isNumeral = (c) => c in DIGITS || c in MAGNITUDES;
const isDigit = (c) => c >= '0' && c <= '9';

/** The value of a run of Chinese numerals when it is a number, else null. */
function numeralValue(run) {
  let result = 0;
  let section = 0;
  let number = null;
  let lastMagnitude = 0;
  let zero = false;
  for (const c of run) {
    if (c in DIGITS) {
      if (number !== null) return null;
      if (DIGITS[c] === 0) zero = true;
      else number = DIGITS[c];
      continue;
    }
    const m = MAGNITUDES[c];
    let n = number;
    number = null;
    if (n === null) {
      if (c === '十') n = 1;
      else if (m >= 10000) n = 0;
      else return null;
    }
    if (m >= 10000) {
      const sec = section + n;
      result = m === 10000 ? result + sec * m : (result + sec) * m;
      section = 0;
    } else {
      section += n * m;
    }
    if (result > NUMBER_MAX || section > NUMBER_MAX) return null;
    lastMagnitude = m;
    zero = false;
  }
  let n = number ?? 0;
  const last = run[run.length - 1];
  if (last in DIGITS && DIGITS[last] > 0 && !zero && lastMagnitude >= 100) n *= lastMagnitude / 10;
  const v = result + section + n;
  return v <= NUMBER_MAX ? v : null;
}

/** `digits` ("15", "1.5") times `m` when a whole number, else null. */
function scaled(digits, m) {
  const [whole, frac = ''] = digits.split('.');
  if (whole.length > 15 || frac.length > 8) return null;
  let v = BigInt(whole) * BigInt(m);
  if (frac) {
    const scale = 10n ** BigInt(frac.length);
    const part = BigInt(frac) * BigInt(m);
    if (part % scale !== 0n) return null;
    v += part / scale;
  }
  return v <= BigInt(NUMBER_MAX) ? v : null;
}

/**
 * `text` as the tokenizer reads it (normalizeChar, numbers written one way: see
 * tokenize.rs `normalize_mapped`): {chars, from}, `from[i]` the index of the input
 * character that chars[i] comes from.
 */
export function normalize(text) {
  const c = Array.from(text, normalizeChar);
  const chars = [];
  const from = [];
  const push = (s, at) => {
    for (const ch of s) {
      chars.push(ch);
      from.push(at);
    }
  };
  let i = 0;
  while (i < c.length) {
    if (c[i] in DIGITS || c[i] === '十') {
      let j = i + 1;
      while (j < c.length && isNumeral(c[j])) j++;
      const run = c.slice(i, j);
      const hasMagnitude = run.some((x) => x in MAGNITUDES);
      const counted =
        j - i === 1 && ((j < c.length && COUNTERS.includes(c[j])) || (i > 0 && c[i - 1] === '第'));
      if (hasMagnitude || counted) {
        const v = numeralValue(run);
        if (v !== null) {
          push(String(v), i);
          i = j;
          continue;
        }
      }
      for (let k = i; k < j; k++) push(c[k], k);
      i = j;
      continue;
    }
    if (isDigit(c[i]) && (i === 0 || c[i - 1] !== '.')) {
      let j = i;
      while (j < c.length && isDigit(c[j])) j++;
      let k = j;
      if (k + 1 < c.length && c[k] === '.' && isDigit(c[k + 1])) {
        k++;
        while (k < c.length && isDigit(c[k])) k++;
      }
      const m = MAGNITUDES[c[k]];
      if (m >= 1000) {
        const v = scaled(c.slice(i, k).join(''), m);
        if (v !== null) {
          push(String(v), i);
          i = k + 1;
          continue;
        }
      }
      for (let x = i; x < j; x++) push(c[x], x);
      i = j;
      continue;
    }
    push(c[i], i);
    i++;
  }
  return { chars, from };
}

function cls(ch) {
  const cp = ch.codePointAt(0);
  if (isHan(cp)) return 1;
  if (ch >= 'a' && ch <= 'z') return 2;
  if (ch >= '0' && ch <= '9') return 3;
  return 0;
}

/** Terms of normalized characters with their [start, end) positions in them. */
function normalizedSpans(chars) {
  const out = [];
  let i = 0;
  while (i < chars.length) {
    const k = cls(chars[i]);
    let j = i + 1;
    while (j < chars.length && cls(chars[j]) === k) j++;
    if (k === 1) {
      for (let p = i; p + 1 < j; p++) out.push([chars[p] + chars[p + 1], p, p + 2]);
    } else if (k !== 0) {
      out.push([chars.slice(i, j).join(''), i, j]);
    }
    i = j;
  }
  return out;
}

/** Terms of `text` with their [start, end) positions in code points of `text`. */
export function termSpans(text) {
  const { chars, from } = normalize(text);
  const n = Array.from(text).length;
  return normalizedSpans(chars).map(([t, s, e]) => [t, from[s], e < from.length ? from[e] : n]);
}

export const terms = (text) => normalizedSpans(normalize(text).chars).map((t) => t[0]);

/**
 * For each synonym group (`groups`, members normalized) met in normalized characters
 * `chars`: [group index, occurrences, spans]. Occurrences of one group do not overlap;
 * at each place the longest member counts (as synonyms.rs counts them in articles).
 */
export function groupHits(chars, groups) {
  const out = [];
  groups.forEach((members, g) => {
    const ms = members.map((m) => Array.from(m));
    let count = 0;
    const spans = [];
    let p = 0;
    while (p < chars.length) {
      let best = 0;
      for (const m of ms) {
        if (m.length > best && m.every((ch, k) => chars[p + k] === ch)) best = m.length;
      }
      if (best > 0) {
        count++;
        spans.push([p, p + best]);
        p += best;
      } else p++;
    }
    if (count > 0) out.push([g, count, spans]);
  });
  return out;
}

/** The index term of synonym group `members`: `~` and its first member. */
export const groupTerm = (members) => '~' + members[0];

const utf8 = new TextEncoder();
export function hash(term) {
  let h = 0x811c9dc5;
  for (const b of utf8.encode(term)) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** `§676` for "676条"/"第676条", `§民法典676` for "民法典第676条" or "民法典 676". */
export function citationTerms(query, laws) {
  const q = normalize(query).chars.join('').replace(/[《》]/g, '');
  const out = new Set();
  for (const m of q.matchAll(/第?\s*(\d+)\s*条/g)) out.add('§' + m[1]);
  for (const law of laws) {
    let at = q.indexOf(law);
    while (at >= 0) {
      const m = /^\s*第?\s*(\d+)/.exec(q.slice(at + law.length));
      if (m) {
        out.add('§' + m[1]);
        out.add('§' + law + m[1]);
      }
      at = q.indexOf(law, at + 1);
    }
  }
  return [...out];
}

/** A bigram ending in a sentence-final particle (还吗, 办呢): the tail of a typed question,
 * not a word of it; the query does not look for it. */
const PARTICLE = /^\p{Script=Han}[吗呢吧啊呀]$/u;

/**
 * The terms a query looks for: one slot per term, a synonym group met in the query one
 * slot (its group term) that replaces the terms inside the member; and the terms to
 * highlight (the query's, and every member's of the groups met).
 */
export function querySlots(query, meta) {
  const { chars } = normalize(query);
  const spans = normalizedSpans(chars);
  const slots = [];
  const inGroup = new Set();
  const highlight = new Set();
  for (const [g, , at] of groupHits(chars, meta.syn)) {
    slots.push(groupTerm(meta.syn[g]));
    // Terms inside the member belong to the group's slot; a bigram reaching into it
    // from outside is the junk across two words ("贷逾" of 网贷逾期): both are left out.
    spans.forEach(([, s, e], i) => {
      if (at.some(([a, b]) => s < b && e > a)) inGroup.add(i);
    });
    for (const w of meta.syn[g]) for (const t of terms(w)) highlight.add(t);
  }
  spans.forEach(([t], i) => {
    highlight.add(t);
    if (!inGroup.has(i) && !PARTICLE.test(t) && !slots.includes(t)) slots.push(t);
  });
  for (const t of citationTerms(chars.join(''), meta.laws)) if (!slots.includes(t)) slots.push(t);
  return { slots, highlight: [...highlight] };
}

/** How much a query covered by a document's title, keywords or tags adds: the score of a
 * document whose title holds the whole query is multiplied by 1 + TITLE_BONUS. */
const TITLE_BONUS = 2;

/**
 * A searcher over an index; `loadJson(path)` resolves a path under idx/ ("meta.json",
 * "t/1f.json", "d/3.json") to its parsed JSON.
 */
export function createSearcher(loadJson) {
  let meta = null;
  let lengths = null;
  const cache = new Map();
  const load = (p) => {
    if (!cache.has(p)) {
      const v = meta ? `?v=${meta.version}` : '';
      const pr = loadJson(p + v);
      pr.catch(() => cache.delete(p));
      cache.set(p, pr);
    }
    return cache.get(p);
  };
  const getMeta = async () => {
    if (!meta) {
      meta = await loadJson('meta.json');
      // Body lengths, one byte a document: 2^(q/scale) - 1 terms (format.rs, quantize).
      const q = atob(meta.len);
      lengths = new Float64Array(q.length);
      for (let i = 0; i < q.length; i++) lengths[i] = 2 ** (q.charCodeAt(i) / meta.rank.scale) - 1;
    }
    return meta;
  };

  /**
   * Ranked matches: [{doc, score}], best first; plus the terms to highlight.
   *
   * BM25F from the stored statistics (meta.rank: k1, b on the body's length, the field
   * weights): each slot's postings give per-field term frequencies, its document
   * frequency gives the idf. A document's sum is multiplied by the square of the share of
   * the query it covers, and by one plus TITLE_BONUS times the share its title, keywords
   * or tags cover (each slot counting one): a title that answers most of the question
   * beats a body that repeats its common words.
   */
  async function rank(query) {
    const m = await getMeta();
    const { slots, highlight } = querySlots(query, m);
    const visible = highlight.filter((t) => !t.startsWith('§') && !t.startsWith('~'));
    if (slots.length === 0) return { hits: [], terms: visible };
    const shards = await Promise.all(
      slots.map((t) => load(`t/${(hash(t) % m.shards).toString(16)}.json`)),
    );
    const { k1, b, w, bits, titled_from: titledFrom } = m.rank;
    const shift = bits.map((_, f) => bits.slice(0, f).reduce((a, x) => a + x, 0));
    const mask = bits.map((x) => 2 ** x - 1);
    const n = m.docs;
    const avg = m.avg || 1;
    const filled = new Map();
    slots.forEach((t, i) => {
      let list = shards[i][t];
      if (!list) return;
      let df = list.length / 2;
      if (!Array.isArray(list)) {
        df = list.n;
        list = list.p;
      }
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      const weight = t.startsWith('§') ? 2 : 1;
      let doc = 0;
      for (let k = 0; k < list.length; k += 2) {
        doc += list[k];
        const x = list[k + 1];
        let tf = (w[0] * (x & mask[0])) / (1 - b + (b * lengths[doc]) / avg);
        let titled = false;
        for (let f = 1; f < w.length; f++) {
          const v = Math.floor(x / 2 ** shift[f]) & mask[f];
          tf += w[f] * v;
          if (v && f >= titledFrom) titled = true;
        }
        let d = filled.get(doc);
        if (!d) {
          d = { s: 0, got: 0, titled: 0 };
          filled.set(doc, d);
        }
        d.s += (weight * idf * tf * (k1 + 1)) / (k1 + tf);
        d.got += 1;
        if (titled) d.titled += 1;
      }
    });
    const total = slots.length;
    const hits = [];
    for (const [doc, d] of filled) {
      const cover = d.got / total;
      hits.push({ doc, score: d.s * cover * cover * (1 + TITLE_BONUS * (d.titled / total)) });
    }
    hits.sort((a, b) => b.score - a.score || a.doc - b.doc);
    return { hits, terms: visible };
  }

  /** Loads one result's document: {u, t, c, b}, from the file of meta.dshard documents. */
  const doc = async (id) => {
    const per = (await getMeta()).dshard;
    const shard = await load(`d/${Math.floor(id / per)}.json`);
    return shard[id % per];
  };

  return { rank, doc, meta: getMeta };
}

/** Marks where `termSet` matches in `text`: a boolean per code point. */
function marks(text, termSet) {
  const n = Array.from(text).length;
  const on = new Uint8Array(n);
  for (const [t, s, e] of termSpans(text)) if (termSet.has(t)) on.fill(1, s, e);
  return on;
}

const esc = (s) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

/** HTML of `chars[from, to)` with marked runs in <mark>. */
function markedHtml(chars, on, from, to) {
  let html = '';
  let i = from;
  while (i < to) {
    let j = i + 1;
    while (j < to && on[j] === on[i]) j++;
    const s = esc(chars.slice(i, j).join(''));
    html += on[i] ? `<mark>${s}</mark>` : s;
    i = j;
  }
  return html;
}

/** Title HTML with matches marked. */
export function highlight(text, termList) {
  const chars = Array.from(text);
  return markedHtml(chars, marks(text, new Set(termList)), 0, chars.length);
}

/** An excerpt of about `width` characters around the densest matches, as HTML. */
export function excerpt(body, termList, width = 110) {
  const chars = Array.from(body.replace(/\s+/g, ' ').trim());
  const on = marks(chars.join(''), new Set(termList));
  let best = 0;
  let bestAt = 0;
  let sum = 0;
  for (let i = 0; i < chars.length; i++) {
    sum += on[i];
    if (i >= width) sum -= on[i - width];
    if (sum > best) {
      best = sum;
      bestAt = Math.max(0, i - width + 1);
    }
  }
  // Start a little before the first match of the window, at a sentence start if near.
  let from = bestAt;
  if (best > 0) {
    while (from < chars.length && !on[from]) from++;
    const floor = Math.max(0, from - 30);
    let s = from;
    while (s > floor && !/[。！？；\n]/.test(chars[s - 1])) s--;
    from = s > floor ? s : floor;
  }
  const to = Math.min(chars.length, from + width);
  return (from > 0 ? '…' : '') + markedHtml(chars, on, from, to) + (to < chars.length ? '…' : '');
}

// ---------------------------------------------------------------- the search page

const PAGE = 10;

function setupPage() {
  const root = document.getElementById('search-page');
  if (!root) return;
  const form = root.querySelector('form');
  const input = document.getElementById('search-q');
  const status = document.getElementById('search-status');
  const list = document.getElementById('search-results');
  const idx = new URL('idx/', import.meta.url);
  const searcher = createSearcher((p) =>
    fetch(new URL(p, idx)).then((r) => {
      if (!r.ok) throw new Error(`${r.status} ${p}`);
      return r.json();
    }),
  );
  const tagsLink = root.dataset.tags;
  let seq = 0;
  let shown = 0;
  let current = null;

  async function render(from) {
    const mine = seq;
    const { hits, terms: ts } = current;
    const slice = hits.slice(from, from + PAGE);
    const docs = await Promise.all(slice.map((h) => searcher.doc(h.doc)));
    if (mine !== seq) return;
    list.querySelector('.search-more')?.remove();
    for (const d of docs) {
      const li = document.createElement('li');
      li.className = 'search-result';
      li.dataset.url = d.u;
      li.innerHTML =
        `<a class="search-result-title" href="${esc(d.u)}">${highlight(d.t, ts)}</a>` +
        `<span class="search-result-category">${esc(d.c)}</span>` +
        `<p class="search-result-excerpt">${excerpt(d.b, ts)}</p>`;
      list.append(li);
    }
    shown = from + slice.length;
    if (shown < hits.length) {
      const li = document.createElement('li');
      li.className = 'search-more';
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = `显示更多（还有 ${hits.length - shown} 篇）`;
      b.addEventListener('click', () => render(shown));
      li.append(b);
      list.append(li);
    }
  }

  async function run(q) {
    const mine = ++seq;
    q = q.trim();
    status.dataset.state = 'busy';
    if (!q) {
      list.replaceChildren();
      status.textContent = '';
      status.dataset.state = 'done';
      return;
    }
    status.textContent = '正在搜索…';
    try {
      const r = await searcher.rank(q);
      if (mine !== seq) return;
      current = r;
      list.replaceChildren();
      if (r.hits.length === 0 && r.terms.length === 0 && !/\d/.test(q)) {
        status.textContent = '请至少输入两个字，例如“征信”“起诉”“罚息”。';
      } else if (r.hits.length === 0) {
        status.innerHTML =
          `没有找到和“${esc(q)}”相关的文章。可以换一个说法、用更短的词（例如“征信”“起诉”）` +
          (tagsLink ? `，或<a href="${esc(tagsLink)}">按标签浏览</a>。` : '。');
      } else {
        status.textContent = `找到 ${r.hits.length} 篇相关文章`;
        await render(0);
      }
    } catch (e) {
      if (mine !== seq) return;
      status.textContent = `搜索索引加载失败（${e.message}），请刷新页面重试。`;
    }
    if (mine === seq) status.dataset.state = 'done';
  }

  let timer = 0;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const u = new URL(location.href);
      u.searchParams.set('q', input.value);
      history.replaceState(null, '', u);
      run(input.value);
    }, 200);
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    clearTimeout(timer);
    const u = new URL(location.href);
    u.searchParams.set('q', input.value);
    history.replaceState(null, '', u);
    run(input.value);
  });
  const q = new URLSearchParams(location.search).get('q');
  if (q) {
    input.value = q;
    run(q);
  } else {
    status.dataset.state = 'done';
  }
}

if (typeof document !== 'undefined') setupPage();
