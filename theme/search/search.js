// The site's offline search: queries the index that crates/search writes next to this
// file (idx/), ranks, and shows results with highlighted excerpts. No request leaves the
// site's origin; no inline script, no eval, no WebAssembly (CSP `script-src 'self'`).
//
// normalize / terms / hash / citation terms must stay identical to
// crates/search/src/tokenize.rs.

const isHan = (cp) =>
  (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0xf900 && cp <= 0xfaff);

export function normalizeChar(ch) {
  const cp = ch.codePointAt(0);
  if (cp >= 0xff01 && cp <= 0xff5e) ch = String.fromCodePoint(cp - 0xfee0);
  else if (cp === 0x3000) ch = ' ';
  return ch >= 'A' && ch <= 'Z' ? ch.toLowerCase() : ch;
}

function cls(ch) {
  const cp = ch.codePointAt(0);
  if (isHan(cp)) return 1;
  if (ch >= 'a' && ch <= 'z') return 2;
  if (ch >= '0' && ch <= '9') return 3;
  return 0;
}

/** Terms of `text` with their [start, end) positions in code points. */
export function termSpans(text) {
  const chars = Array.from(text, normalizeChar);
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

export const terms = (text) => termSpans(text).map((t) => t[0]);

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
  const q = Array.from(query, normalizeChar).join('');
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

/**
 * A searcher over an index; `loadJson(path)` resolves a path under idx/ ("meta.json",
 * "t/1f.json", "d/3.json") to its parsed JSON.
 */
export function createSearcher(loadJson) {
  let meta = null;
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
  const getMeta = async () => (meta ??= await loadJson('meta.json'));

  /**
   * Ranked matches: [{doc, score}], best first; plus the terms to highlight.
   *
   * Each query term is a slot; a synonym group met in the query (meta.syn) makes one slot
   * of the member's terms and the other members' terms, the latter at a lower weight. A
   * document's sum is multiplied by the square of the share of slots it fills.
   */
  async function rank(query) {
    const m = await getMeta();
    const q = Array.from(query, normalizeChar).join('');
    const own = [...new Set([...terms(q), ...citationTerms(q, m.laws)])];
    const slots = []; // [cap, Set of terms]
    const taken = new Set();
    const weight = new Map(own.map((t) => [t, t.startsWith('§') ? 2 : 1]));
    for (const group of m.syn ?? []) {
      const hit = group.filter((w) => q.includes(w));
      if (hit.length === 0) continue;
      const mine = new Set(hit.flatMap(terms));
      const set = new Set(mine);
      for (const w of group) {
        if (hit.includes(w)) continue;
        for (const t of terms(w)) {
          set.add(t);
          if (!weight.has(t)) weight.set(t, 0.6);
        }
      }
      mine.forEach((t) => taken.add(t));
      slots.push([Math.max(1, mine.size), set]);
    }
    for (const t of own) if (!taken.has(t)) slots.push([1, new Set([t])]);
    const all = [...weight.keys()];
    const highlight = all.filter((t) => !t.startsWith('§'));
    if (all.length === 0) return { hits: [], terms: highlight };
    const shards = await Promise.all(
      all.map((t) => load(`t/${(hash(t) % m.shards).toString(16)}.json`)),
    );
    const slotsOf = new Map(all.map((t) => [t, []]));
    slots.forEach(([, set], i) => set.forEach((t) => slotsOf.get(t).push(i)));
    const score = new Map();
    const filled = new Map();
    all.forEach((t, i) => {
      const list = shards[i][t];
      if (!list) return;
      const w = weight.get(t);
      let doc = 0;
      for (let k = 0; k < list.length; k += 2) {
        doc += list[k];
        score.set(doc, (score.get(doc) ?? 0) + w * list[k + 1]);
        let f = filled.get(doc);
        if (!f) filled.set(doc, (f = new Uint16Array(slots.length)));
        for (const s of slotsOf.get(t)) f[s]++;
      }
    });
    const total = slots.reduce((a, [cap]) => a + cap, 0);
    const hits = [];
    for (const [doc, s] of score) {
      const f = filled.get(doc);
      let got = 0;
      slots.forEach(([cap], i) => (got += Math.min(cap, f[i])));
      const cover = got / total;
      hits.push({ doc, score: s * cover * cover });
    }
    hits.sort((a, b) => b.score - a.score || a.doc - b.doc);
    return { hits, terms: highlight };
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
