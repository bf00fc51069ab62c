// Which site the cursor is on: inside a site's text, else on the line a site starts at (the line its lens and
// hover sit on), so `|    response = client.chat…` at column 1 counts as the call. Pure; the editor passes offsets.
import type { OffsetToPosition } from '../core/cache/render';
import type { Span } from '../core/types';

export function siteAt<T extends { site: { span: Span; anchor: Span } }>(sites: readonly T[], offset: number, lines: OffsetToPosition): T | undefined {
  const inside = sites.find((audited) => audited.site.span.start <= offset && offset <= audited.site.span.end);
  if (inside) return inside;
  const line = lines.positionAt(offset).line;
  return sites.find((audited) => lines.positionAt(audited.site.anchor.start).line === line);
}
