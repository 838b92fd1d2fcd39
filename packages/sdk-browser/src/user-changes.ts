import { type CompiledSnapshot, type EvaluationContext, evaluate } from '@flagstaff/evaluator';

/** What each flag serves one user: variant and value, as one comparable string. */
function answers(snapshot: CompiledSnapshot, context: EvaluationContext): Map<string, string> {
  const result = new Map<string, string>();
  for (const key of snapshot.flags.keys()) {
    const { variant, value } = evaluate(snapshot, key, context, null, 'json');
    result.set(key, `${variant}:${JSON.stringify(value)}`);
  }
  return result;
}

/** The flags that answer differently after a snapshot or user change: what a UI must re-render. */
export function userChanges(
  before: CompiledSnapshot,
  beforeContext: EvaluationContext,
  after: CompiledSnapshot,
  afterContext: EvaluationContext,
): string[] {
  const a = answers(before, beforeContext);
  const b = answers(after, afterContext);
  const changed = [...b.keys()].filter((key) => a.get(key) !== b.get(key));
  for (const key of a.keys()) if (!b.has(key)) changed.push(key);
  return changed;
}
