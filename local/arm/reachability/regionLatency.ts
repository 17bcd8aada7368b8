/**
 * Round-trip times between Azure regions for connectivity checks: a fixed table of region positions and a
 * fibre rule of thumb (2 ms + 0.022 ms per km of great-circle distance), so London ↔ Madrid is about 30 ms
 * and a VNet-local probe 1 ms. Deterministic: the same pair always gives the same figures.
 */

/** Approximate positions (latitude, longitude) of the regions scenarios use. */
const regions: Record<string, [number, number]> = {
  uksouth: [51.5, -0.1],
  ukwest: [53.4, -3.0],
  spaincentral: [40.4, -3.7],
  westeurope: [52.4, 4.9],
  northeurope: [53.3, -6.3],
  francecentral: [48.9, 2.4],
  germanywestcentral: [50.1, 8.7],
  swedencentral: [60.7, 17.1],
  italynorth: [45.5, 9.2],
  switzerlandnorth: [47.5, 8.6],
  polandcentral: [52.2, 21.0],
  norwayeast: [59.9, 10.7],
  eastus: [37.4, -79.4],
  eastus2: [36.7, -78.4],
  westus: [37.8, -122.4],
  westus2: [47.2, -119.9],
  centralus: [41.6, -93.6],
  southcentralus: [29.4, -98.5],
  canadacentral: [43.7, -79.4],
  brazilsouth: [-23.5, -46.6],
  japaneast: [35.7, 139.8],
  southeastasia: [1.3, 103.8],
  australiaeast: [-33.9, 151.2],
  centralindia: [18.6, 73.9],
};

/** Round trip between two distinct regions the table does not know. */
const unknownPairMs = 40;

function distanceKm([lat1, lon1]: [number, number], [lat2, lon2]: [number, number]): number {
  const rad = Math.PI / 180;
  const a = Math.sin(((lat2 - lat1) * rad) / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(a));
}

/** Average, minimum and maximum round-trip time between two regions, whole milliseconds. */
export function regionRoundTrip(from: string, to: string): { avg: number; min: number; max: number } {
  const a = from.replace(/\s+/g, '').toLowerCase();
  const b = to.replace(/\s+/g, '').toLowerCase();
  const here = regions[a];
  const there = regions[b];
  const avg = a === b ? 1 : here && there ? Math.round(2 + 0.022 * distanceKm(here, there)) : unknownPairMs;
  return { avg, min: Math.max(1, Math.round(avg * 0.9)), max: Math.round(avg * 1.3) + 1 };
}
