import { h, type VNode } from 'preact';
import type { SvgChild, SvgElement } from '../../src/prisma/prisma-svg.js';

function toVNode(node: SvgChild, key?: number): VNode | string {
  if (typeof node === 'string') return node;
  return h(node.tag, { ...node.attrs, key }, ...node.children.map((child, i) => toVNode(child, i)));
}

/**
 * The flow diagram inline in the page: the very tree prisma-svg.ts serialises for the downloads,
 * rendered as preact elements, so every text is escaped by preact and no markup is built by hand.
 */
export function PrismaDiagram({ tree }: { tree: SvgElement }) {
  return toVNode(tree) as VNode;
}
