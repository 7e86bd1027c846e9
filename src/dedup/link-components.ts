/**
 * Ids joined by links into connected components of two or more (union-find: A–B and B–C make one
 * component A, B, C). Each component comes sorted; components are ordered by their smallest id.
 */
export function linkComponents(links: Iterable<{ a: number; b: number }>): number[][] {
  const parent = new Map<number, number>();
  const root = (id: number): number => {
    let top = id;
    while (parent.get(top) !== top) top = parent.get(top)!;
    for (let at = id; at !== top; ) {
      const next = parent.get(at)!;
      parent.set(at, top);
      at = next;
    }
    return top;
  };
  for (const { a, b } of links) {
    if (!parent.has(a)) parent.set(a, a);
    if (!parent.has(b)) parent.set(b, b);
    const ra = root(a);
    const rb = root(b);
    if (ra !== rb) parent.set(Math.max(ra, rb), Math.min(ra, rb));
  }
  const members = new Map<number, number[]>();
  for (const id of parent.keys()) {
    const top = root(id);
    const list = members.get(top);
    if (list === undefined) members.set(top, [id]);
    else list.push(id);
  }
  return [...members.values()].map((ids) => ids.sort((x, y) => x - y)).sort((x, y) => x[0]! - y[0]!);
}
