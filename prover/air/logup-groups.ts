// Which LogUp interactions share an aux column, and the degree that costs.
//
// A column holding t = sum_{i in G} m_i / fp_i is constrained by
//   t · prod_i fp_i - sum_i m_i · prod_{j != i} fp_j = 0,
// of degree max(1 + sum_i deg fp_i, max_i (deg m_i + sum_{j != i} deg fp_j)). Every
// interaction merged into another's column saves one extension column (4 committed
// cells per row), but a higher AIR degree costs quotient chunks (max(1, d - 1), 4 cells
// each). So we try each degree budget from the AIR's own degree up to the cap, group
// first-fit under it, and keep the budget with the fewest aux + quotient cells (ties:
// the lower degree, which is also cheaper to evaluate).

/** Degrees of one interaction's fingerprint and multiplicity. */
export type TermDegrees = { fp: number; m: number };

export type Grouping = {
  /** Interaction indices per aux column, each ascending; columns ordered by first member. */
  groups: number[][];
  /** Max degree of the AIR's constraints after lowering (own, term and sum constraints). */
  maxDegree: number;
};

/** Degree of the constraint of a column holding the terms of `ds`. */
export function groupDegree(ds: readonly TermDegrees[]): number {
  const fpSum = ds.reduce((s, d) => s + d.fp, 0);
  return Math.max(1 + fpSum, ...ds.map((d) => d.m + fpSum - d.fp));
}

/** First-fit: each interaction joins the first column whose constraint stays within budget. */
export function groupUnder(ds: readonly TermDegrees[], budget: number): number[][] {
  const groups: number[][] = [];
  ds.forEach((d, i) => {
    const fit = groups.find((g) => groupDegree([...g.map((k) => ds[k]), d]) <= budget);
    if (fit) fit.push(i);
    else groups.push([i]);
  });
  return groups;
}

const quotientCells = (degree: number) => 4 * Math.max(1, degree - 1);

/**
 * The grouping with the fewest aux + quotient cells per row. ownDegree: the AIR's own
 * constraints' max degree; cap: how far pairing may raise it (never lowered below what
 * single terms need). The running-sum constraints have degree 2.
 */
export function chooseGrouping(ds: readonly TermDegrees[], ownDegree: number, cap: number): Grouping {
  const base = Math.max(ownDegree, 2, ...ds.map((d) => groupDegree([d])));
  let best: Grouping | null = null;
  let bestCells = Infinity;
  for (let budget = base; budget <= Math.max(base, cap); budget++) {
    const groups = groupUnder(ds, budget);
    const maxDegree = Math.max(base, ...groups.map((g) => groupDegree(g.map((k) => ds[k]))));
    const cells = 4 * (groups.length + 1) + quotientCells(maxDegree);
    if (cells < bestCells) { best = { groups, maxDegree }; bestCells = cells; }
  }
  return best!;
}
