import type { FlagConfig } from '../model.ts';

function prerequisitesOf(flag: FlagConfig): string[] {
  const keys: string[] = [];
  for (const rule of Array.isArray(flag.rules) ? flag.rules : []) {
    for (const c of Array.isArray(rule?.conditions) ? rule.conditions : []) {
      if (c?.op === 'flag' && typeof c.flag === 'string') keys.push(c.flag);
    }
  }
  return keys;
}

/**
 * A cycle through `flag`, or a prerequisite chain below it deeper than `maxDepth`, described for
 * a person; undefined if neither. `others` are the environment's flags (a stored copy of `flag`
 * among them is replaced by `flag`).
 */
export function prerequisiteProblem(
  flag: FlagConfig,
  others: readonly FlagConfig[],
  maxDepth: number,
): string | undefined {
  const byKey = new Map(others.map((f) => [f.key, f]));
  byKey.set(flag.key, flag);
  const depthBelow = new Map<string, number>();
  const onPath: string[] = [];
  let problem: string | undefined;
  const visit = (key: string): number => {
    if (problem) return 0;
    if (onPath.includes(key)) {
      problem = `prerequisites form a cycle: ${[...onPath.slice(onPath.indexOf(key)), key].join(' → ')}`;
      return 0;
    }
    const known = depthBelow.get(key);
    if (known !== undefined) return known;
    const node = byKey.get(key);
    if (!node) return 0;
    onPath.push(key);
    let depth = 0;
    for (const next of prerequisitesOf(node)) depth = Math.max(depth, 1 + visit(next));
    onPath.pop();
    depthBelow.set(key, depth);
    return depth;
  };
  const depth = visit(flag.key);
  if (problem) return problem;
  if (depth > maxDepth)
    return `prerequisites nest ${depth} deep; at most ${maxDepth} (do not nest flags deeply)`;
  return undefined;
}
