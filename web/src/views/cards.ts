// Data cards under an answer: stock quote with sparkline, generic table, or a plain fact list.
import { h, srOnly, svg } from '../dom';
import { formatDateTime, formatMoney, formatNumber, isoDateTimeAttr, signed } from '../format';
import type { Card, Fact, QuoteCard, SeriesPoint, TableCard } from '../types';

export function renderCard(card: Card | null, facts: Fact[]): HTMLElement | null {
  if (card?.type === 'quote') return quoteCard(card);
  if (card?.type === 'table') return tableCard(card);
  return facts.length > 0 ? factsCard(facts) : null;
}

function quoteCard(card: QuoteCard): HTMLElement {
  const change = Number(card.change) || 0;
  const direction = change > 0 ? 'up' : change < 0 ? 'down' : 'flat';
  const arrow = direction === 'up' ? '\u25B2' : direction === 'down' ? '\u25BC' : '\u25C6';
  const words = direction === 'up' ? 'Up' : direction === 'down' ? 'Down' : 'Unchanged';
  const price = formatMoney(Number(card.price), card.currency);
  const series = (card.series ?? []).filter((p) => Number.isFinite(p?.c) && Number.isFinite(p?.t));

  return h(
    'section',
    { class: 'card quote-card', 'aria-label': `${card.symbol} quote` },
    h(
      'header',
      { class: 'card-head' },
      h(
        'div',
        { class: 'quote-id' },
        h('span', { class: 'quote-symbol' }, card.symbol),
        h('span', { class: 'quote-name' }, card.name ?? ''),
      ),
      card.simulated ? h('span', { class: 'badge badge-sim', title: 'Prices are simulated for demonstration' }, 'Simulated data') : null,
    ),
    h(
      'div',
      { class: 'quote-figures' },
      h('span', { class: 'quote-price' }, price),
      h(
        'span',
        { class: `quote-change ${direction}` },
        h('span', { 'aria-hidden': 'true' }, `${arrow} `),
        srOnly(`${words} `),
        `${signed(change)} (${signed(Number(card.change_pct) || 0)}%)`,
      ),
    ),
    series.length >= 2 ? sparkline(series, card, direction) : null,
    h(
      'p',
      { class: 'card-meta' },
      `Source: ${card.source ?? 'unknown'}`,
      card.as_of ? ' \u00B7 As of ' : '',
      card.as_of ? h('time', { datetime: isoDateTimeAttr(card.as_of) }, formatDateTime(card.as_of)) : null,
    ),
  );
}

function sparkline(series: SeriesPoint[], card: QuoteCard, direction: string): SVGElement {
  const width = 320;
  const height = 72;
  const pad = 4;
  const xs = series.map((p) => p.t);
  const ys = series.map((p) => p.c);
  const [minX, maxX] = [Math.min(...xs), Math.max(...xs)];
  const [minY, maxY] = [Math.min(...ys), Math.max(...ys)];
  const x = (t: number) => pad + ((t - minX) / (maxX - minX || 1)) * (width - 2 * pad);
  const y = (c: number) => height - pad - ((c - minY) / (maxY - minY || 1)) * (height - 2 * pad);
  const points = series.map((p) => `${x(p.t).toFixed(1)},${y(p.c).toFixed(1)}`);
  const line = `M${points.join('L')}`;
  const area = `${line}L${x(maxX).toFixed(1)},${height}L${x(minX).toFixed(1)},${height}Z`;
  const first = series[0];
  const last = series[series.length - 1];
  const label =
    `${card.symbol} price chart from ${formatDateTime(first.t)} to ${formatDateTime(last.t)}: ` +
    `opened ${formatNumber(first.c)}, low ${formatNumber(minY)}, high ${formatNumber(maxY)}, last ${formatNumber(last.c)} ${card.currency ?? ''}`;
  return svg(
    'svg',
    {
      class: `sparkline ${direction}`,
      viewBox: `0 0 ${width} ${height}`,
      preserveAspectRatio: 'none',
      role: 'img',
      'aria-label': label.trim(),
    },
    svg('title', {}, label.trim()),
    svg('path', { class: 'sparkline-area', d: area }),
    svg('path', { class: 'sparkline-line', d: line, 'vector-effect': 'non-scaling-stroke' }),
  );
}

function tableCard(card: TableCard): HTMLElement {
  const columns = card.columns ?? [];
  const rows = card.rows ?? [];
  // A column is numeric (right-aligned, header too) when every non-empty cell is a number.
  const numeric = columns.map((_, i) => {
    const cells = rows.map((row) => row[i]).filter((cell) => cell !== null && cell !== undefined);
    return cells.length > 0 && cells.every((cell) => typeof cell === 'number');
  });
  return h(
    'section',
    { class: 'card table-card', 'aria-label': card.title || 'Data table' },
    h(
      'div',
      { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': card.title || 'Data table' },
      h(
        'table',
        {},
        card.title ? h('caption', {}, card.title) : null,
        h('thead', {}, h('tr', {}, ...columns.map((c, i) => h('th', { scope: 'col', class: numeric[i] ? 'num' : null }, String(c))))),
        h(
          'tbody',
          {},
          ...rows.map((row) =>
            h('tr', {}, ...row.map((cell, i) => h('td', { class: numeric[i] ? 'num' : null }, cellText(cell)))),
          ),
        ),
      ),
    ),
  );
}

function cellText(cell: string | number | null): string {
  if (cell === null || cell === undefined) return '\u2014';
  return typeof cell === 'number' ? formatNumber(cell, Number.isInteger(cell) ? 0 : 2) : String(cell);
}

function factsCard(facts: Fact[]): HTMLElement {
  return h(
    'section',
    { class: 'card facts-card', 'aria-label': 'Key figures' },
    h(
      'dl',
      { class: 'facts' },
      ...facts.flatMap((fact) => [
        h('dt', {}, fact.name),
        h(
          'dd',
          {},
          `${typeof fact.value === 'number' ? formatNumber(fact.value) : fact.value}${unitSuffix(fact.unit)}`,
          fact.source || fact.as_of
            ? h('span', { class: 'fact-meta' }, ` ${[fact.source, fact.as_of ? formatDateTime(fact.as_of) : ''].filter(Boolean).join(' \u00B7 ')}`)
            : null,
        ),
      ]),
    ),
  );
}

function unitSuffix(unit: string | undefined): string {
  if (!unit) return '';
  return unit === '%' ? '%' : ` ${unit}`;
}
