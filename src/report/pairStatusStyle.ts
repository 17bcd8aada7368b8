/**
 * How each pair status looks, shared by the SVG picture (edges, legend) and the HTML page (badges), so the
 * page and the picture never disagree. Colours are distinguishable for the common colour-vision
 * deficiencies by lightness as well as hue; `missing` is also dashed, so it reads without colour.
 */
import type { PairStatus } from './auditReport.js';

export interface PairStatusStyle {
  readonly colour: string;
  readonly label: string;
  /** SVG `stroke-dasharray`, when the edge is dashed. */
  readonly dash?: string;
}

export const PAIR_STATUS_STYLE: Readonly<Record<PairStatus, PairStatusStyle>> = {
  connected: { colour: '#2e7d32', label: 'connected' },
  initiated: { colour: '#e0a800', label: 'initiated' },
  notInSync: { colour: '#ef6c00', label: 'not in sync' },
  disconnected: { colour: '#c62828', label: 'disconnected' },
  missing: { colour: '#9e9e9e', label: 'missing', dash: '6 5' },
};
